#include "broker/stages/parse_stage.h"

#include <memory>
#include <string>

#include "broker/core/printable_text.h"
#include "broker/stages/must_understand.h"
#include "broker/xml/envelope_facts.h"
#include "broker/xml/parsed_envelope.h"
#include "broker/xml/parser_pool.h"

namespace renkei {

namespace {

const char* versionName(SoapVersion v) { return v == SoapVersion::k12 ? "1.2" : "1.1"; }

std::optional<StageResult> versionMismatch(SoapVersion in_envelope, SoapVersion announced) {
  if (in_envelope == announced) return std::nullopt;
  return StageResult::refuse(FaultCode::kVersionMismatch,
                             std::string("the envelope is SOAP ") + versionName(in_envelope) +
                                 " but Content-Type announces SOAP " + versionName(announced));
}

StageResult checkMustUnderstand(const xml::EnvelopeFacts& facts) {
  if (auto blocks = headerBlocksNotUnderstood(facts); !blocks.empty()) {
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
  if (dom_need_ == DomNeed::kToRefuse && admitByScan(exchange)) {
    exchange.soap_version = exchange.envelope_facts->version;
    if (auto refused = versionMismatch(exchange.envelope_facts->version, *announced)) {
      exchange.envelope_facts.reset();
      return std::move(*refused);
    }
    return checkMustUnderstand(*exchange.envelope_facts);
  }
  return parseIntoDom(exchange, *announced);
}

bool ParseStage::admitByScan(Exchange& exchange) const {
  xml::ScannedEnvelope scanned =
      xml::lendEnvelopeScanner(schemas_, limits_)->scanRequest(exchange.request.body);
  if (scanned.fault || !scanned.issues.empty() || !scanned.shape.version ||
      scanned.header.unqualified_block) {
    return false;
  }
  exchange.envelope_facts =
      std::make_shared<const xml::EnvelopeFacts>(xml::EnvelopeFacts::ofScan(std::move(scanned)));
  return true;
}

StageResult ParseStage::parseIntoDom(Exchange& exchange, SoapVersion announced) const {
  xml::ParseResult parsed =
      xml::lendHardenedParser(schemas_, limits_)->parse(exchange.request.body);
  if (!parsed.ok()) return StageResult::refuse(std::move(*parsed.fault));

  xml::EnvelopeResult built = xml::ParsedEnvelope::fromDocument(std::move(parsed.document));
  // Answer in the version the caller actually speaks when the envelope says so.
  if (built.version) exchange.soap_version = *built.version;
  if (built.fault) return StageResult::refuse(std::move(*built.fault));

  if (auto refused = versionMismatch(built.envelope->soapVersion(), announced)) {
    return std::move(*refused);
  }
  exchange.envelope_facts =
      std::make_shared<const xml::EnvelopeFacts>(xml::EnvelopeFacts::of(*built.envelope));
  exchange.envelope = std::move(built.envelope);
  return checkMustUnderstand(*exchange.envelope_facts);
}

}  // namespace renkei
