#pragma once
// One deadline for a whole connection of the network listener: its TLS handshake, its request
// and its answer. gSOAP's own limits are per read (a client sending a byte now and then is never
// cut) and its handshake limit is its own; a thread here shuts a late connection's socket down,
// which ends whatever read or write its serving thread is blocked in.
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace renkei::mynumber {

class SocketDeadlines {
 public:
  explicit SocketDeadlines(std::chrono::milliseconds within);
  ~SocketDeadlines();
  SocketDeadlines(const SocketDeadlines&) = delete;
  SocketDeadlines& operator=(const SocketDeadlines&) = delete;

  // From now on `fd` is shut down once `within` has passed, unless forgotten first.
  uint64_t watch(int fd);
  // Before its socket is closed (so a later connection on the same number is never shut down):
  // true when the deadline had already cut it.
  bool forget(uint64_t id);

  std::chrono::milliseconds within() const { return within_; }

 private:
  struct Watched {
    int fd;
    std::chrono::steady_clock::time_point deadline;
    bool cut = false;
  };
  void run();

  const std::chrono::milliseconds within_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<uint64_t, Watched> watched_;  // guarded by mutex_; ids rise with time
  uint64_t next_id_ = 1;                 // guarded by mutex_
  bool stopping_ = false;                // guarded by mutex_
  std::thread thread_;
};

}  // namespace renkei::mynumber
