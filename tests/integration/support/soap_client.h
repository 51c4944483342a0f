#pragma once
// A plain HTTP client for sending raw SOAP bytes to the broker, as a vendor unit would.
#include <curl/curl.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

#include "broker/replay/xs_date_time.h"

namespace renkei::testing {

struct HttpAnswer {
  long status = 0;
  std::string content_type;
  std::string body;
  long connections_opened = 0;
};

// For HTTPS: trust for the server's certificate and, optionally, the client's own.
struct TlsClientFiles {
  std::string ca;           // trust for the broker's certificate
  std::string certificate;  // empty: connect without a client certificate
  std::string key;
};

inline void setTlsClientFiles(CURL* curl, const TlsClientFiles& files) {
  curl_easy_setopt(curl, CURLOPT_CAINFO, files.ca.c_str());
  if (!files.certificate.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, files.certificate.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLKEY, files.key.c_str());
  }
}

inline std::string readTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The example traffic file's exact bytes (its MessageId and a Timestamp of 2024).
inline std::string trafficFileAsIs(const std::string& name) {
  return readTextFile(std::string(RENKEI_SOURCE_DIR) + "/examples/traffic/" + name);
}

// Replaces the text of the first element whose name ends in `local` (any prefix).
inline std::string withElementText(std::string body, const std::string& local,
                                   const std::string& text) {
  for (std::size_t at = body.find(local + ">"); at != std::string::npos;
       at = body.find(local + ">", at + 1)) {
    const char before = at > 0 ? body[at - 1] : ' ';
    if (before != '<' && before != ':') continue;  // not an opening tag of that element
    if (at > 1 && body[at - 2] == '/') continue;   // a closing tag
    const std::size_t open_end = at + local.size() + 1;
    const std::size_t close = body.find("</", open_end);
    if (close == std::string::npos) break;
    return body.replace(open_end, close - open_end, text);
  }
  return body;
}

// Now plus `offset_s` seconds, as the platform header writes it (Japan Standard Time).
inline std::string timestampNow(long offset_s = 0) {
  const std::time_t now = std::time(nullptr) + offset_s + 9 * 3600;
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+09:00", &tm);
  return text;
}

inline std::string newMessageId() {
  static std::mt19937_64 random{std::random_device{}()};
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  char text[40];
  const uint64_t a = random(), b = random();
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return text;
}

// The text of the first element named `local` (any prefix), or "" when there is none.
inline std::string elementTextOf(const std::string& body, const std::string& local) {
  const std::string marker = "\x01";
  const std::string probe = withElementText(body, local, marker);
  if (probe == body) return "";
  const std::size_t at = probe.find(marker);
  const std::size_t close = body.find("</", at);
  return close == std::string::npos ? "" : body.substr(at, close - at);
}

inline bool looksLikeUuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (text[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

// A current Timestamp, as the broker's freshness check (<replay>) wants.
inline std::string withFreshTimestamp(std::string body) {
  return withElementText(std::move(body), "Timestamp", timestampNow());
}

// The body as a client would send it now: a new MessageId and the current Timestamp. Only
// well-formed values are replaced: a test that broke one on purpose keeps it broken.
inline std::string freshMessage(std::string body) {
  if (parseXsDateTime(elementTextOf(body, "Timestamp"))) body = withFreshTimestamp(std::move(body));
  if (looksLikeUuid(elementTextOf(body, "MessageId"))) {
    body = withElementText(std::move(body), "MessageId", newMessageId());
  }
  return body;
}

// An example traffic file as a client would send it now (see freshMessage).
inline std::string trafficFile(const std::string& name) {
  return freshMessage(trafficFileAsIs(name));
}

// One client = one curl handle, so successive calls reuse the kept-alive connection (and over
// HTTPS its TLS session; connections_opened says whether a call needed a new one).
class SoapClient {
 public:
  SoapClient() : curl_(curl_easy_init()) {}
  explicit SoapClient(TlsClientFiles tls) : curl_(curl_easy_init()), tls_(std::move(tls)) {}
  ~SoapClient() { curl_easy_cleanup(curl_); }
  SoapClient(const SoapClient&) = delete;
  SoapClient& operator=(const SoapClient&) = delete;

  // Sends `body` as a client would send it now (freshMessage: a new MessageId, the current
  // Timestamp), so a test may post the same example many times without being refused as a
  // replay. postAsIs sends the exact bytes.
  HttpAnswer post(const std::string& url, const std::string& body,
                  const std::string& content_type = "text/xml; charset=utf-8") {
    return postAsIs(url, freshMessage(body), content_type);
  }

  // `extra_headers`: whole header lines, e.g. "SOAPAction: \"urn:x#Op\"".
  HttpAnswer postAsIs(const std::string& url, const std::string& body,
                      const std::string& content_type = "text/xml; charset=utf-8",
                      const std::vector<std::string>& extra_headers = {}) {
    curl_easy_reset(curl_);
    // Owned, not freed by hand after perform(): perform throws when the broker is gone (the
    // kill -9 tests), and ASan's leak check saw the list left behind then.
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr,
                                                                        curl_slist_free_all);
    const auto add = [&](const std::string& line) {
      headers.reset(curl_slist_append(headers.release(), line.c_str()));
    };
    add("Content-Type: " + content_type);
    add("Expect:");
    for (const std::string& line : extra_headers) add(line);
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    return perform(url);
  }

  HttpAnswer get(const std::string& url) {
    curl_easy_reset(curl_);
    return perform(url);
  }

 private:
  HttpAnswer perform(const std::string& url) {
    HttpAnswer answer;
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, 20000L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &SoapClient::collect);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &answer.body);
    if (!tls_.ca.empty()) setTlsClientFiles(curl_, tls_);
    const CURLcode rc = curl_easy_perform(curl_);
    if (rc != CURLE_OK)
      throw std::runtime_error(std::string("HTTP failed: ") + curl_easy_strerror(rc));
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &answer.status);
    char* ct = nullptr;
    curl_easy_getinfo(curl_, CURLINFO_CONTENT_TYPE, &ct);
    if (ct) answer.content_type = ct;
    curl_easy_getinfo(curl_, CURLINFO_NUM_CONNECTS, &answer.connections_opened);
    return answer;
  }
  static size_t collect(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
  }
  CURL* curl_;
  TlsClientFiles tls_;  // empty: plain HTTP
};

// The text of the first <tag>...</tag> (prefix-agnostic: matches ":tag>" or "<tag>").
inline std::string firstElementText(const std::string& xml, const std::string& local) {
  for (const std::string& open : {":" + local + ">", "<" + local + ">"}) {
    const auto start = xml.find(open);
    if (start == std::string::npos) continue;
    const auto text = start + open.size();
    const auto end = xml.find("</", text);
    return xml.substr(text, end == std::string::npos ? std::string::npos : end - text);
  }
  return "";
}

// The address a message belongs at: /services/<its header's ServiceName> (the broker refuses a
// message posted to another service's address with Client.ActionMismatch).
inline std::string serviceAddress(const std::string& message) {
  return "/services/" + firstElementText(message, "ServiceName");
}

}  // namespace renkei::testing
