#pragma once
// Runs Graphviz's `dot -Tsvg` on DOT text. Safe to call from a multi-threaded broker (the admin
// web view): posix_spawn, no shell, no process-wide signal changes.
#include <chrono>
#include <stdexcept>
#include <string>

namespace renkei::reports {

class GraphvizError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The SVG document `dot` writes. Throws GraphvizError when `dot_program` is not installed
// (naming the Debian package), when it fails (with its stderr) or runs past `timeout`.
std::string renderSvg(const std::string& dot_text, const std::string& dot_program = "dot",
                      std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace renkei::reports
