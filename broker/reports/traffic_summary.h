#pragma once
// One pass over the audit trail, summarized against the registry: how each link is used, what
// was attempted without a link (the would-be spaghetti), who talks to whom, per tenant. Pure
// functions of (registry, records), so `renkei report` and the admin web view show the same
// numbers.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "broker/core/audit_record.h"
#include "broker/core/registry_types.h"

namespace renkei {
class Store;
}

namespace renkei::reports {

// Exchanges of one JST calendar day, by outcome: what the dashboard and a link's page chart.
struct DayCounts {
  int64_t routed = 0;
  int64_t refused = 0;
  int64_t failed = 0;
};
using DailyCounts = std::map<std::string, DayCounts>;  // "YYYY-MM-DD" (JST) -> counts

// Exchanges attributed to one registered link. Times are the audit records' UTC ISO text.
struct LinkUsage {
  int64_t link_id = 0;
  int64_t routed = 0;
  int64_t failed = 0;      // authorized but the receiver or its answer failed (Server.*)
  int64_t refused = 0;     // refused although the record names this link
  std::string first_seen;  // any outcome
  std::string last_seen;
  std::string last_routed;  // what "unused" looks at
  int64_t routed_latency_us_total = 0;
  DailyCounts days;

  int64_t exchanges() const { return routed + failed; }
  // Over routed exchanges only: failures are mostly timeouts and would drown the real figure.
  int64_t meanLatencyUs() const { return routed ? routed_latency_us_total / routed : 0; }
};

// Refused attempts with the same (sender, receiver, service, purpose, fault code). Fields are
// what the caller claimed; all empty when the message was too broken to name anyone.
struct RefusedGroup {
  std::string sender;
  std::string receiver;
  std::string service;  // "IdoJohoShokai:1"
  std::string purpose;
  std::string fault_code;
  int64_t count = 0;
  std::string first_seen;
  std::string last_seen;
};

struct UnitFan {
  std::string unit;
  std::string tenant;
  std::string name;
  // By registry: active links, and the distinct units at their other end.
  int64_t active_links_out = 0;
  int64_t active_links_in = 0;
  int64_t link_partners_out = 0;
  int64_t link_partners_in = 0;
  // By traffic: authorized exchanges (routed + failed), and the distinct units they reached.
  int64_t exchanges_out = 0;
  int64_t exchanges_in = 0;
  int64_t traffic_partners_out = 0;
  int64_t traffic_partners_in = 0;
};

// Everything that touches one tenant: a link or exchange between two tenants counts for both.
struct TenantSummary {
  std::string tenant;
  int64_t units = 0;
  std::map<LinkStatus, int64_t> links_by_status;  // only statuses that occur
  int64_t links = 0;
  int64_t cross_tenant_links = 0;
  int64_t routed = 0;
  int64_t failed = 0;
  int64_t refused = 0;
};

struct TrafficSummary {
  std::map<int64_t, LinkUsage> links;  // every link in the registry, used or not
  std::vector<RefusedGroup> refused;   // most attempts first, then by sender, receiver, ...
  std::vector<UnitFan> units;          // registry units by id
  std::vector<TenantSummary> tenants;  // by tenant code
  DailyCounts days;                    // every exchange record, by JST day
  int64_t records = 0;
  std::string first_record_time;
  std::string last_record_time;
};

// Feed records one at a time (in any order) and take the summary at the end; a caller with a
// stream (Store::forEachAudit, a cursor) never holds the trail in memory.
class TrafficAccumulator {
 public:
  explicit TrafficAccumulator(const RegistrySnapshot& registry);
  void add(const AuditRecord& record);
  TrafficSummary finish() const;

 private:
  using GroupKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  using Pair = std::pair<std::string, std::string>;  // (sender, receiver)

  const Link* linkFor(const AuditRecord& record) const;
  void countForTenants(const AuditRecord& record);

  const RegistrySnapshot& registry_;
  std::map<std::string, std::string> tenant_of_unit_;
  std::map<int64_t, const Link*> links_by_id_;
  std::map<std::tuple<std::string, std::string, std::string, std::string>, const Link*>
      links_by_key_;
  std::map<int64_t, LinkUsage> usage_;
  std::map<GroupKey, RefusedGroup> refused_;
  std::map<Pair, int64_t> exchanges_by_pair_;
  std::map<std::string, TenantSummary> tenant_traffic_;
  DailyCounts days_;
  int64_t records_ = 0;
  std::string first_time_;
  std::string last_time_;
};

TrafficSummary summarizeTraffic(const RegistrySnapshot& registry,
                                const std::vector<AuditRecord>& records);
// Reads the registry and streams the whole audit trail from `store`.
TrafficSummary summarizeTraffic(Store& store, RegistrySnapshot* registry_out = nullptr);

}  // namespace renkei::reports
