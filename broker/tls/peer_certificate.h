#pragma once
// What a verified client certificate says about its holder, in the forms the registry binds
// units to: the SHA-256 fingerprint of the whole certificate (DER) and the subject name.
#include <optional>
#include <string>

typedef struct x509_st X509;

namespace renkei {

struct PeerCertificate {
  std::string sha256;   // lower-case hex, no separators: 64 characters
  std::string subject;  // RFC 2253 text, e.g. "CN=062022/kokuho,O=Yonezawa City,C=JP"
};

PeerCertificate describeCertificate(X509* certificate);

// A fingerprint as operators write it ("AB:CD:..." as `openssl x509 -fingerprint -sha256`
// prints it, or plain hex in either case) in the canonical form above; nullopt when it is not
// 32 bytes of hex.
std::optional<std::string> normalizeSha256Fingerprint(const std::string& text);

}  // namespace renkei
