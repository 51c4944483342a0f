#pragma once
// What every `renkei links ...` command shares: opening the configured store, reading a link id
// and the actor, and the exit codes (0 done, 1 refused or failed, 2 usage).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "broker/cli/cli_args.h"
#include "broker/config/broker_config.h"
#include "broker/store/store.h"

namespace renkei::cli {

constexpr int kExitRefused = 1;
constexpr int kExitUsage = 2;

// Prints "renkei: <message>" and the hint to see --help; returns kExitUsage.
int usageError(const std::string& message);

// words[2] as a positive link id, or nullopt after printing a usage error.
std::optional<int64_t> linkIdArgument(const CliArgs& args);

// --actor, else $USER, else "operator": the history must always say who.
std::string actorOf(const CliArgs& args);

// Upserts the configuration's units and services (never its links) into the store and returns
// the registry as stored. A link may only name units and services the store knows, and a CLI
// run against a store no broker has seeded yet must still work; the configuration's links are
// left alone because after the first seed the store, not the file, owns them.
RegistrySnapshot registryForChanges(Store& store, const BrokerConfig& config);

// What registryForChanges would return, without writing anything: the store's registry with
// the configuration's units and services laid over it in memory (for --dry-run).
RegistrySnapshot registryPreview(Store& store, const BrokerConfig& config);

// "running brokers apply it within registryPollMs (250 ms)": what an operator is told after a
// change, since the CLI writes the store and never talks to a broker.
std::string appliedHint(const BrokerConfig& config);

// "LINK 12  proposed  062022/kokuho -> 062022/juki  IdoJohoShokai:1  KOKUHO-01"
std::string linkSummary(const Link& link);

}  // namespace renkei::cli
