#pragma once
// A TLS session for thread-per-connection servers (the admin listener on gSOAP): every call
// waits for the socket with poll() and gives up at its deadline, whether the socket is blocking
// or not. The unit-facing listener drives TlsSession from its event loop instead.
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

  // The whole handshake within `deadline_ms`; false on failure or timeout (see failure()).
  bool handshake(int deadline_ms);
  // From now on read() and writeAll() give up `ms` from now at the latest, however the bytes
  // trickle (a whole-request deadline); 0 = only io_timeout_ms per wait.
  void setDeadlineIn(int ms);
  // Bytes read; 0 at end of stream, on error, after io_timeout_ms without data or past the
  // deadline.
  std::size_t read(char* buffer, std::size_t size);
  // All of it, or false.
  bool writeAll(const char* data, std::size_t size);
  void close() { session_.closeNotify(); }
  // Decrypted bytes read from the socket but not yet returned by read(): the socket can be
  // quiet while a request is already here.
  bool hasBufferedData() const { return session_.hasBufferedData(); }

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
