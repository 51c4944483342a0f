#pragma once
// Outbound HTTP(S) to business units. The forward stage depends on this interface only. The
// broker uses PlainHttpForwarder (plain http:// to an address on its own sockets, the rest
// through CurlForwarder, on libcurl); tests of the stage may use a fake.
#include <chrono>
#include <string>

namespace renkei {

struct ForwardRequest {
  std::string url;
  std::string content_type;  // sent unchanged (SOAP 1.2 carries its action parameter here)
  std::string soap_action;   // SOAP 1.1 SOAPAction header value; empty = no header
  std::string body;
  // Authorization header value; empty = no header. Only REST units get one: the bearer JWT the
  // broker signs for them (adapters/rest/rest_target_forwarder.h).
  std::string authorization;
  // What is left of the exchange's deadline for this transfer, connect included; 0 = the
  // forwarder's own total timeout. Never more than that total.
  long timeout_ms = 0;
};

struct ForwardResult {
  enum Outcome {
    kAnswered,     // an HTTP response arrived, whatever its status
    kUnavailable,  // connection refused, DNS failure, TLS handshake failure, reset before answer
    kTimeout,      // no (complete) answer within the connect or total timeout
    kTooLarge,     // the answer exceeds the configured maximum size
    kMalformedAnswer,  // the unit answered, but not with valid HTTP
    kError,            // broker-side problem: bad URL, unsupported scheme, invalid header value
  };
  Outcome outcome = kError;
  int http_status = 0;
  std::string content_type;
  std::string body;
  // Short cause when outcome != kAnswered, from a fixed set of wordings ("connection refused",
  // "no answer within 2000 ms"): it may reach the calling unit, so it never names a host.
  std::string error;
  std::string detail;        // libcurl's own message, which may name the host: for logs only
  long connect_us = 0;       // time to connect (0 when a kept-alive connection was reused)
  long total_us = 0;         // whole transfer
  long new_connections = 0;  // TCP connections opened for this request (0 = reused)
};

const char* forwardOutcomeName(ForwardResult::Outcome outcome);

class HttpForwarder {
 public:
  virtual ~HttpForwarder() = default;
  // Thread-safe: called concurrently by the broker's worker threads.
  virtual ForwardResult post(const ForwardRequest& request) = 0;
  // The configured budget of one exchange's forward (timeoutMs), zero when it has none; the
  // forward stage takes it as the exchange's deadline unless it is given one.
  virtual std::chrono::milliseconds timeout() const { return std::chrono::milliseconds(0); }
};

}  // namespace renkei
