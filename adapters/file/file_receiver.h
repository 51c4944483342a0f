#pragma once
// `renkei-file receive`: a subscriber unit that writes the 通知 it receives into fixed-width
// files in a layout (the outbound direction), rotated by count or age, published atomically.
#include <cstdio>
#include <string>

namespace renkei::file {

struct ReceiveOptions {
  std::string layout;
  std::string out_dir;
  std::string prefix;  // default: the layout's name
  std::string gaiji;
  std::string rejects;  // default: OUT_DIR/rejects.tsv
  std::string xsd_dir;
  int port = 0;  // 0: any free port (printed on the first line of stdout)
  size_t rotate_records = 1000;
  long rotate_seconds = 3600;
};

// Runs until SIGTERM/SIGINT (then publishes the partial file) or a fatal error (1).
int runReceive(const ReceiveOptions& options, std::FILE* out, std::FILE* err);

}  // namespace renkei::file
