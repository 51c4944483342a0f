#pragma once
// `renkei-file watch --dir D`: every file that appears complete in D is sent as `send` would
// send it, then moved to D/done/ (every record sent) or D/failed/ (records rejected, or the file
// unreadable) with its reject file beside it. A file whose run stopped early (broker
// unreachable, or refusing the adapter) stays in D and is tried again later; files left in D by
// a previous run, killed or not, are sent first on start, resuming where they stopped.
#include <cstdio>
#include <string>

#include "adapters/file/file_sender.h"

namespace renkei::file {

struct WatchOptions {
  std::string dir;
  SendOptions send;        // file and rejects are set per file
  int retry_seconds = 10;  // before trying a file again whose run stopped early
  bool once = false;       // send what is in D, then exit (cron, tests)
};

// Runs until SIGTERM or SIGINT (or, with `once`, until D holds nothing that can be sent now).
// 0 on a clean stop; 1 when D cannot be watched.
int runWatch(const WatchOptions& options, std::FILE* out, std::FILE* err);

}  // namespace renkei::file
