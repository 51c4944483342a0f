#pragma once
// Sends the request, byte for byte as received, to the receiving unit and takes its answer.
// Passes through what SOAP allows as an answer (200, and a SOAP Fault with 500, or 400 in
// SOAP 1.2); every other outcome becomes a Server.* fault naming the receiver and endpoint.
#include <string_view>

#include "broker/core/stage.h"
#include "broker/transport/http_forwarder.h"

namespace renkei {

class ForwardStage : public Stage {
 public:
  explicit ForwardStage(HttpForwarder& forwarder);
  std::string_view name() const override { return "forward"; }
  StageResult process(Exchange& exchange) override;

 private:
  HttpForwarder& forwarder_;
};

}  // namespace renkei
