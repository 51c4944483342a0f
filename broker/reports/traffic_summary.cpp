#include "broker/reports/traffic_summary.h"

#include <algorithm>

#include "broker/audit/admin_audit.h"
#include "broker/core/tenant_code.h"
#include "broker/registry/link_filter.h"  // tenantOf
#include "broker/reports/report_time.h"
#include "broker/store/store.h"

namespace renkei::reports {

namespace {

void widen(std::string& first, std::string& last, const std::string& time) {
  // Audit times are fixed-width UTC ISO text, so text order is time order.
  if (first.empty() || time < first) first = time;
  if (last.empty() || time > last) last = time;
}

std::string serviceKey(const Link& link) { return link.service_name + ":" + link.service_version; }

void countDay(DailyCounts& days, const std::string& day, const std::string& outcome) {
  if (day.empty()) return;  // a record without a readable time belongs to no day
  DayCounts& counts = days[day];
  if (outcome == "routed") {
    ++counts.routed;
  } else if (outcome == "refused") {
    ++counts.refused;
  } else {
    ++counts.failed;
  }
}

}  // namespace

TrafficAccumulator::TrafficAccumulator(const RegistrySnapshot& registry) : registry_(registry) {
  for (const auto& unit : registry.units) tenant_of_unit_[unit.id] = tenantOf(registry, unit.id);
  for (const auto& link : registry.links) {
    links_by_id_[link.id] = &link;
    links_by_key_[{link.sender, link.receiver, serviceKey(link), link.purpose_code}] = &link;
  }
}

// Records carry the link id the authorize stage matched; older or foreign records may not, and
// an authorized exchange still belongs to the link its header names.
const Link* TrafficAccumulator::linkFor(const AuditRecord& record) const {
  if (record.link_id) {
    auto it = links_by_id_.find(*record.link_id);
    return it == links_by_id_.end() ? nullptr : it->second;
  }
  if (record.outcome == "refused") return nullptr;
  auto it = links_by_key_.find({record.sender, record.receiver, record.service, record.purpose});
  return it == links_by_key_.end() ? nullptr : it->second;
}

void TrafficAccumulator::add(const AuditRecord& record) {
  // Registry changes share the chain (admin_audit.h) but are not traffic.
  if (record.outcome == kAdminOutcome) return;
  ++records_;
  widen(first_time_, last_time_, record.time);
  countForTenants(record);
  // Days are JST days: a 課長 asks about 「昨日」 in Japan, not in UTC.
  const std::string day = jstDateOf(record.time);
  countDay(days_, day, record.outcome);

  const bool refused = record.outcome == "refused";
  const bool routed = record.outcome == "routed";
  if (refused) {
    GroupKey key{record.sender, record.receiver, record.service, record.purpose, record.fault_code};
    RefusedGroup& group = refused_[key];
    if (group.count == 0) {
      std::tie(group.sender, group.receiver, group.service, group.purpose, group.fault_code) = key;
    }
    ++group.count;
    widen(group.first_seen, group.last_seen, record.time);
  } else {
    ++exchanges_by_pair_[{record.sender, record.receiver}];
  }

  std::optional<int64_t> link_id = record.link_id;
  if (!link_id) {
    if (const Link* link = linkFor(record)) link_id = link->id;
  }
  if (!link_id) return;
  LinkUsage& usage = usage_[*link_id];
  usage.link_id = *link_id;
  widen(usage.first_seen, usage.last_seen, record.time);
  countDay(usage.days, day, record.outcome);
  if (routed) {
    ++usage.routed;
    usage.routed_latency_us_total += record.latency_us;
    if (record.time > usage.last_routed) usage.last_routed = record.time;
  } else if (refused) {
    ++usage.refused;
  } else {
    ++usage.failed;
  }
}

void TrafficAccumulator::countForTenants(const AuditRecord& record) {
  std::set<std::string> tenants;
  for (const std::string* unit : {&record.sender, &record.receiver}) {
    auto known = tenant_of_unit_.find(*unit);
    const std::string tenant =
        known != tenant_of_unit_.end() ? known->second : std::string(tenantOfUnit(*unit));
    // Hostile or broken messages name anything; only real 団体コード get a row.
    if (isValidTenantCode(tenant)) tenants.insert(tenant);
  }
  for (const auto& tenant : tenants) {
    TenantSummary& summary = tenant_traffic_[tenant];
    if (record.outcome == "routed") {
      ++summary.routed;
    } else if (record.outcome == "refused") {
      ++summary.refused;
    } else {
      ++summary.failed;
    }
  }
}

namespace {

std::vector<UnitFan> fanOf(const RegistrySnapshot& registry,
                           const std::map<std::pair<std::string, std::string>, int64_t>& pairs) {
  std::vector<UnitFan> fans;
  for (const auto& unit : registry.units) {
    UnitFan fan;
    fan.unit = unit.id;
    fan.tenant = tenantOf(registry, unit.id);
    fan.name = unit.name;
    std::set<std::string> out, in;
    for (const auto& link : registry.links) {
      if (link.status != LinkStatus::kActive) continue;
      if (link.sender == unit.id) {
        ++fan.active_links_out;
        out.insert(link.receiver);
      }
      if (link.receiver == unit.id) {
        ++fan.active_links_in;
        in.insert(link.sender);
      }
    }
    fan.link_partners_out = static_cast<int64_t>(out.size());
    fan.link_partners_in = static_cast<int64_t>(in.size());
    for (const auto& [pair, count] : pairs) {
      if (pair.first == unit.id) {
        fan.exchanges_out += count;
        ++fan.traffic_partners_out;
      }
      if (pair.second == unit.id) {
        fan.exchanges_in += count;
        ++fan.traffic_partners_in;
      }
    }
    fans.push_back(std::move(fan));
  }
  std::sort(fans.begin(), fans.end(),
            [](const UnitFan& a, const UnitFan& b) { return a.unit < b.unit; });
  return fans;
}

std::vector<TenantSummary> tenantsOf(const RegistrySnapshot& registry,
                                     std::map<std::string, TenantSummary> tenants) {
  for (const auto& unit : registry.units) ++tenants[tenantOf(registry, unit.id)].units;
  for (const auto& link : registry.links) {
    std::set<std::string> touched = {tenantOf(registry, link.sender),
                                     tenantOf(registry, link.receiver)};
    for (const auto& tenant : touched) {
      TenantSummary& summary = tenants[tenant];
      ++summary.links;
      ++summary.links_by_status[link.status];
      if (touched.size() > 1) ++summary.cross_tenant_links;
    }
  }
  std::vector<TenantSummary> out;
  for (auto& [tenant, summary] : tenants) {
    summary.tenant = tenant;
    out.push_back(std::move(summary));
  }
  return out;  // std::map already ordered them by code
}

}  // namespace

TrafficSummary TrafficAccumulator::finish() const {
  TrafficSummary summary;
  summary.links = usage_;
  for (const auto& link : registry_.links) {
    summary.links.try_emplace(link.id).first->second.link_id = link.id;
  }
  for (const auto& [key, group] : refused_) summary.refused.push_back(group);
  // The biggest would-be links first; ties in key order so output is stable.
  std::stable_sort(summary.refused.begin(), summary.refused.end(),
                   [](const RefusedGroup& a, const RefusedGroup& b) { return a.count > b.count; });
  summary.units = fanOf(registry_, exchanges_by_pair_);
  summary.tenants = tenantsOf(registry_, tenant_traffic_);
  summary.days = days_;
  summary.records = records_;
  summary.first_record_time = first_time_;
  summary.last_record_time = last_time_;
  return summary;
}

TrafficSummary summarizeTraffic(const RegistrySnapshot& registry,
                                const std::vector<AuditRecord>& records) {
  TrafficAccumulator accumulator(registry);
  for (const auto& record : records) accumulator.add(record);
  return accumulator.finish();
}

TrafficSummary summarizeTraffic(Store& store, RegistrySnapshot* registry_out) {
  RegistrySnapshot registry = store.loadRegistry();
  TrafficAccumulator accumulator(registry);
  store.forEachAudit([&](const AuditRecord& record) {
    accumulator.add(record);
    return true;
  });
  TrafficSummary summary = accumulator.finish();
  if (registry_out != nullptr) *registry_out = std::move(registry);
  return summary;
}

}  // namespace renkei::reports
