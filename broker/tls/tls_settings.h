#pragma once
// What an operator configures for TLS on a listener (<listen><tls>, <admin><tls>) and towards
// units (<forwarding><tls>). Paths are absolute once the configuration has been loaded.
#include <string>

namespace renkei {

enum class ClientCertificateMode {
  kNone,      // no certificate is asked for
  kOptional,  // asked for; a caller without one still connects (it must then authenticate some
              // other way, e.g. a plain unit on loopback); one that fails verification does not
  kRequired,  // a connection without a certificate that verifies is refused in the handshake
};

const char* clientCertificateModeName(ClientCertificateMode mode);
bool parseClientCertificateMode(const std::string& text, ClientCertificateMode* out);

struct TlsServerSettings {
  bool enabled = false;
  std::string certificate_file;  // PEM: the listener's certificate, then its chain
  std::string key_file;          // PEM private key, unencrypted
  std::string ca_file;           // PEM bundle of CAs that issue client certificates
  std::string crl_file;          // PEM CRLs of those CAs; empty = no revocation check
  ClientCertificateMode client_certificates = ClientCertificateMode::kNone;
};

// Towards units (libcurl). Empty fields fall back to libcurl's defaults (system trust store,
// no client certificate).
struct TlsClientSettings {
  std::string ca_file;
  std::string certificate_file;
  std::string key_file;
};

}  // namespace renkei
