#include "adapters/mynumber/network_tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "soapH.h"

namespace renkei::mynumber {
namespace {

// TLS 1.2 and 1.3 only, on both ends.
constexpr unsigned short kTlsVersions = SOAP_TLSv1_2 | SOAP_TLSv1_3;

std::string openSslErrors() {
  std::string text;
  while (const unsigned long e = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(e, buffer, sizeof buffer);
    text += (text.empty() ? "" : "; ") + std::string(buffer);
  }
  return text;
}

// gSOAP loads a certificate and key only from one combined file: ours are two, loaded into the
// context it made.
std::string loadOwnCertificate(struct soap* soap, const NetworkTlsFiles& files) {
  if (soap->ctx == nullptr) return "no TLS context: " + openSslErrors();
  if (SSL_CTX_use_certificate_chain_file(soap->ctx, files.cert.c_str()) != 1)
    return "certificate " + files.cert + ": " + openSslErrors();
  if (SSL_CTX_use_PrivateKey_file(soap->ctx, files.key.c_str(), SSL_FILETYPE_PEM) != 1)
    return "key " + files.key + ": " + openSslErrors();
  if (SSL_CTX_check_private_key(soap->ctx) != 1)
    return "key " + files.key + " does not match the certificate " + files.cert;
  return {};
}

std::string gsoapError(struct soap* soap) {
  const char* fault = *soap_faultstring(soap);
  const char* detail = *soap_faultdetail(soap);
  return std::string(fault != nullptr ? fault : "TLS set-up failed") +
         (detail != nullptr ? std::string(": ") + detail : "");
}

}  // namespace

std::string useServerTls(struct soap* soap, const NetworkTlsFiles& files) {
  if (soap_ssl_server_context(soap, SOAP_SSL_REQUIRE_CLIENT_AUTHENTICATION | kTlsVersions, nullptr,
                              nullptr, files.ca.c_str(), nullptr, nullptr, nullptr,
                              "renkei-mynumber") != SOAP_OK) {
    return gsoapError(soap);
  }
  return loadOwnCertificate(soap, files);
}

std::string useClientTls(struct soap* soap, const NetworkTlsFiles& files) {
  if (soap_ssl_client_context(soap, SOAP_SSL_REQUIRE_SERVER_AUTHENTICATION | kTlsVersions, nullptr,
                              nullptr, files.ca.c_str(), nullptr, nullptr) != SOAP_OK) {
    return gsoapError(soap);
  }
  return loadOwnCertificate(soap, files);
}

bool peerCertificateNames(struct soap* soap, const std::string& name, std::string& why) {
  if (soap->ssl == nullptr) {
    why = "the request came without TLS, so without a certificate";
    return false;
  }
  X509* cert = SSL_get1_peer_certificate(soap->ssl);
  if (cert == nullptr) {
    why = "the TLS peer presented no certificate";
    return false;
  }
  const bool named = X509_check_host(cert, name.c_str(), name.size(), 0, nullptr) == 1 ||
                     X509_check_ip_asc(cert, name.c_str(), 0) == 1;
  if (!named) {
    char subject[256] = "";
    X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
    why = std::string("the certificate of ") + subject + " does not name " + name;
  }
  X509_free(cert);
  ERR_clear_error();
  return named;
}

std::string tlsFailure(struct soap* soap) {
  const std::string errors = openSslErrors();
  return gsoapError(soap) + (errors.empty() ? "" : " (" + errors + ")");
}

}  // namespace renkei::mynumber
