#pragma once
// The certificate authorities unit signing certificates must chain to, with an optional CRL.
// Loaded once at start; checking is read-only and safe from many worker threads.
#include <memory>
#include <optional>
#include <string>

#include <openssl/x509.h>

namespace renkei::wssec {

class TrustStore {
 public:
  // Throws std::runtime_error naming the file when a CA bundle or CRL cannot be read.
  // An empty `ca_file` gives a store that trusts nothing.
  static std::shared_ptr<const TrustStore> load(const std::string& ca_file,
                                                const std::string& crl_file);
  ~TrustStore();
  TrustStore(const TrustStore&) = delete;
  TrustStore& operator=(const TrustStore&) = delete;

  // nullopt when `cert` chains to a configured CA and is valid now (and not revoked, when a CRL
  // is configured); otherwise OpenSSL's reason, e.g. "certificate has expired".
  std::optional<std::string> check(X509* cert) const;

 private:
  TrustStore() = default;
  X509_STORE* store_ = nullptr;
  bool has_anchor_ = false;
  bool check_crl_ = false;
};

// DER bytes -> certificate (nullptr when they are not one).
using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
X509Ptr certificateFromDer(const std::string& der);
// Lower-case hex SHA-256 of the DER encoding: what `signingCertSha256` in the config holds.
std::string sha256Fingerprint(X509* cert);

}  // namespace renkei::wssec
