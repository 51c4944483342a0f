#include "broker/registry/link_registry.h"

#include "broker/core/tenant_code.h"

#include <unordered_map>
#include <utility>
#include <vector>

namespace renkei {

namespace {

// '\x1f' (unit separator) cannot appear in unit ids, service names or purpose codes from a
// validated configuration, so joined keys cannot collide.
std::string joinKey(std::initializer_list<const std::string*> parts) {
  std::string key;
  for (const auto* part : parts) {
    key.append(*part);
    key.push_back('\x1f');
  }
  return key;
}

bool withinValidity(const Link& link, const std::string& date) {
  // ISO dates (YYYY-MM-DD) order correctly as strings.
  if (!link.valid_from.empty() && date < link.valid_from) return false;
  if (!link.valid_to.empty() && date > link.valid_to) return false;
  return true;
}

}  // namespace

struct LinkRegistry::Indexed {
  RegistrySnapshot snapshot;
  std::unordered_map<std::string, std::size_t> unit_by_id;
  std::unordered_map<std::string, std::size_t> service_by_key;
  // The store keeps the natural key unique, but a snapshot built straight from configuration
  // might not; keep every candidate and let status and dates decide.
  std::unordered_map<std::string, std::vector<std::size_t>> links_by_key;

  explicit Indexed(RegistrySnapshot s) : snapshot(std::move(s)) {
    for (std::size_t i = 0; i < snapshot.units.size(); ++i) {
      unit_by_id.emplace(snapshot.units[i].id, i);
    }
    for (std::size_t i = 0; i < snapshot.services.size(); ++i) {
      const auto& service = snapshot.services[i];
      service_by_key.emplace(joinKey({&service.name, &service.version}), i);
    }
    for (std::size_t i = 0; i < snapshot.links.size(); ++i) {
      const auto& l = snapshot.links[i];
      links_by_key[joinKey({&l.sender, &l.receiver, &l.service_name, &l.service_version,
                            &l.purpose_code})]
          .push_back(i);
    }
  }
};

LinkRegistry::LinkRegistry() : LinkRegistry(RegistrySnapshot{}) {}

LinkRegistry::LinkRegistry(RegistrySnapshot snapshot)
    : current_(std::make_shared<const Indexed>(std::move(snapshot))) {}

void LinkRegistry::reload(RegistryStore& store) {
  // Reloads run one at a time (the watcher's poll, an admin action's): two in parallel could
  // finish out of order and install the older registry over the newer one. Each reads the
  // store after the previous one installed, so the last installed is the newest read.
  std::lock_guard lock(reload_mutex_);
  replace(store.loadRegistry());
}

void LinkRegistry::replace(RegistrySnapshot snapshot) {
  current_.store(std::make_shared<const Indexed>(std::move(snapshot)));
}

std::shared_ptr<const LinkRegistry::Indexed> LinkRegistry::current() const {
  return current_.load();
}

RegistrySnapshot LinkRegistry::snapshot() const { return current()->snapshot; }

std::optional<Unit> LinkRegistry::findUnit(const std::string& unit_id) const {
  const auto registry = current();
  const auto it = registry->unit_by_id.find(unit_id);
  if (it == registry->unit_by_id.end()) return std::nullopt;
  return registry->snapshot.units[it->second];
}

std::optional<ServiceDef> LinkRegistry::findService(const std::string& name,
                                                    const std::string& version) const {
  const auto registry = current();
  const auto it = registry->service_by_key.find(joinKey({&name, &version}));
  if (it == registry->service_by_key.end()) return std::nullopt;
  return registry->snapshot.services[it->second];
}

std::optional<Link> LinkRegistry::findActiveLink(const std::string& sender,
                                                 const std::string& receiver,
                                                 const std::string& service_name,
                                                 const std::string& service_version,
                                                 const std::string& purpose_code,
                                                 const std::string& date) const {
  const auto registry = current();
  const auto it = registry->links_by_key.find(
      joinKey({&sender, &receiver, &service_name, &service_version, &purpose_code}));
  if (it == registry->links_by_key.end()) return std::nullopt;
  // Tenant isolation is never implicit: a link between municipalities must say so itself, so a
  // mistyped unit id in one tenant's configuration cannot open a path into another's.
  const bool crosses_tenants = tenantOfUnit(sender) != tenantOfUnit(receiver);
  for (const std::size_t index : it->second) {
    const Link& link = registry->snapshot.links[index];
    if (link.status != LinkStatus::kActive) continue;
    if (!withinValidity(link, date)) continue;
    if (crosses_tenants && !link.cross_tenant) continue;
    return link;
  }
  return std::nullopt;
}

}  // namespace renkei
