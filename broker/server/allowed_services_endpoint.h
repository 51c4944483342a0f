#pragma once
// ListAllowedServices on the unit-facing listener (POST /registry): a unit asks which services
// it may call today, like X-Road's allowedMethods, at the address it already sends its traffic
// to. Only this one operation of wsdl/registry.wsdl is served here; everything that reads or
// changes the registry stays on the admin listener. The request is parsed and validated like
// any message (hardened parser, xsd/registry.xsd); refusals are platform SOAP Faults. It is a
// question to the broker, not an exchange between units, so it leaves no audit record.
//
// The caller must authenticate as the UnitId it asks about, like any sender
// (caller_authentication.h): an unauthenticated caller gets Client.Unauthenticated whether the
// unit exists or not, so the unit list cannot be probed; a unit asking about another gets
// Client.SenderMismatch.
#include <functional>
#include <string>

#include "broker/core/exchange.h"
#include "broker/registry/link_registry.h"
#include "broker/registry/unit_identity.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"

namespace renkei {

class AllowedServicesEndpoint {
 public:
  static constexpr const char* kPath = "/registry";

  // `today` gives the UTC date links are judged on (injectable for tests).
  AllowedServicesEndpoint(const xml::SchemaSet& schemas, xml::ParserLimits limits,
                          const LinkRegistry& registry, const UnitIdentities& identities,
                          std::function<std::string()> today);

  HttpReply handle(const HttpRequest& request) const;

 private:
  const xml::SchemaSet& schemas_;
  xml::ParserLimits limits_;
  const LinkRegistry& registry_;
  const UnitIdentities& identities_;
  std::function<std::string()> today_;
};

}  // namespace renkei
