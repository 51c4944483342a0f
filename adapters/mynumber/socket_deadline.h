#pragma once
// One deadline for a whole connection of the network listener: its TLS handshake, its request
// and its answer. gSOAP's own limits are per read (a client sending a byte now and then is never
// cut) and its handshake limit is its own. At the deadline the process-wide DeadlineTimer shuts
// the socket down, which ends whatever read or write its serving thread is blocked in.
#include <chrono>
#include <memory>
#include <mutex>

namespace renkei::mynumber {

class SocketDeadline {
 public:
  // Armed from now: `fd` is shut down once `within` has passed, unless released first.
  SocketDeadline(int fd, std::chrono::milliseconds within);
  ~SocketDeadline() { release(); }
  SocketDeadline(const SocketDeadline&) = delete;
  SocketDeadline& operator=(const SocketDeadline&) = delete;

  // Call before the socket is closed, so a later connection given the same descriptor number
  // is never shut down. True when the deadline had already cut this one.
  bool release();

 private:
  // Shared with the timer's alarm, which may run after this object is gone.
  struct State {
    std::mutex mutex;
    int fd;
    bool released = false;  // guarded by mutex
    bool cut = false;       // guarded by mutex
  };
  std::shared_ptr<State> state_;
};

}  // namespace renkei::mynumber
