#include "broker/reports/governance_reports.h"

#include <algorithm>
#include <array>
#include <tuple>

#include "broker/core/tenant_code.h"
#include "broker/registry/legal_basis.h"
#include "broker/reports/report_cells.h"

namespace renkei::reports {

namespace {

constexpr std::array<ReportKindInfo, 7> kKinds = {{
    {ReportKind::kInventory, "inventory",
     "every link with its purpose, legal basis, owner, status and traffic"},
    {ReportKind::kUnused, "unused", "active links with no routed exchange for --days N (90)"},
    {ReportKind::kRefused, "refused",
     "refused attempts, grouped, with counts and first/last seen: the would-be spaghetti"},
    {ReportKind::kNoLegalBasis, "no-legal-basis",
     "links whose legal basis is empty or a placeholder (-, 未定, TBD)"},
    {ReportKind::kReviewDue, "review-due",
     "links past their review date, and active links without one"},
    {ReportKind::kFan, "fan", "per unit: fan-out and fan-in by active links and by traffic"},
    {ReportKind::kTenants, "tenants", "per tenant: units, links by status, exchanges, refusals"},
}};

std::string crossTenantCell(const Link& link) { return link.cross_tenant ? "yes" : "no"; }

}  // namespace

std::span<const ReportKindInfo> reportKinds() { return kKinds; }

std::optional<ReportKind> parseReportKind(std::string_view name) {
  for (const auto& info : kKinds) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

bool isPlaceholderLegalBasis(std::string_view legal_basis) {
  static const LegalBasisPlaceholders kDefault;
  return kDefault.isPlaceholder(legal_basis);
}

std::vector<const Link*> linksInInventoryOrder(const RegistrySnapshot& registry) {
  std::vector<const Link*> links;
  for (const auto& link : registry.links) links.push_back(&link);
  std::sort(links.begin(), links.end(), [](const Link* a, const Link* b) {
    return std::forward_as_tuple(tenantOfUnit(a->sender), a->sender, a->receiver, a->service_name,
                                 a->service_version, a->id) <
           std::forward_as_tuple(tenantOfUnit(b->sender), b->sender, b->receiver, b->service_name,
                                 b->service_version, b->id);
  });
  return links;
}

ReportTable inventoryReport(const ReportInputs& in) {
  ReportTable table;
  table.title = "Link inventory";
  table.columns = {"id",           "status",         "sender",      "receiver",   "service",
                   "purpose_code", "purpose_name",   "legal_basis", "valid_from", "valid_to",
                   "cross_tenant", "data_items",     "department",  "vendor",     "approver",
                   "review_date",  "note",           "routed",      "failed",     "refused",
                   "last_seen",    "mean_latency_us"};
  table.numeric_columns = {"id", "routed", "failed", "refused", "mean_latency_us"};
  for (const Link* link : linksInInventoryOrder(in.registry)) {
    LinkUsage usage;
    if (auto it = in.traffic.links.find(link->id); it != in.traffic.links.end()) usage = it->second;
    table.rows.push_back({cell(link->id),
                          linkStatusName(link->status),
                          link->sender,
                          link->receiver,
                          serviceCell(*link),
                          link->purpose_code,
                          link->purpose_name,
                          link->legal_basis,
                          link->valid_from,
                          link->valid_to,
                          crossTenantCell(*link),
                          link->data_items,
                          link->department,
                          link->vendor,
                          link->approver,
                          link->review_date,
                          link->note,
                          cell(usage.routed),
                          cell(usage.failed),
                          cell(usage.refused),
                          usage.last_seen,
                          usage.routed ? cell(usage.meanLatencyUs()) : ""});
  }
  table.notes.push_back(std::to_string(in.registry.links.size()) + " links; traffic from " +
                        std::to_string(in.traffic.records) + " audit records");
  return table;
}

ReportTable noLegalBasisReport(const ReportInputs& in) {
  ReportTable table;
  table.title = "Links without a legal basis";
  table.columns = {"id",           "status",      "sender",     "receiver", "service",
                   "purpose_code", "legal_basis", "department", "vendor"};
  table.numeric_columns = {"id"};
  for (const Link* link : linksInInventoryOrder(in.registry)) {
    // A retired link carries nothing any more; every other status can still be (re)activated.
    if (link->status == LinkStatus::kRetired || !isPlaceholderLegalBasis(link->legal_basis)) {
      continue;
    }
    table.rows.push_back({cell(link->id), linkStatusName(link->status), link->sender,
                          link->receiver, serviceCell(*link), link->purpose_code, link->legal_basis,
                          link->department, link->vendor});
  }
  table.notes.push_back("retired links are left out; placeholders count as missing");
  return table;
}

ReportTable reviewDueReport(const ReportInputs& in, const ReportOptions& options) {
  ReportTable table;
  table.title = "Links due for review";
  table.columns = {"id",           "status",     "sender",      "receiver",     "service",
                   "purpose_code", "department", "review_date", "days_overdue", "problem"};
  table.numeric_columns = {"id", "days_overdue"};
  const auto today = jstToday(options.now);
  struct Due {
    int rank;  // overdue, then unreadable, then missing: the order in which to act
    std::string review_date;
    const Link* link;
    std::string days;
    std::string problem;
  };
  std::vector<Due> due;
  for (const Link* link : linksInInventoryOrder(in.registry)) {
    if (link->status == LinkStatus::kRetired) continue;
    if (link->review_date.empty()) {
      // Only a link that carries data now must have a date; a proposal gets one on approval.
      if (link->status == LinkStatus::kActive) due.push_back({2, "", link, "", "missing"});
      continue;
    }
    const auto date = parseIsoDate(link->review_date);
    if (!date || link->review_date.size() != 10) {
      due.push_back({1, link->review_date, link, "", "unreadable"});
    } else if (*date < today) {
      due.push_back({0, link->review_date, link, cell((today - *date).count()), "overdue"});
    }
  }
  std::stable_sort(due.begin(), due.end(), [](const Due& a, const Due& b) {
    return std::tie(a.rank, a.review_date) < std::tie(b.rank, b.review_date);
  });
  for (const auto& d : due) {
    table.rows.push_back({cell(d.link->id), linkStatusName(d.link->status), d.link->sender,
                          d.link->receiver, serviceCell(*d.link), d.link->purpose_code,
                          d.link->department, d.review_date, d.days, d.problem});
  }
  table.notes.push_back("today (JST): " + formatIsoDate(today));
  return table;
}

ReportTable buildReport(ReportKind kind, const ReportInputs& in, const ReportOptions& options) {
  switch (kind) {
    case ReportKind::kInventory:
      return inventoryReport(in);
    case ReportKind::kUnused:
      return unusedReport(in, options);
    case ReportKind::kRefused:
      return refusedReport(in);
    case ReportKind::kNoLegalBasis:
      return noLegalBasisReport(in);
    case ReportKind::kReviewDue:
      return reviewDueReport(in, options);
    case ReportKind::kFan:
      return fanReport(in);
    case ReportKind::kTenants:
      return tenantsReport(in);
  }
  return {};
}

}  // namespace renkei::reports
