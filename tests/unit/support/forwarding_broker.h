#pragma once
// The broker side of a forwarding test: a real CurlForwarder, a ReceiverGuards whose log lines are
// kept, and the ForwardStage on top; plus canned answers of the loopback test units.
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "broker/stages/forward_stage.h"
#include "broker/transport/curl_forwarder.h"
#include "broker/transport/receiver_guards.h"
#include "tests/unit/support/test_http_server.h"

namespace renkei::test_support {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

inline const char* const kAnswer =
    "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
    "<r:Answer xmlns:r=\"urn:test\"/></s:Body></s:Envelope>";
inline const char* const kFault =
    "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
    "<faultcode>s:Client</faultcode><faultstring>no such person</faultstring></s:Fault>"
    "</s:Body></s:Envelope>";

inline TestHttpAnswer answerWith(const char* body, int status = 200) {
  TestHttpAnswer a;
  a.status = status;
  a.body = body;
  return a;
}

inline TestHttpAnswer silent() {
  TestHttpAnswer a;
  a.delay = std::chrono::seconds(60);  // stop() cuts it short
  return a;
}

// The broker side of one test: a forwarder, a guard whose log lines are kept, and the stage.
struct ForwardingBroker {
  explicit ForwardingBroker(ReceiverLimits limits, milliseconds timeout = milliseconds(1500))
      : guards(limits,
               [this](const std::string& line) {
                 std::lock_guard<std::mutex> lock(log_mutex);
                 log.push_back(line);
               }),
        stage(forwarder, guards, timeout) {}

  struct Call {
    StageResult result = StageResult::proceed();
    Clock::time_point started;
    Clock::duration took{};
  };
  Call call(const std::string& receiver, const std::string& endpoint) {
    Exchange exchange;
    Unit unit;
    unit.id = receiver;
    unit.tenant = receiver.substr(0, 6);
    unit.endpoint = endpoint;
    exchange.receiver = unit;
    exchange.request.content_type = "text/xml; charset=utf-8";
    exchange.request.body = "<s:Envelope/>";
    Call c;
    c.started = exchange.started;
    c.result = stage.process(exchange);
    c.took = Clock::now() - c.started;
    return c;
  }
  // Waits (up to 5 s) until the receiver has this many forwards in flight and callers queued.
  bool waitForLoad(const std::string& receiver, int active, int queued) {
    const auto give_up = Clock::now() + std::chrono::seconds(5);
    while (Clock::now() < give_up) {
      const ReceiverGuards::Load load = guards.load(receiver);
      if (load.active == active && load.queued == queued) return true;
      std::this_thread::sleep_for(milliseconds(2));
    }
    return false;
  }
  std::vector<std::string> logLines() {
    std::lock_guard<std::mutex> lock(log_mutex);
    return log;
  }

  CurlForwarder forwarder;
  std::mutex log_mutex;
  std::vector<std::string> log;
  ReceiverGuards guards;
  ForwardStage stage;
};

inline FaultCode codeOf(const ForwardingBroker::Call& c) {
  return c.result.fault() ? c.result.fault()->code : FaultCode::kInternal;
}
inline std::string reasonOf(const ForwardingBroker::Call& c) {
  return c.result.fault() ? c.result.fault()->reason : std::string("(answered)");
}

}  // namespace renkei::test_support
