#pragma once
// The REST/JSON bridge (docs/rest.md) as the broker's listener sees it:
//   POST /api/v1/{service}[?version=V&receiver=UNIT&purpose=CODE]   JSON in, JSON out
//   GET  /api/v1/openapi.json                                        the OpenAPI 3 document
// A POST is authenticated by its bearer JWT (JwtVerifier), its JSON made into the service's
// request element (JsonMapping) inside a platform envelope whose sender is the JWT's unit, and
// run through the broker's own pipeline: the same header check, authentication (request.jwt_unit),
// schema validation, link authorization, forwarding and audit as a SOAP call. The answer's body
// element comes back as JSON; every refusal as problem details with the platform fault code.
// Refusals before the pipeline (token, JSON) are audited through Pipeline::refuse like the
// engine's own.
//
// Receiver and purpose may be left out when exactly one active link lets the unit call the
// service; version may be left out when the service has one version (else the highest).
//
// One per serving generation; immutable once published, so shared by every worker.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/rest/json_shape.h"
#include "adapters/rest/jwt_verifier.h"
#include "broker/config/rest_config.h"
#include "broker/core/exchange.h"
#include "broker/core/pipeline.h"
#include "broker/registry/link_registry.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"

namespace renkei::rest {

inline constexpr std::string_view kApiPrefix = "/api/v1/";
inline constexpr std::string_view kOpenApiPath = "/api/v1/openapi.json";

class RestBridge {
 public:
  // Throws std::runtime_error when a configured key cannot be used (the loader checked them).
  RestBridge(const RestConfig& config, const xml::SchemaSet& schemas, const LinkRegistry& registry,
             xml::ParserLimits limits);

  // The services to describe in the OpenAPI document (the registry's, when the generation is
  // published); called before the bridge serves.
  void publish(const std::vector<ServiceDef>& services, const std::string& title);

  HttpReply handlePost(HttpRequest request, Pipeline& pipeline);
  // On the event loop: answers from memory.
  HttpReply openApi() const;

  const JsonMapping& mapping() const { return mapping_; }

 private:
  struct Target;
  HttpReply refuse(Pipeline& pipeline, HttpRequest request, FaultInfo fault);
  HttpReply answer(const HttpReply& reply, const PlatformHeader& header) const;

  const xml::SchemaSet& schemas_;
  const LinkRegistry& registry_;
  xml::ParserLimits limits_;
  JsonMapping mapping_;
  JwtVerifier verifier_;
  std::string openapi_;
};

// Not configured (<rest> absent): every /api/v1/ request gets this 404 problem.
HttpReply restNotConfigured();

}  // namespace renkei::rest
