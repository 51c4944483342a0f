#pragma once
// The files that become complete in one directory, by inotify: a file renamed into it
// (IN_MOVED_TO, how a careful sender publishes) or closed after being written (IN_CLOSE_WRITE,
// how a plain copy ends). Names starting with a dot are ignored: the convention for a file
// still being written, and where renkei-file keeps its own reject files and state.
#include <string>
#include <vector>

namespace renkei::file {

class DirWatcher {
 public:
  // Throws std::runtime_error naming the directory when it cannot be watched.
  explicit DirWatcher(const std::string& dir);
  ~DirWatcher();
  DirWatcher(const DirWatcher&) = delete;
  DirWatcher& operator=(const DirWatcher&) = delete;

  // Names (not paths) of files that became complete, waiting at most `timeout_ms`; empty on
  // timeout or when a signal interrupted the wait.
  std::vector<std::string> wait(int timeout_ms);

  // The regular files already in the directory (those left by a previous run), sorted by name.
  static std::vector<std::string> present(const std::string& dir);

 private:
  int fd_ = -1;
};

}  // namespace renkei::file
