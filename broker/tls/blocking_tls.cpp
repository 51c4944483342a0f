#include "broker/tls/blocking_tls.h"

#include <poll.h>

#include <cerrno>
#include <chrono>

namespace renkei {
namespace {

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

BlockingTls::BlockingTls(const TlsContext& context, int fd, int io_timeout_ms)
    : session_(context, fd), fd_(fd), io_timeout_ms_(io_timeout_ms) {}

void BlockingTls::setDeadlineIn(int ms) { deadline_ms_ = ms > 0 ? nowMs() + ms : 0; }

int BlockingTls::ioWaitMs() const {
  if (deadline_ms_ == 0) return io_timeout_ms_;
  const int64_t left = deadline_ms_ - nowMs();
  return static_cast<int>(left < io_timeout_ms_ ? left : io_timeout_ms_);
}

bool BlockingTls::wait(TlsIo::Status want, int timeout_ms) {
  if (timeout_ms <= 0) return false;
  pollfd p{fd_, static_cast<short>(want == TlsIo::kWantWrite ? POLLOUT : POLLIN), 0};
  int rc;
  do {
    rc = ::poll(&p, 1, timeout_ms);
  } while (rc < 0 && errno == EINTR);
  return rc > 0;
}

BlockingTls::Handshake BlockingTls::continueHandshake(
    std::chrono::steady_clock::time_point deadline) {
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      failure_ = "TLS handshake not complete within its deadline";
      return Handshake::kFailed;
    }
    const TlsIo io = session_.handshake();
    if (io.status == TlsIo::kDone) return Handshake::kDone;
    if (io.status == TlsIo::kWantRead) return Handshake::kWaitingForPeer;
    if (io.status != TlsIo::kWantWrite) {
      failure_ =
          session_.failure().empty() ? "TLS handshake: connection closed" : session_.failure();
      return Handshake::kFailed;
    }
    // Our flight did not fit the socket's send buffer (tens of KiB for a few KiB of
    // certificates): rare, and bounded by the deadline.
    if (!wait(io.status, static_cast<int>(left.count()))) {
      failure_ = "TLS handshake not complete within its deadline (the client reads nothing)";
      return Handshake::kFailed;
    }
  }
}

std::size_t BlockingTls::read(char* buffer, std::size_t size) {
  while (true) {
    const TlsIo io = session_.read(buffer, size);
    if (io.status == TlsIo::kDone) return io.bytes;
    if (io.status != TlsIo::kWantRead && io.status != TlsIo::kWantWrite) return 0;
    if (!wait(io.status, ioWaitMs())) return 0;
  }
}

std::optional<std::size_t> BlockingTls::readReady(char* buffer, std::size_t size) {
  const TlsIo io = session_.read(buffer, size);
  if (io.status == TlsIo::kDone) return io.bytes;
  // kWantWrite (a TLS 1.3 key update owing an answer) counts as nothing yet too: the caller
  // comes back when the peer sends more, and its deadline bounds the rest.
  if (io.status == TlsIo::kWantRead || io.status == TlsIo::kWantWrite) return 0;
  return std::nullopt;
}

bool BlockingTls::writeAll(const char* data, std::size_t size) {
  std::size_t sent = 0;
  while (sent < size) {
    const TlsIo io = session_.write(data + sent, size - sent);
    if (io.status == TlsIo::kDone) {
      sent += io.bytes;
      continue;
    }
    if (io.status != TlsIo::kWantRead && io.status != TlsIo::kWantWrite) return false;
    if (!wait(io.status, ioWaitMs())) return false;
  }
  return true;
}

}  // namespace renkei
