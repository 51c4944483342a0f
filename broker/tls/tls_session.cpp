#include "broker/tls/tls_session.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <cerrno>
#include <climits>
#include <cstring>

namespace renkei {

TlsSession::TlsSession(const TlsContext& context, int fd) : ssl_(SSL_new(context.get())) {
  if (!ssl_) throw TlsError("cannot start a TLS session: " + takeOpenSslError());
  SSL_set_fd(ssl_, fd);
  SSL_set_accept_state(ssl_);
}

TlsSession::~TlsSession() { SSL_free(ssl_); }

TlsIo TlsSession::result(int rc, const char* doing) {
  TlsIo io;
  if (rc > 0) {
    io.status = TlsIo::kDone;
    io.bytes = static_cast<std::size_t>(rc);
    return io;
  }
  const int error = SSL_get_error(ssl_, rc);
  switch (error) {
    case SSL_ERROR_WANT_READ:
      io.status = TlsIo::kWantRead;
      return io;
    case SSL_ERROR_WANT_WRITE:
      io.status = TlsIo::kWantWrite;
      return io;
    case SSL_ERROR_ZERO_RETURN:
      io.status = TlsIo::kClosed;
      return io;
    case SSL_ERROR_SYSCALL:
      if (errno == EINTR || errno == EAGAIN) {
        // Not expected from OpenSSL 3, which maps these to WANT_*; treat as "try later".
        io.status = TlsIo::kWantRead;
        ERR_clear_error();
        return io;
      }
      failure_ = std::string(doing) + ": " + (errno ? std::strerror(errno) : "connection reset");
      break;
    default: {
      const long verify = SSL_get_verify_result(ssl_);
      failure_ = std::string(doing) + ": " + takeOpenSslError();
      if (verify != X509_V_OK) {
        failure_ +=
            " (client certificate: " + std::string(X509_verify_cert_error_string(verify)) + ")";
      }
      break;
    }
  }
  ERR_clear_error();
  io.status = TlsIo::kFailed;
  return io;
}

TlsIo TlsSession::handshake() {
  ERR_clear_error();
  errno = 0;
  const int rc = SSL_do_handshake(ssl_);
  TlsIo io = result(rc, "TLS handshake");
  if (rc == 1) {
    established_ = true;
    io.bytes = 0;
  }
  return io;
}

TlsIo TlsSession::read(char* buffer, std::size_t size) {
  ERR_clear_error();
  errno = 0;
  const int n = SSL_read(ssl_, buffer, static_cast<int>(size > INT_MAX ? INT_MAX : size));
  return result(n, "TLS read");
}

TlsIo TlsSession::write(const char* data, std::size_t size) {
  if (size == 0) return TlsIo{TlsIo::kDone, 0};
  ERR_clear_error();
  errno = 0;
  const int n = SSL_write(ssl_, data, static_cast<int>(size > INT_MAX ? INT_MAX : size));
  return result(n, "TLS write");
}

void TlsSession::closeNotify() {
  if (sent_close_ || !established_) return;
  sent_close_ = true;
  ERR_clear_error();
  SSL_shutdown(ssl_);  // 0 = sent ours; the peer's is read (or not) by the caller
  ERR_clear_error();
}

std::optional<PeerCertificate> TlsSession::peerCertificate() const {
  if (!established_ || SSL_get_verify_result(ssl_) != X509_V_OK) return std::nullopt;
  X509* certificate = SSL_get1_peer_certificate(ssl_);
  if (!certificate) return std::nullopt;
  PeerCertificate out = describeCertificate(certificate);
  X509_free(certificate);
  return out;
}

std::string TlsSession::protocol() const { return SSL_get_version(ssl_); }

}  // namespace renkei
