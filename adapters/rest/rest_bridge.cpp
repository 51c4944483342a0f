#include "adapters/rest/rest_bridge.h"

#include <chrono>
#include <set>

#include "adapters/rest/json_parser.h"
#include "adapters/rest/json_to_xml.h"
#include "adapters/rest/openapi_document.h"
#include "adapters/rest/platform_envelope.h"
#include "adapters/rest/problem_details.h"
#include "adapters/rest/xml_to_json.h"
#include "broker/admin/query_string.h"
#include "broker/core/japan_date.h"
#include "broker/core/json_text.h"
#include "broker/core/printable_text.h"
#include "broker/core/random_uuid.h"
#include "broker/core/utc_timestamp.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/parsed_envelope.h"
#include "broker/xml/parser_pool.h"

namespace renkei::rest {
namespace {

std::vector<JwtClient> clientsOf(const RestConfig& config) {
  std::vector<JwtClient> clients;
  for (const RestClientConfig& c : config.clients) {
    JwtClient client;
    client.unit = c.unit;
    client.issuer = c.issuer;
    if (!parseJwtAlgorithm(c.algorithm, &client.algorithm)) {
      throw std::runtime_error("<rest><client unit=\"" + c.unit + "\">: unknown algorithm");
    }
    client.secret = c.secret;
    if (client.algorithm != JwtAlgorithm::kHs256) {
      client.public_key = loadPublicKeyPem(c.public_key_pem, client.algorithm);
    }
    clients.push_back(std::move(client));
  }
  return clients;
}

// Versions are digit strings ("1", "12"): the longer is the later, then the greater.
bool versionAfter(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() > b.size() : a > b;
}

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if ((text[k] | 0x20) != (prefix[k] | 0x20)) return false;
  }
  return true;
}

bool isJsonMediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (type.size() == 16 && startsWithIgnoreCase(type, "application/json")) return true;
  return type.size() > 5 && startsWithIgnoreCase(type, "application/") &&
         startsWithIgnoreCase(type.substr(type.size() - 5), "+json");
}

// A unit's own SOAP Fault, passed on as problem details: its fault code is the unit's, not a
// platform code, and is said so.
HttpReply unitFaultProblem(const XERCES_CPP_NAMESPACE::DOMElement* fault,
                           const std::string& message_id) {
  std::string code, reason;
  for (const auto* child : xml::childElements(fault)) {
    const std::string name = xml::localName(child);
    if (name == "faultcode" || name == "Code") code = xml::textOf(child);
    if (name == "faultstring" || name == "Reason") reason = xml::textOf(child);
  }
  HttpReply reply;
  reply.status = 502;
  reply.content_type = "application/problem+json";
  reply.body =
      "{\"type\":\"urn:renkei:unit-fault\",\"title\":\"The receiving unit answered "
      "with a fault.\",\"status\":502,\"detail\":" +
      jsonString(reason) + ",\"code\":" + jsonString(code) +
      ",\"messageId\":" + jsonString(message_id) + "}";
  return reply;
}

}  // namespace

HttpReply restNotConfigured() {
  return problemReply(faultOf(FaultCode::kUnknownService,
                              "this broker has no REST bridge configured (<rest>): call its SOAP "
                              "services under /services/ instead"),
                      "");
}

RestBridge::RestBridge(const RestConfig& config, const xml::SchemaSet& schemas,
                       const LinkRegistry& registry, xml::ParserLimits limits)
    : schemas_(schemas),
      registry_(registry),
      limits_(limits),
      mapping_(schemas),
      verifier_(clientsOf(config),
                JwtPolicy{config.audience, std::chrono::seconds(config.max_clock_skew_s),
                          std::chrono::seconds(config.max_lifetime_s)}) {}

void RestBridge::publish(const std::vector<ServiceDef>& services, const std::string& title) {
  openapi_ = openApiDocument(services, mapping_, title);
}

HttpReply RestBridge::openApi() const {
  HttpReply reply;
  reply.content_type = "application/json";
  reply.body = openapi_;
  return reply;
}

HttpReply RestBridge::refuse(Pipeline& pipeline, HttpRequest request, FaultInfo fault) {
  // Audited as a refused exchange; the reply is made here from the same fault.
  FaultInfo kept = fault;
  pipeline.refuse(std::move(fault), std::move(request));
  return problemReply(kept, "");
}

HttpReply RestBridge::handlePost(HttpRequest request, Pipeline& pipeline) {
  const admin::RequestTarget target = admin::parseRequestTarget(request.path);
  const std::string service_name =
      target.path.substr(std::min(target.path.size(), kApiPrefix.size()));
  auto param = [&](const char* name) {
    auto it = target.params.find(name);
    return it == target.params.end() ? std::string() : it->second;
  };

  // Who is calling comes first: nothing about services or links is said to a caller without a
  // valid token.
  std::string_view token = request.authorization;
  if (!startsWithIgnoreCase(token, "Bearer ")) {
    return refuse(pipeline, std::move(request),
                  faultOf(FaultCode::kUnauthenticated,
                          "no credential identifies the caller: send Authorization: Bearer "
                          "<JWT> (RFC 7523 client assertion)"));
  }
  token.remove_prefix(7);
  const JwtCheck check = verifier_.verify(token, std::chrono::system_clock::now());
  if (!check.ok) {
    return refuse(pipeline, std::move(request), faultOf(FaultCode::kUnauthenticated, check.reason));
  }
  if (!isJsonMediaType(request.content_type)) {
    FaultInfo fault = faultOf(FaultCode::kInvalidContentType,
                              "the REST bridge takes Content-Type: application/json");
    return refuse(pipeline, std::move(request), std::move(fault));
  }

  // The service, its version, receiver and purpose.
  PlatformHeader header;
  header.service_name = service_name;
  header.service_version = param("version");
  header.receiver = param("receiver");
  header.purpose_code = param("purpose");
  header.user_id = param("user");
  header.case_reference = param("case");
  std::optional<ServiceDef> service;
  const bool need_snapshot =
      header.service_version.empty() || header.receiver.empty() || header.purpose_code.empty();
  RegistrySnapshot snapshot;
  if (need_snapshot) snapshot = registry_.snapshot();
  if (header.service_version.empty()) {
    for (const ServiceDef& s : snapshot.services) {
      if (s.name == service_name && versionAfter(s.version, header.service_version)) {
        header.service_version = s.version;
      }
    }
  }
  if (!header.service_version.empty()) {
    service = registry_.findService(service_name, header.service_version);
  }
  if (!service) {
    return refuse(pipeline, std::move(request),
                  faultOf(FaultCode::kUnknownService,
                          "no service " + printableExcerpt(service_name) +
                              (header.service_version.empty() ? "" : ":" + header.service_version) +
                              " is registered; GET /api/v1/openapi.json lists the services"));
  }
  if (header.receiver.empty() || header.purpose_code.empty()) {
    std::set<std::pair<std::string, std::string>> choices;
    for (const Link& link : snapshot.links) {
      if (link.sender != check.unit || link.service_name != service->name ||
          link.service_version != service->version || link.status != LinkStatus::kActive ||
          (!header.receiver.empty() && link.receiver != header.receiver) ||
          (!header.purpose_code.empty() && link.purpose_code != header.purpose_code)) {
        continue;
      }
      choices.emplace(link.receiver, link.purpose_code);
    }
    if (choices.size() > 1) {
      return refuse(pipeline, std::move(request),
                    faultOf(FaultCode::kMissingHeader,
                            "several links let " + check.unit + " call " + service->name +
                                ": name the one meant with ?receiver=UNIT&purpose=CODE"));
    }
    if (choices.size() == 1) {
      header.receiver = choices.begin()->first;
      header.purpose_code = choices.begin()->second;
    } else {
      return refuse(
          pipeline, std::move(request),
          faultOf(FaultCode::kLinkNotRegistered, "no active link lets " + check.unit + " call " +
                                                     service->name + ":" + service->version));
    }
  }

  // The JSON, as the service's request element.
  const JsonShape* shape = mapping_.root(service->request_ns, service->request_element);
  if (shape == nullptr) {
    return refuse(pipeline, std::move(request),
                  faultOf(FaultCode::kInternal, "the service's request element has no schema"));
  }
  JsonLimits json_limits;
  json_limits.max_depth = static_cast<std::size_t>(limits_.max_depth);
  JsonParse parsed = parseJson(request.body, json_limits);
  if (!parsed.value) {
    FaultInfo fault = faultOf(FaultCode::kInvalidXml,
                              "the body is not valid JSON (RFC 8259): " + parsed.error.message);
    fault.line = parsed.error.line;
    fault.column = parsed.error.column;
    return refuse(pipeline, std::move(request), std::move(fault));
  }
  XmlBody body = xmlFromJson(*shape, *parsed.value);
  if (body.error) {
    FaultInfo fault = faultOf(FaultCode::kSchemaViolation,
                              body.error->message + " (the JSON form of " + shape->name +
                                  " is described in /api/v1/openapi.json)");
    fault.element_path = body.error->path;
    return refuse(pipeline, std::move(request), std::move(fault));
  }

  header.message_id = check.jti.empty() ? newRandomUuid() : jtiMessageId(check.unit, check.jti);
  header.sender = check.unit;
  header.timestamp = utcTimestampNow();
  header.protocol_version = "1.0";
  HttpRequest soap = std::move(request);
  soap.path = "/services/" + service->name;
  soap.content_type = "text/xml; charset=utf-8";
  soap.soap_action.clear();
  soap.authorization.clear();
  soap.body = platformEnvelope(header, body.xml);
  soap.jwt_unit = check.unit;
  const HttpReply reply = pipeline.run(std::move(soap));
  return answer(reply, header);
}

HttpReply RestBridge::answer(const HttpReply& reply, const PlatformHeader& header) const {
  if (reply.fault) return problemReply(*reply.fault, header.message_id);
  xml::ParseResult parse = xml::lendHardenedParser(schemas_, limits_)->parse(reply.body);
  xml::EnvelopeResult envelope;
  if (parse.ok()) envelope = xml::ParsedEnvelope::fromDocument(std::move(parse.document));
  if (!envelope.envelope) {
    return problemReply(faultOf(FaultCode::kInvalidResponse,
                                "the receiver's answer could not be read as a SOAP envelope"),
                        header.message_id);
  }
  const auto* root = envelope.envelope->bodyRoot();
  if (envelope.envelope->isFault()) return unitFaultProblem(root, header.message_id);
  const JsonShape* shape = mapping_.root(xml::namespaceOf(root), xml::localName(root));
  if (shape == nullptr) {
    return problemReply(faultOf(FaultCode::kInvalidResponse,
                                "the receiver's answer has no declared element to map to JSON"),
                        header.message_id);
  }
  HttpReply out;
  out.status = 200;
  out.content_type = "application/json";
  out.body = jsonFromXml(*shape, root);
  return out;
}

}  // namespace renkei::rest
