#include "broker/stages/parse_stage.h"

#include <string>

#include "broker/core/printable_text.h"
#include "broker/stages/must_understand.h"
#include "broker/xml/parsed_envelope.h"
#include "broker/xml/parser_pool.h"

namespace renkei {

namespace {

const char* versionName(SoapVersion v) { return v == SoapVersion::k12 ? "1.2" : "1.1"; }

}  // namespace

StageResult ParseStage::process(Exchange& exchange) {
  auto announced = soapVersionForContentType(exchange.request.content_type);
  if (!announced) {
    exchange.soap_version = SoapVersion::k11;
    return StageResult::refuse(
        FaultCode::kInvalidContentType,
        "Content-Type '" + printableExcerpt(exchange.request.content_type) +
            "' is neither text/xml (SOAP 1.1) nor application/soap+xml (SOAP 1.2)");
  }
  exchange.soap_version = *announced;

  xml::ParseResult parsed =
      xml::lendHardenedParser(schemas_, limits_)->parse(exchange.request.body);
  if (!parsed.ok()) return StageResult::refuse(std::move(*parsed.fault));

  xml::EnvelopeResult built = xml::ParsedEnvelope::fromDocument(std::move(parsed.document));
  // Answer in the version the caller actually speaks when the envelope says so.
  if (built.version) exchange.soap_version = *built.version;
  if (built.fault) return StageResult::refuse(std::move(*built.fault));

  if (built.envelope->soapVersion() != *announced) {
    return StageResult::refuse(FaultCode::kVersionMismatch,
                               std::string("the envelope is SOAP ") +
                                   versionName(built.envelope->soapVersion()) +
                                   " but Content-Type announces SOAP " + versionName(*announced));
  }
  exchange.envelope = std::move(built.envelope);
  if (auto blocks = headerBlocksNotUnderstood(*exchange.envelope); !blocks.empty()) {
    FaultInfo fault =
        faultOf(FaultCode::kMustUnderstand,
                "header block {" + blocks.front().first + "}" + blocks.front().second +
                    " is addressed to the broker (role next) with mustUnderstand, "
                    "and the broker does not process it");
    fault.not_understood = std::move(blocks);
    return StageResult::refuse(std::move(fault));
  }
  return StageResult::proceed();
}

}  // namespace renkei
