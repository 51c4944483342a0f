#pragma once
// The address and the action agree with the platform header: a request is posted to its
// service's own address (/services/<ServiceName>, the soap:address of the published WSDL), and
// a SOAPAction, when the caller sends one, is the action that service's WSDL declares. Otherwise
// Client.ActionMismatch: a receiver that dispatches on the URL or on SOAPAction must never run an
// operation other than the one the link was checked for. After the schema stage (the service is
// known), before authorization.
#include "broker/conform/service_actions.h"
#include "broker/core/stage.h"

namespace renkei {

class EndpointCheckStage : public Stage {
 public:
  explicit EndpointCheckStage(const ServiceActions& actions) : actions_(actions) {}
  std::string_view name() const override { return "endpoint_check"; }
  StageResult process(Exchange& exchange) override;

 private:
  const ServiceActions& actions_;
};

}  // namespace renkei
