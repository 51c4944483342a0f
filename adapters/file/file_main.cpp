// renkei-file: fixed-width batch files to 通知 through the broker (docs/file-adapter.md).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

#include <curl/curl.h>

#include "adapters/file/file_receiver.h"
#include "adapters/file/file_sender.h"
#include "adapters/file/file_watch.h"

namespace {

void usage(std::FILE* out) {
  std::fputs(
      "usage: renkei-file send FILE --layout LAYOUT.xml --broker URL --unit UNIT\n"
      "                        [--state DB] [--reject FILE] [--gaiji TABLE] [--receiver UNIT]\n"
      "                        [--xsd DIR] [--metrics FILE] [--timeout-ms N] [--retries N]\n"
      "                        [--window N] [--pace-ms N] [--quiet]\n"
      "       renkei-file watch --dir DIR --layout LAYOUT.xml --broker URL --unit UNIT\n"
      "                        [send's options but FILE and --reject] [--retry-seconds S]\n"
      "                        [--once]\n"
      "       renkei-file receive --layout LAYOUT.xml --out DIR [--port N] [--prefix NAME]\n"
      "                        [--rotate-records N] [--rotate-seconds S] [--gaiji TABLE]\n"
      "                        [--reject FILE] [--xsd DIR]\n"
      "       renkei-file --help\n"
      "\n"
      "send: reads FILE record by record with LAYOUT (adapters/file/layouts/), turns each record\n"
      "into the layout's platform message and posts it to URL/<service> (e.g.\n"
      "http://127.0.0.1:8080/services) as UNIT, a unit of the broker's registry with an active\n"
      "subscription link for the topic. The receiver is UNIT's tenant + /subscribers (every\n"
      "subscriber) unless --receiver names one.\n"
      "  Each record is sent once: its outcome is kept in DB (SQLite; default .renkei-file.db\n"
      "  beside FILE) under the file's SHA-256 and the record's number. A run stopped by a crash\n"
      "  or an unreachable broker sends exactly the records without an outcome; a file sent\n"
      "  completely before is skipped. A record's MessageId is derived from the same two, so a\n"
      "  record the broker took just before a crash is recognised (Client.DuplicateMessage).\n"
      "  --window N (default 16) records are posted at once on N connections; the broker keeps\n"
      "  each durably on its own and the subscribers get them in any order (--window 1: in\n"
      "  file order).\n"
      "  Records that cannot be read (wrong length, bad number or date, a character the\n"
      "  encoding lacks) or that break the message schema are not sent; they go to the reject\n"
      "  file (default FILE.rejects.tsv) with line, byte offset, field and reason, as do\n"
      "  warnings (a 外字 missing from --gaiji TABLE, kept as its Private Use code point).\n"
      "  --pace-ms waits between records (demos). Progress goes to stderr each second (and to\n"
      "  --metrics FILE, Prometheus text for node_exporter's textfile collector), a summary to\n"
      "  stdout.\n"
      "\n"
      "watch: sends each file that appears complete in DIR (renamed in, or closed after\n"
      "writing; names starting with a dot are ignored), one after another, as send does, then\n"
      "moves it to DIR/done/ (every record sent) or DIR/failed/ (records rejected, or the file\n"
      "unreadable), its reject file beside it as NAME.rejects.tsv. A file whose run stopped\n"
      "early stays in DIR and is tried again after S seconds (default 10). Files left in DIR\n"
      "by an earlier run are sent first, resuming where it stopped (state: DIR/.renkei-file.db).\n"
      "--once: send what DIR holds, then exit. SIGTERM stops after the file being sent.\n"
      "\n"
      "receive: a subscriber unit for the broker (its endpoint: http://127.0.0.1:N/, printed on\n"
      "the first line). Each 通知 it receives becomes one record of LAYOUT, appended and fsynced\n"
      "to DIR/.PREFIX.partial before it is acknowledged; every N records (default 1000) or S\n"
      "seconds (default 3600) the file is renamed to DIR/PREFIX-<UTC time>-<n>.dat in one step,\n"
      "so no half-written file is ever visible under a name without a leading dot. A value the\n"
      "layout's encoding cannot hold (and the 外字 table has no bytes for) is not written: the\n"
      "reject file (default DIR/rejects.tsv) names the message, the field and the character.\n"
      "SIGTERM publishes the partial file and stops.\n"
      "\n"
      "Exit codes (send): 0 all records sent; 2 done, some rejected; 3 stopped early (broker\n"
      "unreachable or refusing the adapter): run again to resume; 1 usage or unreadable input.\n",
      out);
}

std::string defaultXsdDir() {
  const char* env = std::getenv("RENKEI_XSD_DIR");
  return env != nullptr && *env ? env : RENKEI_FILE_XSD_DIR;
}

bool parseReceive(int argc, char** argv, renkei::file::ReceiveOptions& o) {
  for (int i = 2; i < argc; ++i) {
    const std::string_view a = argv[i];
    const auto value = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string number;
    if (a == "--layout" && value(o.layout)) {
    } else if (a == "--out" && value(o.out_dir)) {
    } else if (a == "--prefix" && value(o.prefix)) {
    } else if (a == "--gaiji" && value(o.gaiji)) {
    } else if (a == "--reject" && value(o.rejects)) {
    } else if (a == "--xsd" && value(o.xsd_dir)) {
    } else if (a == "--port" && value(number)) {
      o.port = std::atoi(number.c_str());
    } else if (a == "--rotate-records" && value(number)) {
      o.rotate_records = static_cast<size_t>(std::atol(number.c_str()));
    } else if (a == "--rotate-seconds" && value(number)) {
      o.rotate_seconds = std::atol(number.c_str());
    } else {
      std::fprintf(stderr, "renkei-file: bad argument '%s' (see --help)\n", argv[i]);
      return false;
    }
  }
  if (o.layout.empty() || o.out_dir.empty()) {
    std::fprintf(stderr, "renkei-file receive: --layout and --out are required (see --help)\n");
    return false;
  }
  if (o.port < 0 || o.port > 65535 || o.rotate_seconds < 0) {
    std::fprintf(stderr, "renkei-file receive: bad --port or --rotate-seconds\n");
    return false;
  }
  if (o.xsd_dir.empty()) o.xsd_dir = defaultXsdDir();
  return true;
}

// `watch` non-null: the options of `renkei-file watch` (--dir instead of FILE and --reject).
bool parseSend(int argc, char** argv, renkei::file::SendOptions& o,
               renkei::file::WatchOptions* watch = nullptr) {
  for (int i = 2; i < argc; ++i) {
    const std::string_view a = argv[i];
    const auto value = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string number;
    if (a == "--layout" && value(o.layout)) {
    } else if (a == "--broker" && value(o.broker)) {
    } else if (a == "--unit" && value(o.unit)) {
    } else if (a == "--state" && value(o.state)) {
    } else if (a == "--reject" && value(o.rejects)) {
    } else if (a == "--gaiji" && value(o.gaiji)) {
    } else if (a == "--receiver" && value(o.receiver)) {
    } else if (a == "--xsd" && value(o.xsd_dir)) {
    } else if (a == "--metrics" && value(o.metrics)) {
    } else if (a == "--timeout-ms" && value(number)) {
      o.timeout_ms = std::atol(number.c_str());
    } else if (a == "--retries" && value(number)) {
      o.retries = std::atoi(number.c_str());
    } else if (a == "--pace-ms" && value(number)) {
      o.pace_ms = std::atoi(number.c_str());
    } else if (a == "--window" && value(number)) {
      o.window = std::atoi(number.c_str());
    } else if (a == "--quiet") {
      o.quiet = true;
    } else if (watch != nullptr && a == "--dir" && value(watch->dir)) {
    } else if (watch != nullptr && a == "--retry-seconds" && value(number)) {
      watch->retry_seconds = std::atoi(number.c_str());
    } else if (watch != nullptr && a == "--once") {
      watch->once = true;
    } else if (watch == nullptr && !a.empty() && a[0] != '-' && o.file.empty()) {
      o.file = a;
    } else {
      std::fprintf(stderr, "renkei-file: bad argument '%s' (see --help)\n", argv[i]);
      return false;
    }
  }
  if (watch != nullptr) {
    if (watch->dir.empty() || !o.rejects.empty()) {
      std::fprintf(stderr,
                   "renkei-file watch: --dir is required, --reject is per file (see --help)\n");
      return false;
    }
    if (watch->retry_seconds < 1) {
      std::fprintf(stderr, "renkei-file watch: --retry-seconds is at least 1\n");
      return false;
    }
    o.file = watch->dir + "/.";  // the state's default place; each file replaces it
  }
  const char* missing = o.file.empty()     ? "FILE"
                        : o.layout.empty() ? "--layout"
                        : o.broker.empty() ? "--broker"
                        : o.unit.empty()   ? "--unit"
                                           : nullptr;
  if (missing != nullptr) {
    std::fprintf(stderr, "renkei-file send: %s is required (see --help)\n", missing);
    return false;
  }
  if (o.unit.find('/') == std::string::npos) {
    std::fprintf(stderr, "renkei-file send: --unit is TENANT/NAME, e.g. 062022/juki-batch\n");
    return false;
  }
  if (o.timeout_ms <= 0 || o.retries < 0 || o.pace_ms < 0 || o.window < 1 || o.window > 256) {
    std::fprintf(stderr,
                 "renkei-file send: --timeout-ms, --retries, --pace-ms are counts, --window is "
                 "1 to 256\n");
    return false;
  }
  while (o.broker.size() > 1 && o.broker.back() == '/') o.broker.pop_back();
  const std::filesystem::path file(o.file);
  if (o.state.empty()) o.state = (file.parent_path() / ".renkei-file.db").string();
  if (o.rejects.empty() && watch == nullptr) o.rejects = o.file + ".rejects.tsv";
  if (o.xsd_dir.empty()) o.xsd_dir = defaultXsdDir();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 1 : 0;
  }
  if (std::strcmp(argv[1], "send") == 0) {
    renkei::file::SendOptions options;
    if (!parseSend(argc, argv, options)) return 1;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const int rc = renkei::file::runSend(options, stdout, stderr);
    curl_global_cleanup();
    return rc;
  }
  if (std::strcmp(argv[1], "watch") == 0) {
    renkei::file::WatchOptions options;
    if (!parseSend(argc, argv, options.send, &options)) return 1;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const int rc = renkei::file::runWatch(options, stdout, stderr);
    curl_global_cleanup();
    return rc;
  }
  if (std::strcmp(argv[1], "receive") == 0) {
    renkei::file::ReceiveOptions options;
    if (!parseReceive(argc, argv, options)) return 1;
    return renkei::file::runReceive(options, stdout, stderr);
  }
  std::fprintf(stderr, "renkei-file: unknown command '%s' (see --help)\n", argv[1]);
  return 1;
}
