#include "broker/cli/cli_args.h"

#include <algorithm>

namespace renkei::cli {

std::optional<std::string> CliArgs::get(const std::string& name) const {
  auto it = options.find(name);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

CliArgs parseArgs(int argc, char** argv, const std::vector<std::string>& flags) {
  CliArgs args;
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "-h") word = "--help";
    if (word.rfind("--", 0) != 0) {
      args.words.push_back(word);
      continue;
    }
    const auto eq = word.find('=');
    if (eq != std::string::npos) {
      args.options[word.substr(0, eq)] = word.substr(eq + 1);
    } else if (std::find(flags.begin(), flags.end(), word) != flags.end()) {
      args.options[word] = "";
    } else if (i + 1 < argc) {
      args.options[word] = argv[++i];
    } else {
      args.error = "option " + word + " needs a value";
    }
  }
  return args;
}

}  // namespace renkei::cli
