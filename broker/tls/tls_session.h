#pragma once
// One server-side TLS connection over a socket the caller owns. Non-blocking use: each call
// says whether it made progress or needs the socket readable or writable first, so an event
// loop can map it to its epoll interest. Blocking sockets work too (the admin listener).
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "broker/tls/peer_certificate.h"
#include "broker/tls/tls_context.h"

typedef struct ssl_st SSL;

namespace renkei {

struct TlsIo {
  enum Status {
    kDone,       // bytes > 0 moved, or the handshake finished
    kWantRead,   // call again once the socket is readable
    kWantWrite,  // call again once the socket is writable
    kClosed,     // the peer ended the stream (close_notify or end of file)
    kFailed,     // protocol error, failed verification, reset: close the connection
  };
  Status status = kFailed;
  std::size_t bytes = 0;
};

class TlsSession {
 public:
  // The socket must stay open for the session's life; the session never closes it.
  TlsSession(const TlsContext& context, int fd);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  TlsIo handshake();
  TlsIo read(char* buffer, std::size_t size);
  // After kWantRead/kWantWrite, call again with the same bytes (the buffer may have moved).
  TlsIo write(const char* data, std::size_t size);
  // Sends close_notify once, without waiting for the peer's.
  void closeNotify();

  // The client certificate that verified against the CA (and CRL); nullopt when there is none.
  std::optional<PeerCertificate> peerCertificate() const;
  // Why the last call failed, for the log: OpenSSL's text or the verification result.
  const std::string& failure() const { return failure_; }
  std::string protocol() const;  // "TLSv1.3"
  bool established() const { return established_; }

 private:
  TlsIo result(int rc, const char* doing);
  SSL* ssl_;
  bool established_ = false;
  bool sent_close_ = false;
  std::string failure_;
};

}  // namespace renkei
