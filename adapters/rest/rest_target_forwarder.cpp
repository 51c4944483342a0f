#include "adapters/rest/rest_target_forwarder.h"

#include "adapters/rest/json_parser.h"
#include "adapters/rest/json_to_xml.h"
#include "adapters/rest/jwt_signer.h"
#include "adapters/rest/xml_to_json.h"
#include "broker/core/platform_header.h"
#include "broker/core/xml_escape.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/parsed_envelope.h"
#include "broker/xml/parser_pool.h"

namespace renkei::rest {
namespace {

std::string envelopeOf(std::string_view soap_ns, const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"" +
         std::string(soap_ns) + "\"><soap:Body>" + body + "</soap:Body></soap:Envelope>";
}

// The unit's refusal as the SOAP Fault of the caller's version.
std::string faultEnvelope(std::string_view soap_ns, const std::string& code,
                          const std::string& reason) {
  if (soap_ns == xml::kSoap12Ns) {
    return envelopeOf(soap_ns,
                      "<soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value>"
                      "</soap:Code><soap:Reason><soap:Text xml:lang=\"ja\">" +
                          xmlEscape(code + ": " + reason) +
                          "</soap:Text></soap:Reason></soap:Fault>");
  }
  return envelopeOf(soap_ns, "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>" +
                                 xmlEscape(code + ": " + reason) + "</faultstring></soap:Fault>");
}

ForwardResult malformed(ForwardResult result, std::string why) {
  result.outcome = ForwardResult::kMalformedAnswer;
  result.error = std::move(why);
  return result;
}

}  // namespace

RestTargetForwarder::RestTargetForwarder(HttpForwarder& inner,
                                         const std::vector<RestTargetConfig>& targets,
                                         const xml::SchemaSet& schemas,
                                         const ServiceCatalog& catalog, xml::ParserLimits limits)
    : inner_(inner), schemas_(schemas), catalog_(catalog), limits_(limits), mapping_(schemas) {
  for (const RestTargetConfig& target : targets) {
    JwtSigningKey key;
    parseJwtAlgorithm(target.algorithm, &key.algorithm);
    key.secret = target.secret;
    if (key.algorithm != JwtAlgorithm::kHs256) {
      key.private_key = loadPrivateKeyPem(target.private_key_pem, key.algorithm);
    }
    by_endpoint_[target.endpoint] = Target{target, std::move(key)};
  }
}

ForwardResult RestTargetForwarder::post(const ForwardRequest& request) {
  auto it = by_endpoint_.find(request.url);
  if (it == by_endpoint_.end()) return inner_.post(request);
  return toRestUnit(request, it->second);
}

ForwardResult RestTargetForwarder::toRestUnit(const ForwardRequest& request, const Target& target) {
  ForwardResult failed;
  // The request passed the pipeline's parse and validation already; parsed again here because
  // the forwarder sees bytes only (and may see the broker-signed copy).
  xml::ParseResult parse = xml::lendHardenedParser(schemas_, limits_)->parse(request.body);
  xml::EnvelopeResult envelope;
  if (parse.ok()) envelope = xml::ParsedEnvelope::fromDocument(std::move(parse.document));
  if (!envelope.envelope || envelope.envelope->headerBlock() == nullptr) {
    failed.error = "the request could not be read again for the REST unit";
    return failed;
  }
  const auto* header = envelope.envelope->headerBlock();
  const std::string service_name =
      xml::childText(header, kPlatformHeaderNs, "ServiceName").value_or("");
  const std::string version =
      xml::childText(header, kPlatformHeaderNs, "ServiceVersion").value_or("");
  const std::string message_id =
      xml::childText(header, kPlatformHeaderNs, "MessageId").value_or("");
  const std::optional<ServiceDef> service = catalog_.findService(service_name, version);
  const auto* root = envelope.envelope->bodyRoot();
  const JsonShape* request_shape = mapping_.root(xml::namespaceOf(root), xml::localName(root));
  const JsonShape* response_shape =
      service ? mapping_.root(service->response_ns, service->response_element) : nullptr;
  if (request_shape == nullptr || response_shape == nullptr) {
    failed.error = "the service has no JSON form for the REST unit";
    return failed;
  }

  ForwardRequest json = request;
  json.url = target.config.endpoint + service_name;
  json.content_type = "application/json";
  json.soap_action.clear();
  json.body = jsonFromXml(*request_shape, root);
  json.authorization =
      "Bearer " + signJwt(JwtToSign{target.config.issuer, target.config.audience, message_id},
                          target.key, std::chrono::system_clock::now());
  ForwardResult result = inner_.post(json);
  if (result.outcome != ForwardResult::kAnswered) return result;

  const std::string_view soap_ns = envelope.envelope->envelopeNamespace();
  const std::string answer_type =
      soap_ns == xml::kSoap12Ns ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
  JsonParse answer = parseJson(result.body);
  if (result.http_status != 200) {
    // Problem details when the unit sends them; its status alone otherwise.
    std::string code = "HTTP " + std::to_string(result.http_status);
    std::string detail = "the REST unit refused the request";
    if (answer.value) {
      if (const JsonValue* c = answer.value->member("code"); c && !c->text.empty()) code = c->text;
      if (const JsonValue* d = answer.value->member("detail"); d && !d->text.empty()) {
        detail = d->text;
      }
    }
    result.body = faultEnvelope(soap_ns, code, detail);
    result.content_type = answer_type;
    result.http_status = 500;  // a SOAP Fault, in either binding
    return result;
  }
  if (!answer.value) {
    return malformed(std::move(result), "the REST unit's answer is not JSON");
  }
  XmlBody body = xmlFromJson(*response_shape, *answer.value);
  if (body.error) {
    return malformed(std::move(result), "the REST unit's JSON answer does not fit " +
                                            response_shape->name + " at " + body.error->path);
  }
  result.body = envelopeOf(soap_ns, body.xml);
  result.content_type = answer_type;
  return result;
}

}  // namespace renkei::rest
