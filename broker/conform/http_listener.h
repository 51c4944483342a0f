#pragma once
// The harness's side of `renkei conform --as-receiver`: a small blocking HTTP/1.1 listener that
// takes a vendor client's requests one connection at a time (keep-alive honoured), hands each
// to a callback and sends its reply. A test tool, not a server: no TLS, one client at a time,
// bounded header and body sizes, and every wait has a deadline.
#include <chrono>
#include <functional>
#include <string>

#include "broker/conform/http_request_parser.h"

namespace renkei::conform {

struct ReplyToSend {
  int status = 200;
  std::string content_type = "text/xml; charset=utf-8";
  std::string body;
};

class HttpListener {
 public:
  // Binds host:port (0: an ephemeral port). Throws ConformInputError when it cannot.
  HttpListener(const std::string& host, int port);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  int port() const { return port_; }

  // Serves until `handle` returns false (after its reply is sent) or `deadline` passes.
  using Handler = std::function<bool(const ReceivedRequest&, ReplyToSend&)>;
  void serve(std::chrono::steady_clock::time_point deadline, const Handler& handle);

 private:
  // One connection's requests; false when the handler asked to stop.
  bool serveConnection(int fd, std::chrono::steady_clock::time_point deadline,
                       const Handler& handle);

  int fd_ = -1;
  int port_ = 0;
};

}  // namespace renkei::conform
