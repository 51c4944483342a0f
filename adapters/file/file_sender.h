#pragma once
// `renkei-file send`: every record of a file through the broker as a 通知, once.
#include <cstdio>
#include <string>

namespace renkei::file {

struct SendOptions {
  std::string file;
  std::string layout;
  std::string broker;    // http://HOST:PORT/services (the service name is appended)
  std::string unit;      // the adapter's unit in the registry, e.g. 062022/juki-batch
  std::string receiver;  // default: the unit's tenant + "/subscribers" (every subscriber)
  std::string state;     // SQLite file; default FILE's directory/.renkei-file-state.db
  std::string rejects;   // default FILE.rejects.tsv
  std::string gaiji;     // 外字 table, optional
  std::string xsd_dir;   // platform schemas for the local check; default the source tree's
  std::string metrics;   // Prometheus text file with the progress, rewritten each second
  long timeout_ms = 30000;
  int pace_ms = 0;  // wait between records (demos, crash tests)
  int retries = 5;  // per record, for an unavailable or overloaded broker
  // Records posted at once, answered in any order (each is durable at the broker on its own).
  int window = 16;
  bool quiet = false;
};

// Exit codes: 0 every record sent; 2 done, some records rejected (see the reject file);
// 3 stopped early (broker unreachable, or refusing the adapter itself): run again to resume;
// 1 the layout, the 外字 table, the file or the state could not be read.
int runSend(const SendOptions& options, std::FILE* out, std::FILE* err);

}  // namespace renkei::file
