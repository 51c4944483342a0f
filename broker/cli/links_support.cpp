#include "broker/cli/links_support.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>

namespace renkei::cli {

int usageError(const std::string& message) {
  std::cerr << "renkei: " << message << " (see `renkei links --help`)\n";
  return kExitUsage;
}

std::optional<int64_t> linkIdArgument(const CliArgs& args) {
  if (args.words.size() != 3) {
    usageError("`renkei links " + args.words[1] + "` needs one link id");
    return std::nullopt;
  }
  const std::string& text = args.words[2];
  int64_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || id > 1'000'000'000'000) {
      usageError("link id \"" + text + "\" is not a number");
      return std::nullopt;
    }
    id = id * 10 + (c - '0');
  }
  if (text.empty() || id == 0) {
    usageError("link id \"" + text + "\" is not a positive number");
    return std::nullopt;
  }
  return id;
}

std::string actorOf(const CliArgs& args) {
  if (auto actor = args.get("--actor"); actor && !actor->empty()) return *actor;
  if (const char* user = std::getenv("USER"); user && *user) return user;
  return "operator";
}

RegistrySnapshot registryForChanges(Store& store, const BrokerConfig& config) {
  RegistrySnapshot catalog;
  catalog.units = config.registry.units;
  catalog.services = config.registry.services;
  store.seedRegistry(catalog);
  return store.loadRegistry();
}

RegistrySnapshot registryPreview(Store& store, const BrokerConfig& config) {
  RegistrySnapshot registry = store.loadRegistry();
  for (const Unit& unit : config.registry.units) {
    auto it = std::find_if(registry.units.begin(), registry.units.end(),
                           [&](const Unit& u) { return u.id == unit.id; });
    if (it == registry.units.end()) {
      registry.units.push_back(unit);
    } else {
      *it = unit;
    }
  }
  for (const ServiceDef& service : config.registry.services) {
    auto it =
        std::find_if(registry.services.begin(), registry.services.end(), [&](const ServiceDef& s) {
          return s.name == service.name && s.version == service.version;
        });
    if (it == registry.services.end()) {
      registry.services.push_back(service);
    } else {
      *it = service;
    }
  }
  return registry;
}

std::string appliedHint(const BrokerConfig& config) {
  return "running brokers apply it within registryPollMs (" +
         std::to_string(config.registry_poll_ms) + " ms)";
}

std::string linkSummary(const Link& l) {
  return "link " + std::to_string(l.id) + " (" + l.sender + " -> " + l.receiver + ", " +
         l.service_name + ":" + l.service_version + ", purpose " + l.purpose_code + ")";
}

}  // namespace renkei::cli
