#pragma once
// A deliberately small command-line reader: positional words, then --name value / --flag.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace renkei::cli {

struct CliArgs {
  std::vector<std::string> words;              // e.g. {"links", "list"}
  std::map<std::string, std::string> options;  // "--config" -> "path"; flags map to ""
  std::string error;                           // set when the command line cannot be read

  bool has(const std::string& name) const { return options.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
};

// `flags` lists options that take no value (e.g. "--help").
CliArgs parseArgs(int argc, char** argv, const std::vector<std::string>& flags);

}  // namespace renkei::cli
