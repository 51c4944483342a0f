#pragma once
// The admin listener of a RunningBroker: the one BrokerRuntime starts from the configuration's
// <admin> element, on an ephemeral loopback port. It shares the broker's store and LinkRegistry,
// so a change made through the admin API governs the very next message.
#include <stdexcept>
#include <string>

#include "soapRegistryAdminSoap11BindingProxy.h"
#include "tests/integration/support/running_broker.h"

namespace renkei::testing {

class AdminListener {
 public:
  explicit AdminListener(RunningBroker& broker) : port_(broker.runtime().adminPort()) {
    if (port_ == 0) throw std::runtime_error("the broker runs without its admin listener");
  }

  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }

 private:
  int port_;
};

// The generated gSOAP proxy, UTF-8 strings (Japanese purpose names) and pointed at the listener.
class AdminClient {
 public:
  explicit AdminClient(const std::string& url)
      : url_(url), proxy_(url_.c_str(), SOAP_C_UTFSTRING) {}
  RegistryAdminSoap11BindingProxy& proxy() { return proxy_; }
  struct soap* soap() {
    return proxy_.soap;
  }

  // A ProposeLink request for the key sender -> receiver, service version 1, purpose; the caller
  // adds whatever governance fields its test is about.
  _reg__ProposeLinkRequest proposal(const std::string& sender, const std::string& receiver,
                                    const std::string& service, const std::string& purpose,
                                    const std::string& actor) {
    _reg__ProposeLinkRequest request;
    request.Details = soap_new_reg__LinkDetails(proxy_.soap);
    request.Details->Sender = sender;
    request.Details->Receiver = receiver;
    request.Details->ServiceName = service;
    request.Details->ServiceVersion = "1";
    request.Details->PurposeCode = purpose;
    request.Actor = actor;
    return request;
  }

  // The platform fault detail of the last call, or null.
  const flt__FaultDetail* faultDetail() {
    const SOAP_ENV__Fault* fault = proxy_.soap->fault;
    if (!fault || !fault->detail) return nullptr;
    return fault->detail->flt__FaultDetail_;
  }
  std::string faultCode() {
    const flt__FaultDetail* detail = faultDetail();
    return detail ? detail->Code : std::string();
  }
  std::string faultReason() {
    const flt__FaultDetail* detail = faultDetail();
    return detail ? detail->Reason : std::string();
  }

 private:
  std::string url_;
  RegistryAdminSoap11BindingProxy proxy_;
};

}  // namespace renkei::testing
