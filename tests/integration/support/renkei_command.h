#pragma once
// Runs the real `renkei` executable with arguments, as a lab or an operator would, and returns
// its exit status and everything it printed.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace renkei::testing {

struct CommandOutput {
  int status = -1;
  std::string text;
};

// Any command line through the shell (sqlite3, python3, ...), stderr with stdout.
inline CommandOutput runCommand(const std::string& command_line) {
  const std::string command = command_line + " 2>&1";
  CommandOutput out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.text.append(buf.data(), n);
  out.status = WEXITSTATUS(pclose(pipe));
  return out;
}

inline CommandOutput runRenkeiCommand(const std::string& args) {
  return runCommand(std::string(RENKEI_BINARY_DIR) + "/broker/renkei " + args);
}

}  // namespace renkei::testing
