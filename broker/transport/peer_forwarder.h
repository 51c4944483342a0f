#pragma once
// The broker-to-broker hop of federation, as the pipeline sees it (the ZeroMQ CURVE transport
// is in adapters/peer). A PeerCall is what travels: the exchange's identity, its end-to-end
// deadline and the original SOAP bytes; a PeerAnswer is what the peer broker's own pipeline
// answered, or why there is no answer.
#include <chrono>
#include <cstdint>
#include <string>

namespace renkei {

struct PeerCall {
  std::string message_id;
  // End-to-end deadline, Unix time in milliseconds: wall clock, because it crosses machines
  // (brokers keep their clocks in sync with NTP, as the replay check already assumes).
  int64_t deadline_unix_ms = 0;
  std::string sender;
  std::string receiver;
  std::string service_name;
  std::string service_version;
  std::string content_type;  // the caller's, unchanged (SOAP 1.2 carries its action in it)
  std::string soap_action;   // SOAP 1.1
  std::string body;          // the original request bytes
};

struct PeerAnswer {
  enum Outcome {
    kAnswered,     // the peer broker answered (status says how)
    kUnavailable,  // not connected, connection lost, breaker open
    kTimeout,      // connected, but no answer before the deadline
    kOverloaded,   // too many calls to this peer in flight here, or there
  };
  Outcome outcome = kUnavailable;
  std::string error;   // when not answered: why, for the operator and the fault reason
  std::string status;  // "ok", or the receiving broker's fault code ("Client.LinkNotRegistered")
  std::string reason;  // the receiving broker's fault reason, when status is a fault
  int http_status = 0;
  std::string content_type;
  std::string body;  // the receiver unit's answer, or the receiving broker's fault envelope
};

inline constexpr const char* kPeerStatusOk = "ok";

// The client side: sends a call to the named peer and waits for its answer, at most until
// `deadline`. Called from pipeline worker threads; never throws.
class PeerForwarder {
 public:
  virtual ~PeerForwarder() = default;
  virtual PeerAnswer call(const std::string& peer, const PeerCall& call,
                          std::chrono::steady_clock::time_point deadline) = 0;
};

// The server side: runs a call that the authenticated peer `from_peer` sent through this
// broker's pipeline. Runs on a worker thread; may block until the local unit answers.
class PeerCallHandler {
 public:
  virtual ~PeerCallHandler() = default;
  virtual PeerAnswer handle(const std::string& from_peer, PeerCall call) = 0;
};

}  // namespace renkei
