#pragma once
// The governance reports of `renkei report <kind>` (and the admin web view): each a ReportTable
// built from the registry and the traffic summary, with no I/O of its own.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "broker/core/registry_types.h"
#include "broker/reports/report_table.h"
#include "broker/reports/report_time.h"
#include "broker/reports/traffic_summary.h"

namespace renkei {
class Store;
}

namespace renkei::reports {

enum class ReportKind { kInventory, kUnused, kRefused, kNoLegalBasis, kReviewDue, kFan, kTenants };

struct ReportKindInfo {
  ReportKind kind;
  std::string_view name;     // as typed: "no-legal-basis"
  std::string_view summary;  // one line for --help
};

std::span<const ReportKindInfo> reportKinds();
std::optional<ReportKind> parseReportKind(std::string_view name);

struct ReportInputs {
  RegistrySnapshot registry;
  TrafficSummary traffic;
  // Link id -> when it last became active (from its history), so "unused" does not blame a
  // link activated yesterday for 90 quiet days. Links without an entry are judged on traffic.
  std::map<int64_t, std::string> active_since;
};

ReportInputs makeReportInputs(RegistrySnapshot registry, const std::vector<AuditRecord>& records);
// Registry, the whole audit trail (streamed) and the activation times of active links.
ReportInputs loadReportInputs(Store& store);

struct ReportOptions {
  int days = 90;                  // "unused": no routed exchange for this many days
  TimePoint now = currentTime();  // reports are computed as of this instant (UTC)
};

ReportTable inventoryReport(const ReportInputs& in);
ReportTable unusedReport(const ReportInputs& in, const ReportOptions& options);
ReportTable refusedReport(const ReportInputs& in);
ReportTable noLegalBasisReport(const ReportInputs& in);
ReportTable reviewDueReport(const ReportInputs& in, const ReportOptions& options);
ReportTable fanReport(const ReportInputs& in);
ReportTable tenantsReport(const ReportInputs& in);
ReportTable buildReport(ReportKind kind, const ReportInputs& in, const ReportOptions& options);

// True for a legal basis nobody has really filled in: empty, only dashes or question marks,
// or a placeholder word ("未定", "TBD", "なし", "N/A", ...).
bool isPlaceholderLegalBasis(std::string_view legal_basis);

// The refused report's registered-link cell: "#5 proposed" when a link with exactly this key
// exists (a pending approval, not a call nobody asked for), else "none".
std::string registeredLinkCell(const RegistrySnapshot& registry, const RefusedGroup& group);

// Links in inventory order: sender's tenant, sender, receiver, service, version, id.
std::vector<const Link*> linksInInventoryOrder(const RegistrySnapshot& registry);

}  // namespace renkei::reports
