#include "broker/tls/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509err.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>

namespace renkei {
namespace {

// Fails with a clear message before OpenSSL's own, which says little about the cause.
void requireReadable(const std::string& what, const std::string& path) {
  if (path.empty()) throw TlsError(what + " is not set");
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw TlsError(what + " " + path + " does not exist");
  std::ifstream in(path);
  if (!in) throw TlsError(what + " " + path + " cannot be read (permissions?)");
}

int loadCrls(X509_STORE* store, const std::string& path) {
  X509_LOOKUP* lookup = X509_STORE_add_lookup(store, X509_LOOKUP_file());
  if (!lookup) return 0;
  return X509_load_crl_file(lookup, path.c_str(), X509_FILETYPE_PEM);
}

}  // namespace

std::string takeOpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown TLS error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

std::shared_ptr<const TlsContext> TlsContext::create(const TlsServerSettings& settings) {
  // OpenSSL writes to the socket with write(), not send(MSG_NOSIGNAL): a peer that has gone
  // away would raise SIGPIPE and end the whole broker. A server has no use for that signal.
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { std::signal(SIGPIPE, SIG_IGN); });
  requireReadable("TLS certificate file", settings.certificate_file);
  requireReadable("TLS key file", settings.key_file);
  if (settings.client_certificates != ClientCertificateMode::kNone) {
    requireReadable("TLS CA file (clientCertificate=\"" +
                        std::string(clientCertificateModeName(settings.client_certificates)) +
                        "\" needs the CAs that issue client certificates)",
                    settings.ca_file);
  }
  if (!settings.crl_file.empty()) requireReadable("TLS CRL file", settings.crl_file);

  ERR_clear_error();
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) throw TlsError("cannot create a TLS context: " + takeOpenSslError());
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> owned(ctx, SSL_CTX_free);
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                               SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_COMPRESSION);
  // The event loop retries a write from where it stopped, with a buffer that may have moved.
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                            SSL_MODE_RELEASE_BUFFERS);

  if (SSL_CTX_use_certificate_chain_file(ctx, settings.certificate_file.c_str()) != 1) {
    throw TlsError("TLS certificate file " + settings.certificate_file +
                   " holds no usable PEM certificate: " + takeOpenSslError());
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, settings.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    // OpenSSL compares the key with the certificate already loaded while it loads it.
    if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH) {
      ERR_clear_error();
      throw TlsError("TLS key file " + settings.key_file + " does not match the certificate in " +
                     settings.certificate_file);
    }
    throw TlsError("TLS key file " + settings.key_file +
                   " holds no usable unencrypted PEM private key: " + takeOpenSslError());
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    throw TlsError("TLS key file " + settings.key_file + " does not match the certificate in " +
                   settings.certificate_file);
  }

  if (!settings.ca_file.empty()) {
    requireReadable("TLS CA file", settings.ca_file);
    if (SSL_CTX_load_verify_locations(ctx, settings.ca_file.c_str(), nullptr) != 1) {
      throw TlsError("TLS CA file " + settings.ca_file +
                     " holds no usable PEM certificate: " + takeOpenSslError());
    }
    // The CA names sent in CertificateRequest let a client with several certificates pick.
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(settings.ca_file.c_str())) {
      SSL_CTX_set_client_CA_list(ctx, names);
    }
  }
  if (!settings.crl_file.empty()) {
    X509_STORE* store = SSL_CTX_get_cert_store(ctx);
    if (loadCrls(store, settings.crl_file) <= 0) {
      throw TlsError("TLS CRL file " + settings.crl_file +
                     " holds no usable PEM CRL: " + takeOpenSslError());
    }
    // The leaf is checked against its issuer's CRL; a CA without a CRL in the file fails
    // verification (unable to get certificate CRL), which is the safe side.
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK);
  }

  int mode = SSL_VERIFY_NONE;
  if (settings.client_certificates == ClientCertificateMode::kOptional) mode = SSL_VERIFY_PEER;
  if (settings.client_certificates == ClientCertificateMode::kRequired) {
    mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
  }
  SSL_CTX_set_verify(ctx, mode, nullptr);
  // Sessions resumed by a client keep the certificate verified in the full handshake; the id
  // context ties them to this listener's verification rules.
  static const unsigned char kSessionContext[] = "renkei";
  SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof kSessionContext - 1);
  return std::shared_ptr<const TlsContext>(new TlsContext(owned.release(), settings));
}

TlsContext::TlsContext(SSL_CTX* ctx, TlsServerSettings settings)
    : ctx_(ctx), settings_(std::move(settings)) {}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

}  // namespace renkei
