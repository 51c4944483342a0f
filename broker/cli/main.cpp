// renkei: the broker executable and its operator commands.
#include <iostream>

#include "broker/cli/cli_args.h"
#include "broker/cli/commands.h"

namespace {

constexpr const char* kUsage = R"(renkei — integration broker for local-government business systems

Usage:
  renkei serve        [--config FILE]   run the broker until SIGINT/SIGTERM
  renkei links list   [--config FILE]   print the link inventory (who may call what, why, on
                                        which legal basis)
  renkei audit verify [--config FILE]   check the audit trail's hash chain; names the first
                                        record that was edited, deleted or reordered
  renkei config check [--config FILE]   validate a configuration file and summarize it
  renkei faults       [--markdown]      print the platform fault-code table
  renkei report KIND  [--config FILE]   governance reports (inventory, unused, refused, ...)
                                        and the link graph; see `renkei report --help`

Options:
  --config FILE   configuration file (default: $RENKEI_CONFIG, else config/renkei.example.xml)
  -h, --help      this text
  --version       print the version

Exit status: 0 success, 1 failure (e.g. a broken audit chain), 2 usage or configuration error.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace renkei::cli;
  if (argc > 1 && std::string(argv[1]) == "report") return runReport(argc, argv);
  CliArgs args = parseArgs(argc, argv, {"--help", "--version", "--markdown"});
  if (!args.error.empty()) {
    std::cerr << "renkei: " << args.error << "\n\n" << kUsage;
    return 2;
  }
  if (args.has("--version")) {
    std::cout << "renkei " << RENKEI_VERSION << "\n";
    return 0;
  }
  if (args.has("--help") || args.words.empty()) {
    std::cout << kUsage;
    return args.words.empty() && !args.has("--help") ? 2 : 0;
  }
  const auto& w = args.words;
  const auto is = [&](std::initializer_list<const char*> cmd) {
    if (w.size() != cmd.size()) return false;
    size_t i = 0;
    for (const char* part : cmd) {
      if (w[i++] != part) return false;
    }
    return true;
  };
  if (is({"serve"})) return runServe(args);
  if (is({"links", "list"})) return runLinksList(args);
  if (is({"audit", "verify"})) return runAuditVerify(args);
  if (is({"config", "check"})) return runConfigCheck(args);
  if (is({"faults"})) return runFaults(args);
  std::cerr << "renkei: unknown command '";
  for (size_t i = 0; i < w.size(); ++i) std::cerr << (i ? " " : "") << w[i];
  std::cerr << "'\n\n" << kUsage;
  return 2;
}
