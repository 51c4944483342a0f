#pragma once
// One HTTP/1.1 connection to the unit under test (one libcurl easy handle), so successive posts
// reuse it when the unit keeps it alive, and the harness can tell whether it did.
#include <string>

typedef void CURL;

namespace renkei::conform {

struct HttpReply {
  long status = 0;  // 0: no HTTP answer at all (see error)
  std::string content_type;
  std::string body;
  double elapsed_ms = 0;
  bool reused_connection = false;
  std::string error;  // transport failure in words (refused, timed out, closed)
};

class HttpClient {
 public:
  explicit HttpClient(long timeout_ms);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // SOAP 1.1: text/xml and a SOAPAction header; SOAP 1.2: application/soap+xml;action="...".
  HttpReply postSoap(const std::string& url, const std::string& body, bool soap12,
                     const std::string& action);
  HttpReply get(const std::string& url);

 private:
  HttpReply perform(const std::string& url);

  CURL* curl_;
  long timeout_ms_;
};

}  // namespace renkei::conform
