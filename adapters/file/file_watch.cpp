#include "adapters/file/file_watch.h"

#include <chrono>
#include <csignal>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <system_error>

#include "adapters/file/dir_watcher.h"

namespace renkei::file {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t g_stop = 0;
void onStop(int) { g_stop = 1; }

// A free name for `name` in `dir`: the same name again (another night's file called alike)
// gets ".2", ".3", … rather than replacing the earlier one.
fs::path freeName(const fs::path& dir, const std::string& name) {
  fs::path target = dir / name;
  for (int n = 2; fs::exists(target); ++n) target = dir / (name + "." + std::to_string(n));
  return target;
}

// A reject file names a record once it has more than its two header lines.
bool namesAnything(const std::string& rejects) {
  std::ifstream in(rejects);
  std::string line;
  int lines = 0;
  while (lines <= 2 && std::getline(in, line)) ++lines;
  return lines > 2;
}

class Watcher {
 public:
  Watcher(const WatchOptions& o, std::FILE* out, std::FILE* err) : o_(o), out_(out), err_(err) {}

  int run() {
    const fs::path dir(o_.dir);
    std::error_code ec;
    fs::create_directories(dir / "done", ec);
    if (!ec) fs::create_directories(dir / "failed", ec);
    if (ec) {
      std::fprintf(err_, "renkei-file watch: %s: %s\n", o_.dir.c_str(), ec.message().c_str());
      return 1;
    }
    // Watching starts before the listing, so a file arriving in between is in one or both.
    DirWatcher watcher(o_.dir);
    for (const std::string& name : DirWatcher::present(o_.dir)) queue(name);
    std::fprintf(err_, "renkei-file watch: watching %s (%zu file(s) waiting)\n", o_.dir.c_str(),
                 waiting_.size());
    while (!g_stop) {
      while (!waiting_.empty() && !g_stop) sendFirst();
      if (o_.once && retry_.empty()) break;
      for (const std::string& name : watcher.wait(1000)) queue(name);
      for (auto it = retry_.begin(); it != retry_.end();) {
        if (Clock::now() < it->second) {
          ++it;
          continue;
        }
        queue(it->first);
        it = retry_.erase(it);
      }
      if (o_.once && waiting_.empty() && !retry_.empty()) break;
    }
    std::fprintf(err_, "renkei-file watch: stopped\n");
    return 0;
  }

 private:
  void queue(const std::string& name) {
    if (retry_.count(name) != 0) return;
    for (const std::string& w : waiting_) {
      if (w == name) return;
    }
    waiting_.push_back(name);
  }

  void sendFirst() {
    const std::string name = waiting_.front();
    waiting_.pop_front();
    const fs::path dir(o_.dir), file = dir / name;
    if (!fs::is_regular_file(file)) return;  // gone, or already moved by an earlier event
    SendOptions send = o_.send;
    send.file = file.string();
    send.rejects = (dir / ("." + name + ".rejects.tsv")).string();
    const int status = runSend(send, out_, err_);
    if (status == 3) {
      std::fprintf(err_, "renkei-file watch: %s stays in %s; trying again in %d s\n", name.c_str(),
                   o_.dir.c_str(), o_.retry_seconds);
      retry_[name] = Clock::now() + std::chrono::seconds(o_.retry_seconds);
      return;
    }
    const char* where = status == 0 ? "done" : "failed";
    const fs::path target = freeName(dir / where, name);
    std::error_code ec;
    // The file's own rename is the last step: until it, a restart sends the file again, which
    // the state makes a no-op ("already sent").
    if (namesAnything(send.rejects)) {
      fs::rename(send.rejects, target.string() + ".rejects.tsv", ec);
    } else {
      fs::remove(send.rejects, ec);  // only its two header lines, or not there
      ec.clear();
    }
    if (!ec) fs::rename(file, target, ec);
    if (ec) {
      std::fprintf(err_, "renkei-file watch: cannot move %s to %s/: %s\n", name.c_str(), where,
                   ec.message().c_str());
      return;
    }
    std::fprintf(out_, "%s -> %s\n", name.c_str(), (fs::path(where) / target.filename()).c_str());
    std::fflush(out_);
  }

  const WatchOptions& o_;
  std::FILE* out_;
  std::FILE* err_;
  std::deque<std::string> waiting_;
  std::map<std::string, Clock::time_point> retry_;
};

}  // namespace

int runWatch(const WatchOptions& options, std::FILE* out, std::FILE* err) {
  struct sigaction stop {};
  stop.sa_handler = onStop;
  sigaction(SIGTERM, &stop, nullptr);
  sigaction(SIGINT, &stop, nullptr);
  try {
    return Watcher(options, out, err).run();
  } catch (const std::exception& e) {
    std::fprintf(err, "renkei-file watch: %s\n", e.what());
    return 1;
  }
}

}  // namespace renkei::file
