#pragma once
// The progress of `renkei-file send` for monitoring: a Prometheus text file (the format of
// node_exporter's textfile collector), rewritten whole through a temporary file and rename so a
// scraper never reads half of it.
#include <cstddef>
#include <string>

namespace renkei::file {

struct ProgressNumbers {
  std::string file;  // the path, as a label
  std::string layout;
  size_t records = 0;  // in the file
  size_t done = 0;     // records with an outcome
  size_t sent = 0;
  size_t rejected = 0;
  size_t warnings = 0;
  bool finished = false;
};

// Writes the numbers to `path`; false (and nothing changed) when it cannot.
bool writeProgressMetrics(const std::string& path, const ProgressNumbers& p);

}  // namespace renkei::file
