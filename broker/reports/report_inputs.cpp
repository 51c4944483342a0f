// Gathering what the reports read, from memory or from a Store.
#include "broker/reports/governance_reports.h"
#include "broker/store/store.h"

namespace renkei::reports {

ReportInputs makeReportInputs(RegistrySnapshot registry, const std::vector<AuditRecord>& records) {
  ReportInputs in;
  in.registry = std::move(registry);
  in.traffic = summarizeTraffic(in.registry, records);
  return in;
}

ReportInputs loadReportInputs(Store& store) {
  ReportInputs in;
  in.traffic = summarizeTraffic(store, &in.registry);
  for (const auto& link : in.registry.links) {
    if (link.status != LinkStatus::kActive) continue;
    // The latest move into "active" (a suspended link may have been reactivated since). Edits
    // and reviews of an active link go from active to active: they are no move.
    for (const auto& change : store.linkHistory(link.id)) {
      if (change.to_status == "active" && change.from_status != "active") {
        in.active_since[link.id] = change.at;
      }
    }
  }
  return in;
}

}  // namespace renkei::reports
