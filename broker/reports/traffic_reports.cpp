// The reports that read the audit trail: unused links, refused attempts, fan-in/fan-out and the
// per-tenant summary. (Declared in governance_reports.h with the registry-only ones.)
#include <algorithm>
#include <tuple>

#include "broker/reports/governance_reports.h"
#include "broker/reports/report_cells.h"

namespace renkei::reports {

std::string registeredLinkCell(const RegistrySnapshot& registry, const RefusedGroup& group) {
  for (const auto& link : registry.links) {
    if (link.sender == group.sender && link.receiver == group.receiver &&
        serviceCell(link) == group.service && link.purpose_code == group.purpose) {
      return "#" + std::to_string(link.id) + " " + linkStatusName(link.status);
    }
  }
  return "none";
}

ReportTable unusedReport(const ReportInputs& in, const ReportOptions& options) {
  ReportTable table;
  table.title = "Unused links";
  table.columns = {"id",           "sender",     "receiver",    "service",
                   "purpose_code", "department", "last_routed", "idle_days"};
  table.numeric_columns = {"id", "idle_days"};
  const TimePoint cutoff = options.now - std::chrono::days{options.days};
  struct Idle {
    const Link* link;
    std::string last_routed;
    std::optional<TimePoint> idle_since;
  };
  std::vector<Idle> idle;
  for (const Link* link : linksInInventoryOrder(in.registry)) {
    if (link->status != LinkStatus::kActive) continue;
    std::string last_routed;
    if (auto it = in.traffic.links.find(link->id); it != in.traffic.links.end()) {
      last_routed = it->second.last_routed;
    }
    // Quiet since the latest of: last routed exchange, activation, start of validity. A link
    // that could not have carried traffic for the whole window is not "unused" yet.
    std::optional<TimePoint> since;
    auto consider = [&](const std::string& text) {
      if (auto t = parseIsoTimestamp(text); t && (!since || *t > *since)) since = t;
    };
    consider(last_routed);
    if (auto it = in.active_since.find(link->id); it != in.active_since.end()) consider(it->second);
    consider(link->valid_from);
    if (since && *since >= cutoff) continue;
    idle.push_back({link, last_routed, since});
  }
  // Longest idle first; never-routed links with no known start lead, as the least defensible.
  std::stable_sort(idle.begin(), idle.end(), [](const Idle& a, const Idle& b) {
    if (a.idle_since.has_value() != b.idle_since.has_value()) return !a.idle_since.has_value();
    return a.idle_since && *a.idle_since < *b.idle_since;
  });
  for (const auto& i : idle) {
    const std::string days =
        i.idle_since
            ? cell(std::chrono::floor<std::chrono::days>(options.now - *i.idle_since).count())
            : "";
    table.rows.push_back({cell(i.link->id), i.link->sender, i.link->receiver, serviceCell(*i.link),
                          i.link->purpose_code, i.link->department,
                          i.last_routed.empty() ? "never" : i.last_routed, days});
  }
  table.notes.push_back("active links with no routed exchange since " + formatIsoTimestamp(cutoff) +
                        " (" + std::to_string(options.days) + " days before " +
                        formatIsoTimestamp(options.now) + ")");
  return table;
}

ReportTable refusedReport(const ReportInputs& in) {
  ReportTable table;
  table.title = "Refused attempts";
  table.columns = {"sender", "receiver",   "service",   "purpose",        "fault_code",
                   "count",  "first_seen", "last_seen", "registered_link"};
  table.numeric_columns = {"count"};
  int64_t total = 0;
  for (const auto& group : in.traffic.refused) {
    total += group.count;
    table.rows.push_back({group.sender, group.receiver, group.service, group.purpose,
                          group.fault_code, cell(group.count), group.first_seen, group.last_seen,
                          registeredLinkCell(in.registry, group)});
  }
  table.notes.push_back(std::to_string(total) + " refused attempts in " +
                        std::to_string(in.traffic.refused.size()) + " groups; " +
                        std::to_string(in.traffic.records) + " audit records read");
  return table;
}

ReportTable fanReport(const ReportInputs& in) {
  ReportTable table;
  table.title = "Fan-out and fan-in per unit";
  table.columns = {"unit",          "name",
                   "links_out",     "link_partners_out",
                   "links_in",      "link_partners_in",
                   "exchanges_out", "traffic_partners_out",
                   "exchanges_in",  "traffic_partners_in"};
  table.numeric_columns = {"links_out",        "link_partners_out",  "links_in",
                           "link_partners_in", "exchanges_out",      "traffic_partners_out",
                           "exchanges_in",     "traffic_partners_in"};
  for (const auto& fan : in.traffic.units) {
    table.rows.push_back(
        {fan.unit, fan.name, cell(fan.active_links_out), cell(fan.link_partners_out),
         cell(fan.active_links_in), cell(fan.link_partners_in), cell(fan.exchanges_out),
         cell(fan.traffic_partners_out), cell(fan.exchanges_in), cell(fan.traffic_partners_in)});
  }
  table.notes.push_back(
      "links: active links; exchanges: routed and failed (refused ones are in "
      "`renkei report refused`)");
  return table;
}

ReportTable tenantsReport(const ReportInputs& in) {
  ReportTable table;
  table.title = "Tenants";
  table.columns = {"tenant",    "units",    "links",
                   "active",    "approved", "proposed",
                   "suspended", "retired",  "cross_tenant_links",
                   "routed",    "failed",   "refused"};
  table.numeric_columns = {"units",    "links",     "active",  "approved",
                           "proposed", "suspended", "retired", "cross_tenant_links",
                           "routed",   "failed",    "refused"};
  for (const auto& t : in.traffic.tenants) {
    auto status = [&](LinkStatus s) {
      auto it = t.links_by_status.find(s);
      return cell(it == t.links_by_status.end() ? 0 : it->second);
    };
    table.rows.push_back({t.tenant, cell(t.units), cell(t.links), status(LinkStatus::kActive),
                          status(LinkStatus::kApproved), status(LinkStatus::kProposed),
                          status(LinkStatus::kSuspended), status(LinkStatus::kRetired),
                          cell(t.cross_tenant_links), cell(t.routed), cell(t.failed),
                          cell(t.refused)});
  }
  table.notes.push_back("a link or exchange between two tenants counts for both");
  return table;
}

}  // namespace renkei::reports
