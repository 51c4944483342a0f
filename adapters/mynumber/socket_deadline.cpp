#include "adapters/mynumber/socket_deadline.h"

#include <sys/socket.h>

#include "broker/core/deadline_timer.h"

namespace renkei::mynumber {

SocketDeadline::SocketDeadline(int fd, std::chrono::milliseconds within)
    : state_(std::make_shared<State>()) {
  state_->fd = fd;
  DeadlineTimer::shared().at(DeadlineTimer::Clock::now() + within,
                             [weak = std::weak_ptr<State>(state_)] {
                               const std::shared_ptr<State> state = weak.lock();
                               if (!state) return;
                               // Under the lock: release() cannot have let the socket close.
                               std::lock_guard lock(state->mutex);
                               if (state->released) return;
                               ::shutdown(state->fd, SHUT_RDWR);
                               state->cut = true;
                             });
}

bool SocketDeadline::release() {
  std::lock_guard lock(state_->mutex);
  state_->released = true;
  return state_->cut;
}

}  // namespace renkei::mynumber
