#include "adapters/peer/wakeup.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>

namespace renkei::peer {

Wakeup::Wakeup() : fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (fd_ < 0) throw std::runtime_error("eventfd failed");
}

Wakeup::~Wakeup() { close(fd_); }

void Wakeup::signal() {
  const uint64_t one = 1;
  // A full counter (never in practice) still leaves the fd readable: the wake is not lost.
  [[maybe_unused]] ssize_t n = write(fd_, &one, sizeof one);
}

void Wakeup::drain() {
  uint64_t count = 0;
  [[maybe_unused]] ssize_t n = read(fd_, &count, sizeof count);
}

}  // namespace renkei::peer
