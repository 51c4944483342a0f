#pragma once
// The state of one exchange as it moves through the pipeline. Stages read what earlier stages
// filled in and add their own part; none of them calls another.
#include <any>
#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "broker/core/fault_code.h"
#include "broker/core/platform_header.h"
#include "broker/core/registry_types.h"

namespace renkei {
namespace xml {
class ParsedEnvelope;  // broker/xml/parsed_envelope.h
struct EnvelopeFacts;  // broker/xml/envelope_facts.h
}  // namespace xml

enum class SoapVersion { k11, k12 };

struct HttpRequest {
  std::string method;         // "POST"
  std::string path;           // "/services/IdoJohoShokai"
  std::string content_type;   // full header value
  std::string soap_action;    // SOAP 1.1 SOAPAction or SOAP 1.2 action parameter
  std::string authorization;  // the Authorization header as sent ("Bearer <JWT>" on /api/v1/)
  std::string body;
  std::string peer;     // "127.0.0.1:54321": the peer address audit records
  std::string peer_ip;  // "127.0.0.1": what the plain (loopback-only) policy is judged on
  bool tls = false;     // arrived over TLS
  // The client certificate that verified against the listener's CA and CRL, if any. Only the
  // listener sets this; nothing in the message can.
  std::optional<std::string> client_cert_sha256;  // lower-case hex
  std::string client_cert_subject;                // RFC 2253
  // Set only by the peer listener (adapters/peer): the federation peer whose CURVE key
  // authenticated the frame, and the end-to-end deadline the frame carried. A request with
  // `via_peer` may only name senders that peer hosts (authenticate stage).
  std::string via_peer;
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // Set only by the peer listener: the unit the sending broker addressed the frame to. For a
  // notification copy (store-and-forward) it is the one subscriber of this broker the copy is
  // for, while the header's Receiver still reads TENANT/subscribers.
  std::string peer_receiver;
  // Set only by the REST bridge (adapters/rest), once the caller's JWT verified: the unit its
  // issuer is bound to. Like a client certificate, it decides who the caller is (authenticate
  // stage); nothing in the message can set it.
  std::string jwt_unit;
  // When the last byte of the request arrived: deadlines that cover queue wait start here.
  std::chrono::steady_clock::time_point received_at = std::chrono::steady_clock::now();
};

struct HttpReply {
  int status = 200;
  std::string content_type = "text/xml; charset=utf-8";
  std::string body;
  // The broker's own refusal when this reply is one; unset when it carries the receiver's
  // answer. The peer listener passes the code on to the calling broker, which refuses its own
  // caller with it instead of guessing from the fault's text.
  std::optional<FaultInfo> fault;
};

// How long one stage took with one exchange (metrics, access log). The name is the stage's own
// (Stage::name()), a literal that outlives every exchange.
struct StageTiming {
  std::string_view stage;
  std::chrono::microseconds elapsed{0};
};

struct Exchange {
  Exchange();
  ~Exchange();
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  HttpRequest request;
  SoapVersion soap_version = SoapVersion::k11;

  // Set by the parse stage. shared_ptr, not unique_ptr: their deleters are bound where they are
  // made (broker/xml), so core can destroy an Exchange without depending on the xml component.
  // envelope_facts, what the routing stages read of the envelope (header blocks, platform
  // header, body root, issues), is set for every envelope the parse stage admits; the DOM in
  // `envelope` only when a stage needs one or the message is to be refused (parse_stage.h).
  std::shared_ptr<xml::ParsedEnvelope> envelope;
  std::shared_ptr<const xml::EnvelopeFacts> envelope_facts;
  std::optional<PlatformHeader> header;  // set by the header check
  std::optional<ServiceDef> service;     // service the header names
  std::optional<Unit> receiver;          // receiving unit, with its endpoint
  std::optional<Link> link;              // the link that authorized it
  // The federation peer that hosts the receiver (route stage): the forward goes over the peer
  // transport instead of HTTP. Empty: the receiver is a unit of this broker.
  std::string receiver_peer;
  // The unit whose WS-Security signature over Body, Timestamp and platform header verified
  // (signature stage); empty for unsigned messages.
  std::optional<std::string> signed_by_unit;
  // What the forward stage sends when it is not the request as received: the request with the
  // broker's own signature added (broker signing). Empty: the original bytes are forwarded.
  std::optional<std::string> forward_body;

  // The receiver's answer (forward stage) and what goes back to the caller.
  std::string response_body;
  std::string response_content_type;
  int response_http_status = 0;

  // The unit the caller proved to be (authenticate stage): by its client certificate, or by the
  // plain policy on loopback. Empty until then, and on every refusal before it.
  std::string authenticated_unit;

  // Text of the elements configured as sensitive (<privacy>), found in this message: faults,
  // audit fields and log lines about the exchange are masked with them (sensitive_values.h).
  std::vector<std::string> sensitive_values;

  std::optional<FaultInfo> fault;  // set when a stage refuses or fails
  bool forwarded = false;          // the request left the broker
  // The receiver answered with its own SOAP Fault (response check): routed, but not a success.
  bool unit_fault = false;

  // Filled by the pipeline as stages run; fixed room so timing costs no allocation. Room for
  // every stage the pipeline builder can put in one chain (about 20 with every optional stage on
  // and the 照会/通知 branch timed stage by stage), with a margin.
  std::array<StageTiming, 32> stage_timings{};
  std::size_t stage_count = 0;

  // Parking (Pipeline::runThen): a stage that would wait (for a receiver's slot) may instead
  // arrange for `resume` to be called once, later, and return StageResult::park(); the thread is
  // free meanwhile, and the pipeline continues at that same stage. Empty where the chain must
  // run to its end on one thread (Pipeline::run): a stage then waits as it always did.
  std::function<void()> resume;
  // What the parked stage finds when it runs again (set before `resume` is called).
  std::any parked_result;
  // Where to continue: each chain that parked pushes its stage's index, innermost first.
  std::vector<std::size_t> park_path;
  std::chrono::steady_clock::time_point parked_since;  // the parked stage's time runs from here
};

}  // namespace renkei
