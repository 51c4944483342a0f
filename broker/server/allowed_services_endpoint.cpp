#include "broker/server/allowed_services_endpoint.h"

#include <sstream>

#include "broker/core/soap_envelope.h"
#include "broker/core/soap_fault_writer.h"
#include "broker/registry/allowed_services.h"
#include "broker/registry/caller_authentication.h"
#include "broker/stages/parse_stage.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei {
namespace {

constexpr const char* kRegistryNs = "urn:renkei:registry:v1";

void element(std::ostringstream& out, const char* name, const std::string& value) {
  out << "<reg:" << name << ">" << xmlEscape(value) << "</reg:" << name << ">";
}

std::string responseBody(SoapVersion version, const std::vector<AllowedService>& services) {
  const SoapEnvelopeFrame frame(version);
  std::ostringstream out;
  out << frame.start() << frame.bodyOpen() << "<reg:ListAllowedServicesResponse xmlns:reg=\""
      << kRegistryNs << "\">";
  for (const AllowedService& service : services) {
    out << "<reg:Service>";
    element(out, "Receiver", service.receiver);
    element(out, "ServiceName", service.service_name);
    element(out, "ServiceVersion", service.service_version);
    element(out, "PurposeCode", service.purpose_code);
    if (!service.purpose_name.empty()) element(out, "PurposeName", service.purpose_name);
    if (!service.valid_to.empty()) element(out, "ValidTo", service.valid_to);
    out << "</reg:Service>";
  }
  out << "</reg:ListAllowedServicesResponse>" << frame.end();
  return out.str();
}

}  // namespace

AllowedServicesEndpoint::AllowedServicesEndpoint(const xml::SchemaSet& schemas,
                                                 xml::ParserLimits limits,
                                                 const LinkRegistry& registry,
                                                 const UnitIdentities& identities,
                                                 std::function<std::string()> today)
    : schemas_(schemas),
      limits_(limits),
      registry_(registry),
      identities_(identities),
      today_(std::move(today)) {}

HttpReply AllowedServicesEndpoint::handle(const HttpRequest& request) const {
  // The same content-type, size, hardening and envelope checks as every message.
  Exchange exchange;
  exchange.request = request;
  ParseStage parse(schemas_, limits_);
  StageResult parsed = parse.process(exchange);
  if (!parsed.ok()) return soapFaultReply(exchange.soap_version, *parsed.fault(), "");
  const xml::ParsedEnvelope& envelope = *exchange.envelope;
  const SoapVersion version = envelope.soapVersion();

  const auto* root = envelope.bodyRoot();
  if (xml::namespaceOf(root) != kRegistryNs ||
      xml::localName(root) != "ListAllowedServicesRequest") {
    return soapFaultReply(
        version,
        faultOf(FaultCode::kUnknownService,
                std::string(kPath) + " answers ListAllowedServices only (urn:renkei:registry:v1); "
                                     "the other registry operations are on the admin listener"),
        "");
  }
  const auto issues = envelope.issuesUnder(envelope.bodyRootPath());
  if (!issues.empty()) return soapFaultReply(version, xml::schemaViolation(*issues[0]), "");
  const std::string unit = xml::childText(root, kRegistryNs, "UnitId").value_or("");
  CallerAuthentication caller = authenticateCaller(identities_, request, unit);
  if (!caller.ok) return soapFaultReply(version, caller.fault, "");
  if (!registry_.findUnit(unit)) {
    // Authenticated by configuration, gone from the store: it has no links to list.
    return soapFaultReply(
        version, faultOf(FaultCode::kUnknownUnit, "unit " + unit + " is not registered"), "");
  }

  HttpReply reply;
  reply.content_type = soapContentType(version);
  reply.body = responseBody(version, allowedServices(registry_, unit, today_()));
  return reply;
}

}  // namespace renkei
