#include "broker/stages/schema_stage.h"

#include <string>

#include "broker/config/notify_config.h"
#include "broker/xml/envelope_facts.h"

namespace renkei {

StageResult SchemaStage::process(Exchange& exchange) {
  if (!exchange.envelope_facts || !exchange.header) {
    return StageResult::refuse(FaultCode::kInternal,
                               "schema check ran before the parse and header stages");
  }
  const xml::EnvelopeFacts& envelope = *exchange.envelope_facts;
  const PlatformHeader& header = *exchange.header;

  auto service = catalog_.findService(header.service_name, header.service_version);
  if (!service) {
    return StageResult::refuse(FaultCode::kUnknownService, "service " + header.service_name + " v" +
                                                               header.service_version +
                                                               " is not known to the platform");
  }
  auto receiver = catalog_.findUnit(header.receiver);
  const bool to_subscribers =
      subscribers_address_ok_ && header.receiver == subscribersAddressOf(header.sender);
  if (!receiver && !to_subscribers) {
    return StageResult::refuse(FaultCode::kUnknownUnit,
                               "receiver unit " + header.receiver + " is not registered");
  }
  if (!catalog_.findUnit(header.sender)) {
    return StageResult::refuse(FaultCode::kUnknownUnit,
                               "sender unit " + header.sender + " is not registered");
  }

  std::string expected = "{" + service->request_ns + "}" + service->request_element;
  if (!envelope.bodyRootIs(service->request_ns, service->request_element)) {
    FaultInfo f;
    f.code = FaultCode::kSchemaViolation;
    f.reason = "body root " + envelope.bodyRootName() + " is not the request of service " +
               service->name + " v" + service->version + " (expected " + expected + ")";
    f.element_path = envelope.body_root_path;
    return StageResult::refuse(std::move(f));
  }
  if (!validate_) {
    exchange.service = std::move(*service);
    if (receiver) exchange.receiver = std::move(*receiver);
    return StageResult::proceed();
  }
  // Lax validation silently skips an element no schema declares; that is not a validated body.
  if (!envelope.body_root_declared) {
    FaultInfo f;
    f.code = FaultCode::kSchemaViolation;
    f.reason = "no schema declares " + expected + "; the body cannot be validated";
    f.element_path = envelope.body_root_path;
    return StageResult::refuse(std::move(f));
  }
  // The header stage reported issues under the header block; anything else left is ours.
  const std::string& header_path = envelope.platform_header_path;
  for (const auto& issue : envelope.issues) {
    if (!header_path.empty() && xml::pathIsUnder(issue.element_path, header_path)) continue;
    return StageResult::refuse(xml::schemaViolation(issue));
  }
  exchange.service = std::move(*service);
  if (receiver) exchange.receiver = std::move(*receiver);
  return StageResult::proceed();
}

}  // namespace renkei
