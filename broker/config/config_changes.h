#pragma once
// What a configuration reload (SIGHUP) changes, worded for the log, and what only a restart can
// change. The running broker keeps the latter: keepRestartOnlySettings copies them from the
// running configuration into the new one, so what runs after the reload is exactly what the log
// said, and the next reload reports them again for as long as the file still differs.
#include <string>
#include <vector>

#include "broker/config/broker_config.h"

namespace renkei {

// One line per kind of change a reload applies (units, services, links in the file, limits,
// forwarding, signatures, privacy, WSDL directory). Empty when none of that changed.
std::vector<std::string> describeReloadableChanges(const BrokerConfig& running,
                                                   const BrokerConfig& next);

// One line per restart-only setting that differs, e.g. "listen address change needs a restart;
// kept 127.0.0.1:8080"; `next` gets the running value back for each.
std::vector<std::string> keepRestartOnlySettings(const BrokerConfig& running, BrokerConfig& next);

// What seeding `file_links` into a registry that holds `stored` does: new links are created, a
// link the registry already has keeps its stored status and details (the store, not the file,
// is the truth after the first seed). Empty when nothing new is seeded.
std::string describeLinkSeeding(const RegistrySnapshot& stored,
                                const std::vector<Link>& file_links);

// One line for each link the configuration declares approved, active or suspended but could not
// vouch for (config.unvouched_links) and that is still proposed in `seeded` (the registry after
// seeding, index for index with config.registry.links): which link, why, and how to approve it.
// A link approved since in the registry is not mentioned again.
std::vector<std::string> describeUnvouchedLinks(const BrokerConfig& config,
                                                const RegistrySnapshot& seeded);

}  // namespace renkei
