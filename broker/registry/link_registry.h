#pragma once
// The registry as the pipeline sees it: an immutable in-memory snapshot with lookup indexes,
// replaced wholesale on reload(). Lookups copy one shared_ptr and never touch
// the database, so the authorize stage costs a hash lookup, and a reload never exposes a
// half-updated registry to requests in flight. The pointer is an atomic shared_ptr: workers read
// it on every message without a process-wide mutex; a reload swaps it.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "broker/core/registry_types.h"
#include "broker/core/service_catalog.h"
#include "broker/registry/registry_store.h"

namespace renkei {

class LinkRegistry : public ServiceCatalog {
 public:
  LinkRegistry();  // empty: every link lookup is refused until reload() or replace()
  explicit LinkRegistry(RegistrySnapshot snapshot);

  // Loads the registry from the store and swaps it in.
  void reload(RegistryStore& store);
  // Swaps in a snapshot built elsewhere (configuration, tests).
  void replace(RegistrySnapshot snapshot);
  RegistrySnapshot snapshot() const;

  std::optional<Unit> findUnit(const std::string& unit_id) const override;
  std::optional<ServiceDef> findService(const std::string& name,
                                        const std::string& version) const override;
  std::optional<Link> findActiveLink(const std::string& sender, const std::string& receiver,
                                     const std::string& service_name,
                                     const std::string& service_version,
                                     const std::string& purpose_code,
                                     const std::string& date) const override;

 private:
  struct Indexed;  // snapshot plus its indexes, built once per reload

  std::shared_ptr<const Indexed> current() const;

  std::atomic<std::shared_ptr<const Indexed>> current_;
  std::mutex reload_mutex_;
};

}  // namespace renkei
