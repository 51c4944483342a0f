#pragma once
// The command line of `renkei conform`: repeatable options (--service, --only, --cases) that
// the shared CliArgs map cannot hold.
#include <optional>
#include <string>
#include <vector>

namespace renkei::cli {

struct ConformArgs {
  std::string endpoint;
  std::vector<std::string> services;
  std::string soap = "both";
  std::vector<std::string> case_dirs;
  bool builtin_cases = true;
  std::optional<std::string> data_dir;
  std::optional<std::string> wsdl;
  std::optional<std::string> xsd_dir;
  std::vector<std::string> only;
  std::optional<std::string> junit, json, html, sign;
  std::string summary = "conform-summary.txt";
  long timeout_ms = 30000;
  bool list = false;  // print the cases instead of running them
  bool as_receiver = false;
  std::string listen_host = "127.0.0.1";
  int listen_port = -1;
  int count = 1;
  long wait_seconds = 60;
  bool help = false;
  std::string error;
};

// argv[1] is "conform".
ConformArgs parseConformArgs(int argc, char** argv);

extern const char* const kConformUsage;

}  // namespace renkei::cli
