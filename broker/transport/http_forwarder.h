#pragma once
// Outbound HTTP(S) to business units. The forward stage depends on this interface only; the
// libcurl implementation is CurlForwarder, tests of the stage may use a fake.
#include <string>

namespace renkei {

struct ForwardRequest {
  std::string url;
  std::string content_type;  // sent unchanged (SOAP 1.2 carries its action parameter here)
  std::string soap_action;   // SOAP 1.1 SOAPAction header value; empty = no header
  std::string body;
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
  std::string error;         // short human-readable cause when outcome != kAnswered
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
};

}  // namespace renkei
