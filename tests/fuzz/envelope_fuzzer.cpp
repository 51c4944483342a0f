// Fuzz target for the envelope path: hardened parse, envelope shape, platform header check, and
// the parse stage's two ways of reading a request (with a DOM, and streamed with a DOM only to
// refuse) agreeing on every input.
// Built as a libFuzzer binary with clang (-DRENKEI_FUZZ=ON) and, everywhere, as a replay test
// that feeds the seed corpus through the same entry point.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "broker/core/soap_fault_writer.h"
#include "broker/stages/header_check_stage.h"
#include "broker/stages/parse_stage.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/parsed_envelope.h"
#include "tests/support/parse_modes.h"

namespace {

// No fallback: fuzzing (or replaying the corpus) without the platform schemas would pass while
// exercising none of the validation. A load error ends the run with its message.
const renkei::xml::SchemaSet& schemas() {
  static const renkei::xml::SchemaSet set =
      renkei::xml::SchemaSet::loadDirectory(std::filesystem::path(RENKEI_SOURCE_DIR) / "xsd");
  return set;
}

// Every refusal names its reason and is answered with a SOAP Fault that is itself a valid
// envelope, whatever the caller sent (its text is quoted in reasons).
void checkRefusal(const renkei::StageResult& result, renkei::SoapVersion version) {
  if (result.ok()) return;
  const renkei::FaultInfo& fault = *result.fault();
  if (fault.reason.empty()) __builtin_trap();
  const std::string answer = renkei::renderSoapFault(version, fault, "fuzz-message-id");
  auto& parser = renkei::xml::HardenedParser::forThisThread(schemas(), renkei::xml::ParserLimits{});
  renkei::xml::ParseResult parsed = parser.parse(answer);
  if (!parsed.ok() || !parsed.document->issues().empty()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first byte picks the binding, so the corpus exercises both SOAP versions.
  renkei::Exchange exchange;
  exchange.request.content_type =
      size > 0 && (data[0] & 1) ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
  exchange.request.body = std::string(bytes);
  renkei::ParseStage parse(schemas(), renkei::xml::ParserLimits{});
  const renkei::StageResult parsed = parse.process(exchange);
  checkRefusal(parsed, exchange.soap_version);
  if (!renkei::test_support::parseModesDisagree(schemas(), renkei::xml::ParserLimits{},
                                                exchange.request.content_type,
                                                exchange.request.body)
           .empty()) {
    __builtin_trap();
  }
  if (!parsed.ok()) return 0;
  for (const auto& issue : exchange.envelope->issues()) {
    (void)exchange.envelope->issuesUnder(issue.element_path);
  }
  renkei::HeaderCheckStage header_check;
  checkRefusal(header_check.process(exchange), exchange.soap_version);
  return 0;
}
