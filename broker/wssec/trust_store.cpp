#include "broker/wssec/trust_store.h"

#include <stdexcept>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

namespace renkei::wssec {

namespace {

std::string opensslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

}  // namespace

std::shared_ptr<const TrustStore> TrustStore::load(const std::string& ca_file,
                                                   const std::string& crl_file) {
  std::shared_ptr<TrustStore> trust(new TrustStore());
  trust->store_ = X509_STORE_new();
  if (trust->store_ == nullptr) throw std::runtime_error("cannot create an X509 store");
  if (!ca_file.empty()) {
    if (X509_STORE_load_locations(trust->store_, ca_file.c_str(), nullptr) != 1) {
      throw std::runtime_error(
          ca_file + ": cannot read the CA certificates for signed messages: " + opensslError());
    }
    trust->has_anchor_ = true;
  }
  if (!crl_file.empty()) {
    X509_LOOKUP* lookup = X509_STORE_add_lookup(trust->store_, X509_LOOKUP_file());
    if (lookup == nullptr || X509_load_crl_file(lookup, crl_file.c_str(), X509_FILETYPE_PEM) < 1) {
      throw std::runtime_error(crl_file +
                               ": cannot read the CRL for signed messages: " + opensslError());
    }
    trust->check_crl_ = true;
  }
  return trust;
}

TrustStore::~TrustStore() { X509_STORE_free(store_); }

std::optional<std::string> TrustStore::check(X509* cert) const {
  if (!has_anchor_) return "the broker has no CA configured for signed messages (<signatures>)";
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      &X509_STORE_CTX_free);
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store_, cert, nullptr) != 1) {
    return "the certificate could not be checked: " + opensslError();
  }
  // The CRL covers the leaf: a unit's certificate withdrawn by the CA.
  if (check_crl_) X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_CRL_CHECK);
  if (X509_verify_cert(ctx.get()) == 1) return std::nullopt;
  return X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
}

X509Ptr certificateFromDer(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  // Trailing bytes after the certificate are refused: the token is exactly one certificate.
  if (cert != nullptr && p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    X509_free(cert);
    cert = nullptr;
  }
  ERR_clear_error();
  return X509Ptr(cert, &X509_free);
}

std::string sha256Fingerprint(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  X509_digest(cert, EVP_sha256(), md, &len);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0xf]);
  }
  return out;
}

}  // namespace renkei::wssec
