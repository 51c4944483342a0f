#include "broker/tls/client_tls_check.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace renkei {
namespace {

using File = std::unique_ptr<FILE, decltype(&std::fclose)>;

File openReadable(const std::string& what, const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw TlsError(what + " " + path + " does not exist");
  File file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw TlsError(what + " " + path + " cannot be read (permissions?)");
  return file;
}

}  // namespace

void checkClientTlsFiles(const TlsClientSettings& settings, const std::string& role) {
  if (!settings.ca_file.empty()) {
    File file = openReadable(role + " CA file", settings.ca_file);
    X509* ca = PEM_read_X509(file.get(), nullptr, nullptr, nullptr);
    if (!ca) {
      throw TlsError(role + " CA file " + settings.ca_file +
                     " holds no PEM certificate: " + takeOpenSslError());
    }
    X509_free(ca);
  }
  if (settings.certificate_file.empty() != settings.key_file.empty()) {
    throw TlsError(settings.certificate_file.empty()
                       ? role + " key " + settings.key_file + " is given without a certificate"
                       : role + " certificate " + settings.certificate_file +
                             " is given without its key");
  }
  if (settings.certificate_file.empty()) return;
  File cert_file = openReadable(role + " certificate file", settings.certificate_file);
  std::unique_ptr<X509, decltype(&X509_free)> certificate(
      PEM_read_X509(cert_file.get(), nullptr, nullptr, nullptr), X509_free);
  if (!certificate) {
    throw TlsError(role + " certificate file " + settings.certificate_file +
                   " holds no PEM certificate: " + takeOpenSslError());
  }
  File key_file = openReadable(role + " key file", settings.key_file);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_PrivateKey(key_file.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  if (!key) {
    throw TlsError(role + " key file " + settings.key_file +
                   " holds no unencrypted PEM private key: " + takeOpenSslError());
  }
  if (X509_check_private_key(certificate.get(), key.get()) != 1) {
    takeOpenSslError();
    throw TlsError(role + " key file " + settings.key_file + " does not match the certificate in " +
                   settings.certificate_file);
  }
}

}  // namespace renkei
