#pragma once
// Checks the forwarder's TLS files at configuration load, so a typo or a mismatched key is an
// error at `renkei config check` and at start, not a handshake failure on the first message.
#include "broker/tls/tls_context.h"
#include "broker/tls/tls_settings.h"

namespace renkei {

// Throws TlsError naming the file: missing, unreadable, not PEM, or the key does not match
// the certificate (and certificate without key or key without certificate). `role` begins each
// message ("forwarding TLS", or the My Number gateway's "network TLS").
void checkClientTlsFiles(const TlsClientSettings& settings,
                         const std::string& role = "forwarding TLS");

}  // namespace renkei
