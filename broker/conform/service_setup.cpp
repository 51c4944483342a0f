#include "broker/conform/service_setup.h"

#include "broker/conform/case_loader.h"
#include "broker/conform/envelope_builder.h"
#include "broker/core/random_uuid.h"
#include "broker/core/utc_timestamp.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei::conform {

ServiceUnderTest prepareService(const std::vector<DataSet>& sets, const std::string& spec,
                                const std::optional<std::string>& wsdl_override) {
  const auto colon = spec.find(':');
  const std::string name = spec.substr(0, colon);
  const std::string version = colon == std::string::npos ? "" : spec.substr(colon + 1);
  const DataSet* found = nullptr;
  std::string known;
  for (const DataSet& set : sets) {
    known += (known.empty() ? "" : ", ") + set.service + ":" + set.version;
    if (set.service != name || (!version.empty() && set.version != version)) continue;
    if (found != nullptr) {
      throw ConformInputError("--service " + spec + ": several data sets match (" + found->file +
                              ", " + set.file + "); name the version");
    }
    found = &set;
  }
  if (found == nullptr) {
    throw ConformInputError("--service " + spec + ": no data set for it (have: " + known +
                            "); add one to the data folder");
  }
  ServiceUnderTest s{*found, readWsdl(wsdl_override.value_or(found->wsdl_path)), {}};
  auto view = viewService(s.wsdl, name);
  if (!view) {
    throw ConformInputError(s.wsdl.file.string() + ": no <wsdl:service name=\"" + name +
                            "\"> (data set " + found->file + ")");
  }
  s.view = *view;
  if (s.view.operations.empty()) {
    throw ConformInputError(s.wsdl.file.string() + ": service " + name +
                            " has no operation reachable through a binding and port type");
  }
  for (const ServiceOperation& op : s.view.operations) {
    if (found->operation(op.name) == nullptr) {
      throw ConformInputError(found->file + ": no <operation name=\"" + op.name +
                              "\"> for operation " + op.name + " of service " + name);
    }
  }
  return s;
}

namespace {

// The first schema problem of `body` sent in a plain SOAP 1.1 envelope with a complete header.
std::string firstProblem(const std::string& body, const ServiceUnderTest& s,
                         const xml::SchemaSet& schemas, const std::string& where) {
  RequestParts parts;
  parts.body = fillTemplate(body, {{"bodyNs", ""}}, where);
  parts.header = {{"MessageId", newRandomUuid()},     {"Sender", s.data.sender},
                  {"Receiver", s.data.receiver},      {"ServiceName", s.data.service},
                  {"ServiceVersion", s.data.version}, {"PurposeCode", s.data.purpose},
                  {"Timestamp", utcTimestampNow()},   {"ProtocolVersion", "1.0"}};
  xml::ParseResult parsed = xml::HardenedParser::forThisThread(schemas, xml::ParserLimits{})
                                .parse(buildEnvelope(ExchangeSpec{}, parts, 0, where));
  if (!parsed.ok()) return parsed.fault->reason;
  auto env = xml::ParsedEnvelope::fromDocument(std::move(parsed.document));
  if (!env.envelope) return env.fault->reason;
  if (!env.envelope->issues().empty()) {
    const auto& i = env.envelope->issues().front();
    return i.element_path + ": " + i.message;
  }
  if (!env.envelope->wasDeclared(env.envelope->bodyRoot()))
    return "the body element is declared by no platform schema";
  return "";
}

}  // namespace

void checkDataSetBodies(const ServiceUnderTest& s, const xml::SchemaSet& schemas) {
  for (const OperationData& op : s.data.operations) {
    const std::string where = s.data.file + ": operation " + op.name;
    const std::string valid = firstProblem(op.valid_body, s, schemas, where);
    if (!valid.empty())
      throw ConformInputError(where + ": the <valid> body is not valid: " + valid);
    if (firstProblem(op.invalid_body, s, schemas, where).empty())
      throw ConformInputError(where + ": the <invalid> body is valid against the schemas");
    if (!op.text_body.empty()) {
      const std::string text = firstProblem(op.text_body, s, schemas, where);
      if (!text.empty())
        throw ConformInputError(where + ": the <text> request is not valid: " + text);
    }
  }
}

}  // namespace renkei::conform
