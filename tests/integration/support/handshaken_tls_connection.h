#pragma once
// A bare OpenSSL client connection to a TLS listener, for tests about what happens on the
// connection itself rather than to one HTTP exchange: one that finished its handshake and then
// says nothing (a browser's spare socket), trickles its request, or reads until the listener
// ends the connection and looks at how it ended.
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <memory>
#include <string>

#include "tests/integration/support/raw_connection.h"
#include "tests/integration/support/tls_client.h"

namespace renkei::testing {

class HandshakenTlsConnection {
 public:
  HandshakenTlsConnection(int port, const TlsClientFiles& files) {
    ctx_ = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx_, files.ca.c_str(), nullptr);
    SSL_CTX_use_certificate_file(ctx_, files.certificate.c_str(), SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(ctx_, files.key.c_str(), SSL_FILETYPE_PEM);
    connection_ = std::make_unique<RawConnection>(port);
    // A listener whose workers are all held would leave the handshake waiting: fail instead.
    timeval limit{10, 0};
    setsockopt(connection_->fd(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, connection_->fd());
    established_ = SSL_connect(ssl_) == 1;
  }
  ~HandshakenTlsConnection() {
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
  }
  HandshakenTlsConnection(const HandshakenTlsConnection&) = delete;
  HandshakenTlsConnection& operator=(const HandshakenTlsConnection&) = delete;

  bool established() const { return established_; }
  bool send(const std::string& bytes) {
    return SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())) ==
           static_cast<int>(bytes.size());
  }
  // True once the listener ended the connection (end of stream or reset) within `timeout`.
  bool closedByPeer(std::chrono::milliseconds timeout) {
    pollfd p{connection_->fd(), POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char buffer[4096];
    return SSL_read(ssl_, buffer, sizeof buffer) <= 0;
  }

  // Everything the listener sends until the connection ends (or 10 s pass without a byte).
  struct Ending {
    std::string received;
    // The listener said it was done (a TLS close_notify) before its end of stream. Without it
    // a client cannot tell a complete answer from one cut short by an attacker (a truncation),
    // and OpenSSL 3 reports "unexpected eof while reading".
    bool close_notify = false;
  };
  Ending readToEnd() {
    Ending ending;
    char buffer[4096];
    for (;;) {
      const int n = SSL_read(ssl_, buffer, sizeof buffer);
      if (n > 0) {
        ending.received.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      ending.close_notify = SSL_get_error(ssl_, n) == SSL_ERROR_ZERO_RETURN;
      return ending;
    }
  }

 private:
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  std::unique_ptr<RawConnection> connection_;
  bool established_ = false;
};

}  // namespace renkei::testing
