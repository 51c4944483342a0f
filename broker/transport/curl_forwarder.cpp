#include "broker/transport/curl_forwarder.h"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

#include "broker/core/blocking_wait.h"
#include "broker/transport/curl_outcome.h"
#include "broker/transport/forward_headers.h"

namespace renkei {
namespace {

void ensureCurlGlobalInit() {
  // Never paired with curl_global_cleanup: libcurl stays initialised for the process lifetime,
  // other threads may still own handles at exit.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct BodySink {
  std::string body;
  std::size_t limit = 0;
  bool overflow = false;
};

size_t writeBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const size_t length = size * count;
  if (length > sink->limit - sink->body.size()) {
    sink->overflow = true;
    return 0;  // anything but `length` aborts the transfer with CURLE_WRITE_ERROR
  }
  sink->body.append(data, length);
  return length;
}

class HeaderList {
 public:
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() { curl_slist_free_all(list_); }
  bool add(const std::string& line) {
    curl_slist* next = curl_slist_append(list_, line.c_str());
    if (!next) return false;
    list_ = next;
    return true;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

bool buildHeaders(const ForwardRequest& request, HeaderList& headers) {
  // Without an explicit Content-Type curl would send application/x-www-form-urlencoded.
  const std::string content_type =
      request.content_type.empty() ? "Content-Type:" : "Content-Type: " + request.content_type;
  bool ok = headers.add(content_type) && headers.add("Expect:");
  if (!request.soap_action.empty()) {
    ok = ok && headers.add("SOAPAction: " + quotedSoapAction(request.soap_action));
  }
  if (!request.authorization.empty()) {
    ok = ok && headers.add("Authorization: " + request.authorization);
  }
  return ok;
}

// A pooled handle serves one origin for its whole life (CurlHandlePool files it under the
// origin it was acquired for), so what depends only on the broker's settings and the origin is
// set once, when the handle is new. Resetting the handle and setting all of it again for every
// message parsed protocol lists and copied strings per exchange for nothing.
void applyHandleOptions(CURL* h, const CurlForwarderOptions& options, const std::string& origin) {
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");  // units are addressed directly, never via *_proxy env
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "renkei-broker");
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  // Refuses early when Content-Length announces too much; the write callback catches the rest.
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(options.max_response_bytes));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, writeBody);
  if (!options.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
  if (!options.client_cert_file.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLCERT, options.client_cert_file.c_str());
  }
  if (!options.client_key_file.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLKEY, options.client_key_file.c_str());
  }
  // The same floor towards units as on the broker's own listeners.
  curl_easy_setopt(h, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  if (auto pin = options.pinned_public_keys.find(origin); pin != options.pinned_public_keys.end()) {
    curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, pin->second.c_str());
  }
  // Marks the handle as set up (CURLINFO_PRIVATE is null on a new handle).
  curl_easy_setopt(h, CURLOPT_PRIVATE, const_cast<char*>("renkei-forwarder"));
}

bool handleIsSetUp(CURL* h) {
  char* mark = nullptr;
  return curl_easy_getinfo(h, CURLINFO_PRIVATE, &mark) == CURLE_OK && mark != nullptr;
}

// What changes with each message: the URL (its path), the body, the headers, the time left.
void applyTransferOptions(CURL* h, long connect_timeout_ms, long total_timeout_ms,
                          const ForwardRequest& request, curl_slist* headers, BodySink* sink,
                          char* error_buffer) {
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, total_timeout_ms);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, sink);
}

// The transfer options point into post()'s frame: cleared before the handle goes back to the
// pool, so an idle handle (closed later, perhaps on eviction) refers to nothing that is gone.
void clearTransferOptions(CURL* h) {
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, nullptr);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(-1));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, nullptr);
}

}  // namespace

CurlForwarder::CurlForwarder(CurlForwarderOptions options)
    : options_(std::move(options)), pool_(options_.max_idle_handles) {
  ensureCurlGlobalInit();
}

ForwardResult CurlForwarder::post(const ForwardRequest& request) {
  ForwardResult result;
  if (!hasSafeHeaders(request)) {
    result.error = kUnsafeHeadersError;
    return result;
  }
  HeaderList headers;
  if (!buildHeaders(request, headers)) {
    result.error = "out of memory building headers";
    return result;
  }
  const std::string origin = CurlHandlePool::originOf(request.url);
  CurlHandlePool::Handle handle = pool_.acquire(origin);
  if (!handle) {
    result.error = "curl_easy_init failed";
    return result;
  }
  CURL* h = handle.get();
  if (!handleIsSetUp(h)) applyHandleOptions(h, options_, origin);
  // The exchange's remaining time bounds this transfer, connect included.
  long total_timeout_ms = options_.total_timeout_ms;
  if (request.timeout_ms > 0 && request.timeout_ms < total_timeout_ms) {
    total_timeout_ms = request.timeout_ms;
  }
  const long connect_timeout_ms = std::min(options_.connect_timeout_ms, total_timeout_ms);
  BodySink sink;
  sink.limit = options_.max_response_bytes;
  char error_buffer[CURL_ERROR_SIZE] = {0};
  applyTransferOptions(h, connect_timeout_ms, total_timeout_ms, request, headers.get(), &sink,
                       error_buffer);

  CURLcode rc;
  {
    // The whole transfer: libcurl waits inside, so the wait is declared from its start.
    BlockingWait waiting;
    rc = curl_easy_perform(h);
  }

  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  result.http_status = static_cast<int>(status);
  curl_off_t connect_us = 0;
  curl_off_t total_us = 0;
  curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connect_us);
  curl_easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &total_us);
  result.connect_us = static_cast<long>(connect_us);
  result.total_us = static_cast<long>(total_us);
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &result.new_connections);
  const char* content_type = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
    result.content_type = content_type;
  }
  if (rc == CURLE_OK) {
    result.outcome = ForwardResult::kAnswered;
    result.body = std::move(sink.body);
  } else {
    // The limits this transfer ran under, for the fault's wording.
    CurlForwarderOptions limits = options_;
    limits.total_timeout_ms = total_timeout_ms;
    limits.connect_timeout_ms = connect_timeout_ms;
    classifyCurlResult(h, rc, sink.overflow, limits, error_buffer, result);
  }

  clearTransferOptions(h);
  pool_.release(origin, std::move(handle));
  return result;
}

}  // namespace renkei
