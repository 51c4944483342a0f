#pragma once
// HTTPS to the broker with a chosen client certificate (libcurl), and a bare OpenSSL handshake
// for tests about protocol versions.
#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <stdexcept>
#include <string>

#include "tests/integration/support/raw_connection.h"
#include "tests/integration/support/soap_client.h"

namespace renkei::testing {

inline void collectBodyInto(CURL* curl, std::string& body) {
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t n, void* out) {
        static_cast<std::string*>(out)->append(data, size * n);
        return size * n;
      });
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
}

// The answer, or throws std::runtime_error with libcurl's reason when no HTTP answer came
// (refused handshake, closed connection).
// A GET when `body` is empty. `host`: a Host header other than the URL's.
inline HttpAnswer tlsRequest(const std::string& url, const std::string& body,
                             const TlsClientFiles& files, const std::string& host = "",
                             const std::string& content_type = "text/xml; charset=utf-8") {
  CURL* curl = curl_easy_init();
  HttpAnswer answer;
  curl_slist* headers = nullptr;
  if (!host.empty()) headers = curl_slist_append(headers, ("Host: " + host).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  if (!body.empty()) {
    headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 20000L);
  setTlsClientFiles(curl, files);
  collectBodyInto(curl, answer.body);
  const CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  char* ct = nullptr;
  curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ct);
  if (ct) answer.content_type = ct;
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) throw std::runtime_error(curl_easy_strerror(rc));
  return answer;
}

inline HttpAnswer tlsPost(const std::string& url, const std::string& body,
                          const TlsClientFiles& files) {
  return tlsRequest(url, body, files);
}

// Offers only `version` (e.g. TLS1_1_VERSION) and reports whether the handshake succeeded; the
// client side allows old protocols, so a failure is the server's refusal.
inline bool handshakeWithOnly(int port, int version, std::string* why) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_security_level(ctx, 0);
  SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0");
  SSL_CTX_set_min_proto_version(ctx, version);
  SSL_CTX_set_max_proto_version(ctx, version);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  // A handshake that hangs is a failure of the test, not a reason to wait forever.
  timeval limit{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    ok = SSL_connect(ssl) == 1;
    char text[256] = "";
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    *why = text;
    SSL_free(ssl);
  }
  ::close(fd);
  SSL_CTX_free(ctx);
  return ok;
}

}  // namespace renkei::testing
