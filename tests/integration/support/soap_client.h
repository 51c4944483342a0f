#pragma once
// A plain HTTP client for sending raw SOAP bytes to the broker, as a vendor unit would.
#include <curl/curl.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace renkei::testing {

struct HttpAnswer {
  long status = 0;
  std::string content_type;
  std::string body;
  long connections_opened = 0;
};

inline std::string readTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::string trafficFile(const std::string& name) {
  return readTextFile(std::string(RENKEI_SOURCE_DIR) + "/examples/traffic/" + name);
}

// One client = one curl handle, so successive calls reuse the kept-alive connection.
class SoapClient {
 public:
  SoapClient() : curl_(curl_easy_init()) {}
  ~SoapClient() { curl_easy_cleanup(curl_); }
  SoapClient(const SoapClient&) = delete;
  SoapClient& operator=(const SoapClient&) = delete;

  HttpAnswer post(const std::string& url, const std::string& body,
                  const std::string& content_type = "text/xml; charset=utf-8") {
    curl_easy_reset(curl_);
    struct curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    HttpAnswer answer = perform(url);
    curl_slist_free_all(headers);
    return answer;
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

}  // namespace renkei::testing
