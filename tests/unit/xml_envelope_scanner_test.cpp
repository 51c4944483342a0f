// The streaming scanner that checks answers must refuse exactly what the DOM path refuses: for
// each broken envelope, both give the same fault code.
#include "broker/xml/envelope_scanner.h"

#include <gtest/gtest.h>

#include "broker/xml/hardened_parser.h"
#include "broker/xml/parsed_envelope.h"
#include "tests/unit/support/project_schemas.h"

namespace renkei::xml {
namespace {

using test_support::projectSchemas;

const std::string kS11 = "http://schemas.xmlsoap.org/soap/envelope/";

std::string envelope(const std::string& inside) {
  return "<s:Envelope xmlns:s=\"" + kS11 + "\" xmlns:h=\"urn:renkei:platform:header:v1\">" +
         inside + "</s:Envelope>";
}

std::optional<FaultCode> domVerdict(const std::string& bytes) {
  ParseResult parsed = HardenedParser::forThisThread(projectSchemas(), ParserLimits{}).parse(bytes);
  if (!parsed.ok()) return parsed.fault->code;
  EnvelopeResult built = ParsedEnvelope::fromDocument(std::move(parsed.document));
  if (built.fault) return built.fault->code;
  return std::nullopt;
}

std::optional<FaultCode> scanVerdict(const std::string& bytes) {
  ScannedEnvelope scanned =
      EnvelopeScanner::forThisThread(projectSchemas(), ParserLimits{}).scan(bytes);
  if (scanned.fault) return scanned.fault->code;
  return std::nullopt;
}

TEST(EnvelopeScanner, RefusesWhatTheDomPathRefuses) {
  std::string deep;
  for (int i = 0; i < 80; ++i) deep += "<a>";
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"not xml", "<s:Envelope"},
      {"not an envelope", "<x/>"},
      {"text in Envelope", envelope("oops<s:Body><r/></s:Body>")},
      {"text in Body", envelope("<s:Body>oops<r/></s:Body>")},
      {"two headers", envelope("<s:Header/><s:Header/><s:Body><r/></s:Body>")},
      {"element after Body", envelope("<s:Body><r/></s:Body><x/>")},
      {"no Body", envelope("<s:Header/>")},
      {"empty Body", envelope("<s:Body/>")},
      {"two body elements", envelope("<s:Body><r/><r/></s:Body>")},
      {"foreign element", envelope("<x/><s:Body><r/></s:Body>")},
      {"two platform headers",
       envelope(
           "<s:Header><h:PlatformHeader/><h:PlatformHeader/></s:Header><s:Body><r/></s:Body>")},
      {"doctype", "<!DOCTYPE x><x/>"},
      {"too deep", envelope("<s:Body>" + deep + "</s:Body>")},
  };
  for (const auto& [name, bytes] : cases) {
    SCOPED_TRACE(name);
    const auto dom = domVerdict(bytes);
    const auto scan = scanVerdict(bytes);
    ASSERT_TRUE(dom.has_value());
    ASSERT_TRUE(scan.has_value());
    EXPECT_EQ(faultSpec(*scan).name, faultSpec(*dom).name);
  }
}

TEST(EnvelopeScanner, ReportsTheBodyRootAndWhetherItIsAFault) {
  const std::string fault = envelope(
      "<s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>x</faultstring>"
      "</s:Fault></s:Body>");
  ScannedEnvelope scanned =
      EnvelopeScanner::forThisThread(projectSchemas(), ParserLimits{}).scan(fault);
  ASSERT_FALSE(scanned.fault) << scanned.fault->reason;
  EXPECT_TRUE(scanned.shape.is_fault);
  EXPECT_EQ(scanned.shape.body_root_local, "Fault");
  EXPECT_EQ(scanned.shape.version, SoapVersion::k11);
}

}  // namespace
}  // namespace renkei::xml
