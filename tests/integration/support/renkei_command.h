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

inline CommandOutput runRenkeiCommand(const std::string& args) {
  const std::string command = std::string(RENKEI_BINARY_DIR) + "/broker/renkei " + args + " 2>&1";
  CommandOutput out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.text.append(buf.data(), n);
  out.status = WEXITSTATUS(pclose(pipe));
  return out;
}

}  // namespace renkei::testing
