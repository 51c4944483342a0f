#pragma once
// One OpenSSL server context built from TlsServerSettings, shared by every connection of a
// listener (the unit-facing event loop and the admin listener use the same class, so both have
// the same protocol floor, CA, CRL and client-certificate rules).
//
// Policy, and why:
// - TLS 1.2 is the floor (1.0/1.1 are deprecated by RFC 8996); 1.3 is negotiated whenever the
//   client offers it, since OpenSSL prefers the highest common version.
// - Renegotiation is off: it would let a client make the server redo expensive work at will.
// - A peer that closes without close_notify is treated as an ordinary end of stream: HTTP/1.1
//   framing already tells whether a request was whole.
#include <memory>
#include <stdexcept>
#include <string>

#include "broker/tls/tls_settings.h"

typedef struct ssl_ctx_st SSL_CTX;

namespace renkei {

// A TLS setting that cannot be used, worded for the operator: names the file and the reason
// ("key file /etc/renkei/broker.key does not match the certificate in /etc/renkei/broker.crt").
class TlsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TlsContext {
 public:
  // Throws TlsError when a file is missing or unreadable, the key does not match the
  // certificate, or a client-certificate mode other than none has no CA bundle.
  static std::shared_ptr<const TlsContext> create(const TlsServerSettings& settings);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* get() const { return ctx_; }
  const TlsServerSettings& settings() const { return settings_; }

 private:
  TlsContext(SSL_CTX* ctx, TlsServerSettings settings);
  SSL_CTX* ctx_;
  TlsServerSettings settings_;
};

// The first error in OpenSSL's queue for this thread, as text, and clears the queue.
std::string takeOpenSslError();

}  // namespace renkei
