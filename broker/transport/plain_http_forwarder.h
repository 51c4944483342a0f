#pragma once
// HttpForwarder for units on plain http://, on the broker's own sockets: kept-alive connections
// reused across messages (IdleConnections), the request head and body in one sendmsg(2), the
// answer read with poll(2) against the exchange's deadline and framed by HttpAnswerReader.
// Everything else (https://, units named by host name rather than address, URLs with unusual
// parts) goes to libcurl (CurlForwarder), so TLS, client certificates, key pins and name
// resolution under a deadline stay where they are. Options, outcomes and the wordings of
// errors are CurlForwarder's: a caller cannot tell which of the two carried its message.
//
// Why not libcurl for plain HTTP too: on the bench's 1 KiB exchange, curl_easy_perform was 23%
// of the broker's CPU, half of it in libcurl itself (per-transfer setup, its connection cache,
// several polls per transfer); a plain POST on a kept-alive socket needs three system calls.
#include <chrono>
#include <cstddef>

#include "broker/transport/curl_forwarder.h"
#include "broker/transport/http_forwarder.h"
#include "broker/transport/idle_connections.h"

namespace renkei {

class PlainHttpForwarder : public HttpForwarder {
 public:
  explicit PlainHttpForwarder(CurlForwarderOptions options = {});
  ForwardResult post(const ForwardRequest& request) override;
  std::chrono::milliseconds timeout() const override {
    return std::chrono::milliseconds(options_.total_timeout_ms);
  }
  std::size_t idleConnections() const { return idle_.idleCount(); }

 private:
  CurlForwarderOptions options_;
  CurlForwarder curl_;  // https:// and whatever parsePlainHttpUrl leaves to libcurl
  IdleConnections idle_;
};

}  // namespace renkei
