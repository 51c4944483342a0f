// BrokerRuntime::reload (SIGHUP): the configuration file read again exactly as at start and as
// `renkei config check` reads it; a new serving generation built beside the running one and
// swapped in only when every part of it could be built. Listeners, connections, store, audit
// writer, schemas and registry stay as they are.
#include <string>
#include <vector>

#include "broker/config/config_changes.h"
#include "broker/config/config_loader.h"
#include "broker/server/broker_runtime.h"

namespace renkei {
namespace {

// The same words `renkei config check` prints for a file it refuses (loadConfigFor).
std::string loadError(const std::string& path, BrokerConfig& out) {
  try {
    out = loadBrokerConfig(path);
    return "";
  } catch (const ConfigError& e) {
    return std::string("configuration error: ") + e.what();
  } catch (const xml::SchemaLoadError& e) {
    return std::string("cannot load schemas: ") + e.what();
  }
}

}  // namespace

bool BrokerRuntime::reload(std::ostream& log) {
  std::lock_guard lock(reload_mutex_);
  const std::shared_ptr<ServingGeneration> running = serving_.current();
  const std::string& path = running->config.source_file;
  const auto refuse = [&](const std::string& error) {
    log << "renkei: " << error << "\n"
        << "renkei: reload refused: still serving the configuration loaded before from " << path
        << std::endl;
    reloads_refused_->inc();
    return false;
  };
  BrokerConfig next;
  if (std::string error = loadError(path, next); !error.empty()) return refuse(error);

  std::vector<std::string> kept = keepRestartOnlySettings(running->config, next);
  if (next.max_message_bytes * 2 + 64 * 1024 > listener_max_body_bytes_) {
    kept.push_back("limits maxMessageBytes " + std::to_string(next.max_message_bytes) +
                   ": the listener reads bodies of at most " +
                   std::to_string(listener_max_body_bytes_) + " bytes until a restart");
  }
  const std::vector<std::string> changes = describeReloadableChanges(running->config, next);
  std::shared_ptr<ServingGeneration> generation;
  std::string seeding;
  std::vector<std::string> unvouched;
  try {
    generation = buildServingGeneration(std::move(next), sharedServingParts(), running.get(), log);
    // Seeded as at start: one transaction, so a store error leaves the registry as it was.
    const RegistrySnapshot stored = registry_.snapshot();
    RegistrySnapshot seed = generation->config.registry;
    store_->seedRegistry(seed);
    seeding = describeLinkSeeding(stored, generation->config.registry.links);
    unvouched = describeUnvouchedLinks(generation->config, seed);
  } catch (const ConfigError& e) {
    return refuse(std::string("configuration error: ") + e.what());
  } catch (const std::exception& e) {
    return refuse(std::string("cannot apply the configuration: ") + e.what());
  }
  try {
    registry_.reload(*store_);
  } catch (const StoreError& e) {
    // What was seeded is committed: the watcher installs it at its next successful poll.
    log << "renkei: reload: the registry could not be read back (" << e.what()
        << "); it follows at the next registry poll" << std::endl;
  }
  publishServices(*generation, registry_);
  serving_.install(generation);
  reloads_ok_->inc();

  log << "renkei: configuration reloaded from " << path
      << (changes.empty() && seeding.empty() && kept.empty() ? ": nothing changed" : "") << "\n";
  for (const std::string& line : changes) log << "renkei: reload: " << line << "\n";
  if (!seeding.empty()) log << "renkei: reload: " << seeding << "\n";
  for (const std::string& line : kept) log << "renkei: reload: " << line << "\n";
  for (const std::string& line : unvouched) log << "renkei: warning: " << line << "\n";
  log.flush();
  return true;
}

}  // namespace renkei
