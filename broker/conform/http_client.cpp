#include "broker/conform/http_client.h"

#include <curl/curl.h>

#include <chrono>

namespace renkei::conform {
namespace {

size_t collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

}  // namespace

HttpClient::HttpClient(long timeout_ms) : curl_(curl_easy_init()), timeout_ms_(timeout_ms) {}

HttpClient::~HttpClient() { curl_easy_cleanup(curl_); }

HttpReply HttpClient::postSoap(const std::string& url, const std::string& body, bool soap12,
                               const std::string& action) {
  curl_easy_reset(curl_);
  struct curl_slist* headers = nullptr;
  if (soap12) {
    headers = curl_slist_append(
        headers,
        ("Content-Type: application/soap+xml; charset=utf-8; action=\"" + action + "\"").c_str());
  } else {
    headers = curl_slist_append(headers, "Content-Type: text/xml; charset=utf-8");
    headers = curl_slist_append(headers, ("SOAPAction: \"" + action + "\"").c_str());
  }
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip for big bodies
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  HttpReply reply = perform(url);
  curl_slist_free_all(headers);
  return reply;
}

HttpReply HttpClient::get(const std::string& url) {
  curl_easy_reset(curl_);
  return perform(url);
}

HttpReply HttpClient::perform(const std::string& url) {
  HttpReply reply;
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, timeout_ms_);
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_PROXY, "");  // a lab's proxy settings must not reroute the unit
  const auto start = std::chrono::steady_clock::now();
  const CURLcode rc = curl_easy_perform(curl_);
  reply.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (rc != CURLE_OK) {
    reply.error = curl_easy_strerror(rc);
    return reply;
  }
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &reply.status);
  char* type = nullptr;
  curl_easy_getinfo(curl_, CURLINFO_CONTENT_TYPE, &type);
  if (type != nullptr) reply.content_type = type;
  long connects = 0;
  curl_easy_getinfo(curl_, CURLINFO_NUM_CONNECTS, &connects);
  reply.reused_connection = connects == 0;
  return reply;
}

}  // namespace renkei::conform
