#pragma once
// POSTs envelopes to the broker over one kept-alive libcurl connection.
#include <string>

namespace renkei::file {

struct PostReply {
  long status = 0;  // 0: no HTTP answer (transport error)
  std::string body;
  std::string error;  // libcurl's message when status is 0
};

class SoapPoster {
 public:
  SoapPoster(std::string url, long timeout_ms);
  ~SoapPoster();
  SoapPoster(const SoapPoster&) = delete;
  SoapPoster& operator=(const SoapPoster&) = delete;

  // An empty `soap_action` is sent as SOAPAction: "" (the broker then goes by the path and the
  // platform header; a wrong non-empty action would be Client.ActionMismatch).
  PostReply post(const std::string& envelope, const std::string& soap_action);

 private:
  std::string url_;
  long timeout_ms_;
  void* curl_;
};

}  // namespace renkei::file
