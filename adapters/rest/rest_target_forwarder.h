#pragma once
// The other direction of the bridge: a SOAP unit calls a REST unit (<rest><target>) through the
// broker. This forwarder sits in front of the broker's HTTP forwarder, after every check the
// pipeline makes (the exchange is validated, authorized and about to be audited as any other):
// a request for a REST unit's endpoint leaves as the JSON form of its body element, POSTed to
// {endpoint}{ServiceName} with a bearer JWT the broker signs; the unit's JSON answer comes back
// as a SOAP envelope of the caller's SOAP version holding the service's response element, which
// the response check then validates like any unit's answer. A refusal by the unit (any status
// but 200) becomes a SOAP Fault carrying its problem details' code and detail. Every other
// request passes through unchanged.
#include <map>
#include <string>

#include "adapters/rest/json_shape.h"
#include "adapters/rest/jwt_signer.h"
#include "broker/config/rest_config.h"
#include "broker/core/service_catalog.h"
#include "broker/transport/http_forwarder.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"

namespace renkei::rest {

class RestTargetForwarder : public HttpForwarder {
 public:
  RestTargetForwarder(HttpForwarder& inner, const std::vector<RestTargetConfig>& targets,
                      const xml::SchemaSet& schemas, const ServiceCatalog& catalog,
                      xml::ParserLimits limits);

  ForwardResult post(const ForwardRequest& request) override;
  std::chrono::milliseconds timeout() const override { return inner_.timeout(); }

 private:
  struct Target {
    RestTargetConfig config;
    JwtSigningKey key;  // parsed once: the configuration checked it already
  };
  ForwardResult toRestUnit(const ForwardRequest& request, const Target& target);

  HttpForwarder& inner_;
  std::map<std::string, Target> by_endpoint_;
  const xml::SchemaSet& schemas_;
  const ServiceCatalog& catalog_;
  xml::ParserLimits limits_;
  JsonMapping mapping_;
};

}  // namespace renkei::rest
