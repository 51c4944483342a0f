#include "broker/conform/received_request.h"

#include "broker/conform/envelope_builder.h"
#include "broker/core/random_uuid.h"
#include "broker/core/soap_fault_writer.h"
#include "broker/core/utc_timestamp.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/hardened_parser.h"

namespace renkei::conform {
namespace {

// The parameter `name` of a header value ("application/soap+xml; action=\"x\"" -> x).
std::string parameter(const std::string& value, const std::string& name) {
  const size_t at = value.find(name + "=");
  if (at == std::string::npos) return "";
  size_t start = at + name.size() + 1;
  const bool quoted = start < value.size() && value[start] == '"';
  if (quoted) ++start;
  const size_t end = value.find(quoted ? '"' : ';', start);
  return value.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

ReceivedRequestJudge::ReceivedRequestJudge(const ReceivedRequest& request,
                                           const std::vector<ServiceUnderTest>& services,
                                           const xml::SchemaSet& schemas)
    : request_(request), schemas_(schemas), services_(services) {
  if (request.method != "POST") {
    envelope_problem_ = "the request is " + request.method + ", not POST";
    return;
  }
  xml::ParseResult parsed =
      xml::HardenedParser::forThisThread(schemas, xml::ParserLimits{}).parse(request.body);
  if (!parsed.ok()) {
    envelope_problem_ = "line " + std::to_string(parsed.fault->line) + ", column " +
                        std::to_string(parsed.fault->column) + ": " + parsed.fault->reason;
    return;
  }
  auto env = xml::ParsedEnvelope::fromDocument(std::move(parsed.document));
  if (!env.envelope) {
    envelope_problem_ = env.fault->reason;
    return;
  }
  envelope_ = std::move(env.envelope);
  const std::string ns = xml::namespaceOf(envelope_->bodyRoot());
  const std::string local = xml::localName(envelope_->bodyRoot());
  for (const ServiceUnderTest& s : services_) {
    for (const ServiceOperation& op : s.view.operations) {
      if (op.request.ns == ns && op.request.local == local) {
        service_ = &s;
        operation_ = &op;
      }
    }
  }
}

std::string ReceivedRequestJudge::label() const {
  if (!envelope_) return "a request that is no SOAP envelope";
  return (operation_ ? operation_->name : xml::qualifiedName(envelope_->bodyRoot())) +
         (envelope_->soapVersion() == SoapVersion::k12 ? ", SOAP 1.2" : ", SOAP 1.1");
}

void ReceivedRequestJudge::judge(const std::string& check, ExchangeRecord& r) const {
  if (check == "envelope") {
    r.check("a POST with a well-formed SOAP envelope", envelope_ != nullptr, envelope_problem_);
    return;
  }
  if (!envelope_) return;  // RCV-001 has said why; the other checks need an envelope
  const bool soap12 = envelope_->soapVersion() == SoapVersion::k12;
  const std::string type = request_.header("content-type");
  if (check == "content-type") {
    const std::string want = soap12 ? "application/soap+xml" : "text/xml";
    r.check("Content-Type " + want + " for a " + (soap12 ? "SOAP 1.2" : "SOAP 1.1") + " envelope",
            type.rfind(want, 0) == 0,
            "Content-Type is \"" + type + "\" for a " + (soap12 ? "SOAP 1.2" : "SOAP 1.1") +
                " envelope; expected " + want);
    const std::string charset = parameter(type, "charset");
    r.check("charset utf-8 when given", charset.empty() || charset == "utf-8" || charset == "UTF-8",
            "charset=" + charset + "; platform messages are UTF-8");
  } else if (check == "soap-action") {
    judgeSoapAction(r);
  } else if (check == "header") {
    judgeHeader(r);
  } else if (check == "body") {
    judgeBody(r);
  }
}

void ReceivedRequestJudge::judgeSoapAction(ExchangeRecord& r) const {
  if (operation_ == nullptr) return;  // RCV-005 reports the unknown body
  const std::string want = operation_->soap_action;
  if (envelope_->soapVersion() == SoapVersion::k11) {
    const std::string got = request_.header("soapaction");
    r.check("SOAPAction: \"" + want + "\"", got == "\"" + want + "\"",
            got.empty() ? "no SOAPAction header (WS-I R1109 requires the quoted soapAction)"
                        : "SOAPAction is " + got + ", the WSDL declares \"" + want + "\" for " +
                              operation_->name);
  } else {
    const std::string got = parameter(request_.header("content-type"), "action");
    r.check("action=\"" + want + "\" when given", got.empty() || got == want,
            "action=\"" + got + "\", the WSDL declares \"" + want + "\" for " + operation_->name);
  }
}

void ReceivedRequestJudge::judgeHeader(ExchangeRecord& r) const {
  r.check("a hdr:PlatformHeader in soap:Header", envelope_->headerBlock() != nullptr,
          "no hdr:PlatformHeader (urn:renkei:platform:header:v1) in soap:Header");
  if (envelope_->headerBlock() == nullptr) return;
  const auto issues = envelope_->issuesUnder(envelope_->headerBlockPath());
  std::string first;
  if (!issues.empty()) {
    first = "line " + std::to_string(issues.front()->line) + ", column " +
            std::to_string(issues.front()->column) + ", " + issues.front()->element_path + ": " +
            issues.front()->message;
  }
  r.check("the header is valid against xsd/platform-header.xsd", issues.empty(), first);
  const auto field = [&](const char* name) { return envelope_->headerField(name).value_or(""); };
  if (service_ != nullptr) {
    r.check("ServiceName " + service_->data.service + ", ServiceVersion " + service_->data.version,
            field("ServiceName") == service_->data.service &&
                field("ServiceVersion") == service_->data.version,
            "the header names " + field("ServiceName") + " version " + field("ServiceVersion") +
                ", the body is a request of " + service_->label());
  }
  r.check("Sender and Receiver are different units", field("Sender") != field("Receiver"),
          "Sender and Receiver are both " + field("Sender"));
}

void ReceivedRequestJudge::judgeBody(ExchangeRecord& r) const {
  std::string known;
  for (const auto& s : services_) {
    for (const auto& op : s.view.operations)
      known += (known.empty() ? "" : ", ") + op.request.text();
  }
  r.check(
      "the body is the input of an operation under test", operation_ != nullptr,
      "the body is " + xml::qualifiedName(envelope_->bodyRoot()) + ", expected one of " + known);
  if (operation_ == nullptr) return;
  const auto issues = envelope_->issuesUnder(envelope_->bodyRootPath());
  std::string first;
  if (!issues.empty()) {
    first = "line " + std::to_string(issues.front()->line) + ", column " +
            std::to_string(issues.front()->column) + ", " + issues.front()->element_path + ": " +
            issues.front()->message;
  }
  r.check("the body is valid against the platform schemas", issues.empty(), first);
}

ReplyToSend ReceivedRequestJudge::reply(const std::vector<std::string>& problems) const {
  ReplyToSend out;
  const SoapVersion version = envelope_ ? envelope_->soapVersion() : SoapVersion::k11;
  const std::string message_id = envelope_ ? envelope_->headerField("MessageId").value_or("") : "";
  const OperationData* data = operation_ ? service_->data.operation(operation_->name) : nullptr;
  if (!problems.empty() || data == nullptr || data->answer_body.empty()) {
    const std::string why =
        !problems.empty() ? problems.front() : "the data set has no <answer> for this operation";
    const renkei::HttpReply fault = soapFaultReply(
        version,
        faultOf(problems.empty() ? FaultCode::kInternal : FaultCode::kSchemaViolation,
                "renkei conform: " + why),
        message_id);
    out.status = fault.status;
    out.content_type = fault.content_type;
    out.body = fault.body;
    return out;
  }
  const auto field = [&](const char* name) { return envelope_->headerField(name).value_or(""); };
  RequestParts parts;
  parts.soap12 = version == SoapVersion::k12;
  parts.header = {{"MessageId", newRandomUuid()},
                  {"CorrelationId", message_id},
                  {"Sender", field("Receiver")},
                  {"Receiver", field("Sender")},
                  {"ServiceName", field("ServiceName")},
                  {"ServiceVersion", field("ServiceVersion")},
                  {"PurposeCode", field("PurposeCode")},
                  {"Timestamp", utcTimestampNow()},
                  {"ProtocolVersion", "1.0"}};
  parts.body = fillTemplate(data->answer_body, {{"timestamp", utcTimestampNow()}},
                            service_->data.file + ": <answer> of " + operation_->name);
  out.body = buildEnvelope(ExchangeSpec{}, parts, 0, service_->data.file);
  out.content_type =
      parts.soap12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
  return out;
}

}  // namespace renkei::conform
