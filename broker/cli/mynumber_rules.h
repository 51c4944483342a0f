#pragma once
// `renkei mynumber rules load|list|versions|check` (mynumber_command.cpp reads the command line).
#include <string>

#include "broker/cli/cli_args.h"

namespace renkei::cli {

// Prints "renkei: <message>" and the hint to see `renkei mynumber --help`; returns 2.
int myNumberUsage(const std::string& message);

int runRulesLoad(const CliArgs& args);
int runRulesList(const CliArgs& args);
int runRulesVersions(const CliArgs& args);
int runRulesCheck(const CliArgs& args);

}  // namespace renkei::cli
