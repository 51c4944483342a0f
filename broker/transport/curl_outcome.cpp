#include "broker/transport/curl_outcome.h"

#include <system_error>

namespace renkei {
namespace {

std::string osErrorText(CURL* h) {
  long os_errno = 0;
  curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
  if (os_errno == 0) return "could not connect";
  std::string text = std::error_code(static_cast<int>(os_errno), std::generic_category()).message();
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');  // "connection refused" reads in a sentence
  }
  return text;
}

bool requestSent(CURL* h) {
  long request_bytes = 0;
  curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &request_bytes);
  return request_bytes > 0;
}

}  // namespace

void classifyCurlResult(CURL* h, CURLcode rc, bool overflow, const CurlForwarderOptions& options,
                        const char* error_buffer, ForwardResult& result) {
  // libcurl's message often names the host and port ("Failed to connect to 10.1.2.3 port
  // 8080"): kept in result.detail for the log, never in result.error.
  if (rc != CURLE_OK)
    result.detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc);
  switch (rc) {
    case CURLE_OK:
      result.outcome = ForwardResult::kAnswered;
      return;
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_WRITE_ERROR:
      result.outcome = overflow || rc == CURLE_FILESIZE_EXCEEDED ? ForwardResult::kTooLarge
                                                                 : ForwardResult::kError;
      result.error = result.outcome == ForwardResult::kTooLarge
                         ? "answer exceeds " + std::to_string(options.max_response_bytes) + " bytes"
                         : "the answer could not be stored";
      return;
    case CURLE_OPERATION_TIMEDOUT:
      result.outcome = ForwardResult::kTimeout;
      // curl bounds the connect phase by the connect timeout; an earlier expiry was the connect.
      if (result.total_us + 100000 < options.total_timeout_ms * 1000 ||
          (options.connect_timeout_ms >= options.total_timeout_ms && !requestSent(h))) {
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
      result.error = rc == CURLE_PEER_FAILED_VERIFICATION ? "TLS certificate not accepted"
                                                          : "TLS handshake failed";
      return;
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      result.outcome = ForwardResult::kUnavailable;
      result.error = "TLS public key does not match the unit's pin";
      return;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_TOO_MANY_REDIRECTS:
      result.outcome = ForwardResult::kMalformedAnswer;
      result.error = "answered with malformed HTTP";
      return;
    default: {
      // Once the request went out, what failed is the answer (e.g. "Received HTTP/0.9 when not
      // allowed" comes as CURLE_UNSUPPORTED_PROTOCOL); before that, it is the broker's side.
      const bool sent = requestSent(h);
      result.outcome = sent ? ForwardResult::kMalformedAnswer : ForwardResult::kError;
      result.error = sent ? "answered with malformed HTTP"
                          : std::string("could not send: ") + curl_easy_strerror(rc);
      return;
    }
  }
}

}  // namespace renkei
