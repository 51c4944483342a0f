#pragma once
// Mutual TLS on the path between the My Number gateway and the 情報提供ネットワーク (docs/
// mynumber.md, "Network-side authentication"): both ends present a certificate issued by the
// CA they agreed on, and each checks the other's. Compiled against the gSOAP-generated code of
// the program using it (the gateway, the stand-in network), built with WITH_OPENSSL.
#include <string>

struct soap;

namespace renkei::mynumber {

struct NetworkTlsFiles {
  std::string cert;  // this end's certificate (PEM, chain allowed)
  std::string key;   // its private key (PEM, unencrypted)
  std::string ca;    // the CA certificate(s) the other end's certificate must chain to
  bool enabled() const { return !cert.empty(); }
};

// Prepares `soap` to accept TLS connections that must present a certificate chaining to the
// CA (a connection without one fails its handshake), or to connect with its certificate
// checking the server's against the CA and the URL's host. Returns "" or what went wrong.
std::string useServerTls(struct soap* soap, const NetworkTlsFiles& files);
std::string useClientTls(struct soap* soap, const NetworkTlsFiles& files);

// Whether the peer of a TLS connection presented a certificate naming `name` (a DNS name or an
// IP address in its subjectAltName, or its subject CN when it has no DNS name). Otherwise
// false with `why`: no TLS, no certificate, or the names the certificate carries.
bool peerCertificateNames(struct soap* soap, const std::string& name, std::string& why);

// The OpenSSL / gSOAP reason a handshake failed, for the log.
std::string tlsFailure(struct soap* soap);

}  // namespace renkei::mynumber
