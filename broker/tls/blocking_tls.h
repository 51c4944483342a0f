#pragma once
// A TLS session for thread-per-connection servers (the admin listener on gSOAP): reads and
// writes wait for the socket with poll() and give up at their deadline, whether the socket is
// blocking or not; the handshake goes as far as the bytes that arrived allow and returns, so a
// client stalled in it costs no thread. The unit-facing listener drives TlsSession from its
// event loop instead.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "broker/tls/tls_session.h"

namespace renkei {

class BlockingTls {
 public:
  // `io_timeout_ms` bounds each wait of a read or write (the idle timeout between requests).
  BlockingTls(const TlsContext& context, int fd, int io_timeout_ms);

  enum class Handshake {
    kDone,            // established: read() and writeAll() may be used
    kWaitingForPeer,  // call again once the socket is readable (the peer has more to send)
    kFailed,          // protocol error, failed verification, end of stream or the deadline
  };
  // Advances the handshake as far as the bytes already here allow, without waiting for the
  // peer: a listener parks the socket on kWaitingForPeer instead of holding a thread while a
  // client stalls. Only a full send buffer is waited for, until `deadline` at most; past it the
  // handshake fails (see failure()).
  Handshake continueHandshake(std::chrono::steady_clock::time_point deadline);
  // From now on read() and writeAll() give up `ms` from now at the latest, however the bytes
  // trickle (a whole-request deadline); 0 = only io_timeout_ms per wait.
  void setDeadlineIn(int ms);
  // Bytes read; 0 at end of stream, on error, after io_timeout_ms without data or past the
  // deadline.
  std::size_t read(char* buffer, std::size_t size);
  // Decrypted bytes that can be had without waiting: how many were read (0 when none has
  // arrived yet), or nullopt at end of stream or on an error. For a listener that gathers a
  // request while the connection waits without a thread.
  std::optional<std::size_t> readReady(char* buffer, std::size_t size);
  // All of it, or false.
  bool writeAll(const char* data, std::size_t size);
  void close() { session_.closeNotify(); }

  std::optional<PeerCertificate> peerCertificate() const { return session_.peerCertificate(); }
  const std::string& failure() const { return failure_; }

 private:
  bool wait(TlsIo::Status want, int timeout_ms);
  int ioWaitMs() const;  // io_timeout_ms_, or less when the deadline is nearer
  TlsSession session_;
  int fd_;
  int io_timeout_ms_;
  int64_t deadline_ms_ = 0;  // steady clock, ms; 0 = none
  std::string failure_;
};

}  // namespace renkei
