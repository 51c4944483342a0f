#include "broker/transport/curl_forwarder.h"

#include <curl/curl.h>

#include <mutex>
#include <system_error>

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

// Header values come from the caller's request: a CR or LF would let it inject headers.
bool isSafeHeaderValue(const std::string& value) {
  return value.find_first_of(std::string("\r\n\0", 3)) == std::string::npos;
}

std::string quotedSoapAction(const std::string& action) {
  if (action.size() >= 2 && action.front() == '"' && action.back() == '"') return action;
  return "\"" + action + "\"";
}

bool buildHeaders(const ForwardRequest& request, HeaderList& headers) {
  // Without an explicit Content-Type curl would send application/x-www-form-urlencoded.
  const std::string content_type =
      request.content_type.empty() ? "Content-Type:" : "Content-Type: " + request.content_type;
  bool ok = headers.add(content_type) && headers.add("Expect:");
  if (!request.soap_action.empty()) {
    ok = ok && headers.add("SOAPAction: " + quotedSoapAction(request.soap_action));
  }
  return ok;
}

void applyOptions(CURL* h, const CurlForwarderOptions& options, const ForwardRequest& request,
                  curl_slist* headers, BodySink* sink, char* error_buffer) {
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");  // units are addressed directly, never via *_proxy env
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options.total_timeout_ms);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "renkei-broker");
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  // Refuses early when Content-Length announces too much; the write callback catches the rest.
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_response_bytes));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, writeBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, sink);
  if (!options.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
  if (!options.client_cert_file.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLCERT, options.client_cert_file.c_str());
  }
  if (!options.client_key_file.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLKEY, options.client_key_file.c_str());
  }
}

std::string osErrorText(CURL* h) {
  long os_errno = 0;
  curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
  if (os_errno == 0) return "could not connect";
  std::string text = std::error_code(static_cast<int>(os_errno), std::generic_category()).message();
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

void classify(CURL* h, CURLcode rc, const BodySink& sink, const CurlForwarderOptions& options,
              const char* error_buffer, ForwardResult& result) {
  const std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc);
  switch (rc) {
    case CURLE_OK:
      result.outcome = ForwardResult::kAnswered;
      return;
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_WRITE_ERROR:
      result.outcome = sink.overflow || rc == CURLE_FILESIZE_EXCEEDED ? ForwardResult::kTooLarge
                                                                      : ForwardResult::kError;
      result.error = result.outcome == ForwardResult::kTooLarge
                         ? "answer exceeds " + std::to_string(options.max_response_bytes) + " bytes"
                         : detail;
      return;
    case CURLE_OPERATION_TIMEDOUT:
      result.outcome = ForwardResult::kTimeout;
      // curl bounds the connect phase by the connect timeout; an earlier expiry was the connect.
      if (result.total_us + 100000 < options.total_timeout_ms * 1000) {
        result.error = "no connection within " + std::to_string(options.connect_timeout_ms) + " ms";
      } else {
        result.error = "no answer within " + std::to_string(options.total_timeout_ms) + " ms";
      }
      return;
    case CURLE_COULDNT_CONNECT:
      result.outcome = ForwardResult::kUnavailable;
      result.error = osErrorText(h);
      return;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      result.outcome = ForwardResult::kUnavailable;
      result.error = "host name not resolved";
      return;
    case CURLE_GOT_NOTHING:
      result.outcome = ForwardResult::kUnavailable;
      result.error = "connection closed without an answer";
      return;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      // Reset before the status line: the unit never answered. After it: a broken answer.
      result.outcome =
          result.http_status == 0 ? ForwardResult::kUnavailable : ForwardResult::kMalformedAnswer;
      result.error = result.http_status == 0 ? "connection reset before an answer"
                                             : "connection reset during the answer";
      return;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
      result.outcome = ForwardResult::kUnavailable;
      result.error = "TLS handshake failed: " + detail;
      return;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_TOO_MANY_REDIRECTS:
      result.outcome = ForwardResult::kMalformedAnswer;
      result.error = detail;
      return;
    default: {
      // Once the request went out, what failed is the answer (e.g. "Received HTTP/0.9 when not
      // allowed" comes as CURLE_UNSUPPORTED_PROTOCOL); before that, it is the broker's side.
      long request_bytes = 0;
      curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &request_bytes);
      result.outcome = request_bytes > 0 ? ForwardResult::kMalformedAnswer : ForwardResult::kError;
      result.error = detail;
      return;
    }
  }
}

}  // namespace

CurlForwarder::CurlForwarder(CurlForwarderOptions options)
    : options_(std::move(options)), pool_(options_.max_idle_handles) {
  ensureCurlGlobalInit();
}

ForwardResult CurlForwarder::post(const ForwardRequest& request) {
  ForwardResult result;
  if (!isSafeHeaderValue(request.content_type) || !isSafeHeaderValue(request.soap_action)) {
    result.error = "Content-Type or SOAPAction contains a line break";
    return result;
  }
  HeaderList headers;
  if (!buildHeaders(request, headers)) {
    result.error = "out of memory building headers";
    return result;
  }
  CurlHandlePool::Handle handle = pool_.acquire();
  if (!handle) {
    result.error = "curl_easy_init failed";
    return result;
  }
  CURL* h = handle.get();
  BodySink sink;
  sink.limit = options_.max_response_bytes;
  char error_buffer[CURL_ERROR_SIZE] = {0};
  applyOptions(h, options_, request, headers.get(), &sink, error_buffer);

  const CURLcode rc = curl_easy_perform(h);

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
  classify(h, rc, sink, options_, error_buffer, result);
  if (result.outcome == ForwardResult::kAnswered) result.body = std::move(sink.body);

  // The options point into this frame (error buffer, body, headers). Reset drops them all but
  // keeps the handle's live connections, which is the point of pooling it.
  curl_easy_reset(h);
  pool_.release(std::move(handle));
  return result;
}

}  // namespace renkei
