// The parse stage reads a sound request from the streaming scan alone and builds a DOM only to
// refuse one (ParseStage::DomNeed::kToRefuse) or when a stage needs it. Whatever the message,
// the two ways must be indistinguishable to a caller and to the stages after it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "broker/stages/dom_stage.h"
#include "broker/stages/parse_stage.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/envelope_facts.h"
#include "broker/xml/parsed_envelope.h"
#include "tests/support/parse_modes.h"
#include "tests/unit/support/project_schemas.h"

namespace renkei {
namespace {

namespace fs = std::filesystem;
using test_support::parseModesDisagree;
using test_support::projectSchemas;

constexpr const char* kSoap11 = "text/xml; charset=utf-8";
constexpr const char* kSoap12 = "application/soap+xml; charset=utf-8";

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string exampleRequest() {
  return readFile(fs::path(RENKEI_SOURCE_DIR) /
                  "examples/traffic/ido-joho-shokai.kokuho-to-juki.xml");
}

// The example request with `from` replaced by `to` (which must occur).
std::string exampleWith(const std::string& from, const std::string& to) {
  std::string body = exampleRequest();
  const auto at = body.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) body.replace(at, from.size(), to);
  return body;
}

const std::string kHeaderOpen = "<soapenv:Header>";

// Variations a caller can send, each sound or refused for its own reason.
std::vector<std::pair<std::string, std::string>> craftedRequests() {
  const std::string soap12 =
      readFile(fs::path(RENKEI_SOURCE_DIR) / "examples/traffic/ido-joho-shokai.soap12.xml");
  return {
      {"mustUnderstand block for the broker",
       exampleWith(kHeaderOpen,
                   kHeaderOpen + "<x:Trace xmlns:x=\"urn:example:trace\" "
                                 "soapenv:mustUnderstand=\" true \" "
                                 "soapenv:actor=\"http://schemas.xmlsoap.org/soap/actor/next\"/>")},
      {"mustUnderstand block for the unit",
       exampleWith(kHeaderOpen, kHeaderOpen + "<x:Trace xmlns:x=\"urn:example:trace\" "
                                              "soapenv:mustUnderstand=\"1\">abc</x:Trace>")},
      {"mustUnderstand false for the broker",
       exampleWith(kHeaderOpen,
                   kHeaderOpen + "<x:Trace xmlns:x=\"urn:example:trace\" "
                                 "soapenv:mustUnderstand=\"0\" "
                                 "soapenv:actor=\"http://schemas.xmlsoap.org/soap/actor/next\"/>")},
      {"unqualified header block", exampleWith(kHeaderOpen, kHeaderOpen + "<Trace>1</Trace>")},
      {"two platform headers",
       exampleWith("</soapenv:Header>",
                   "<hdr:PlatformHeader><hdr:MessageId>x</hdr:MessageId></hdr:PlatformHeader>"
                   "</soapenv:Header>")},
      {"text in Body", exampleWith("<soapenv:Body>", "<soapenv:Body>stray")},
      {"text in Envelope", exampleWith("<soapenv:Body>", "stray<soapenv:Body>")},
      {"element after Body", exampleWith("</soapenv:Envelope>", "<x/></soapenv:Envelope>")},
      {"two body elements",
       exampleWith("</soapenv:Body>", "<juki:IdoJohoShokaiRequest/></soapenv:Body>")},
      {"references and CDATA in header fields",
       exampleWith("<hdr:UserId>kokuho-staff-014</hdr:UserId>",
                   "<hdr:UserId>a&amp;b&#x3042;<![CDATA[<c>]]>d</hdr:UserId>")},
      {"empty optional field",
       exampleWith("<hdr:UserId>kokuho-staff-014</hdr:UserId>", "<hdr:UserId/>")},
      {"field missing", exampleWith("<hdr:PurposeCode>KOKUHO-SHIKAKU</hdr:PurposeCode>", "")},
      {"invalid header field", exampleWith("2024-06-03T10:15:42+09:00", "yesterday")},
      {"invalid body field", exampleWith("2024-06-01", "2024-13-01")},
      {"undeclared body root",
       exampleWith("<juki:IdoJohoShokaiRequest>", "<z:Unknown xmlns:z=\"urn:nobody\">")},
      {"envelope of another namespace",
       exampleWith("http://schemas.xmlsoap.org/soap/envelope/", "urn:not-soap")},
      {"not well-formed at the end", exampleWith("</soapenv:Envelope>", "</soapenv:Envelop>")},
      {"shape fault before a well-formedness error",
       exampleWith("</soapenv:Envelope>", "<x/></soapenv:Envelope><")},
      {"no header", exampleWith("<soapenv:Header>", "<!-- none --><soapenv:Header><!-- -->")},
      {"SOAP 1.2 example", soap12},
  };
}

TEST(ParseStageModes, BothWaysAgreeOnTheCorpusAndTheExamples) {
  std::vector<fs::path> files;
  for (const auto& dir : {fs::path(RENKEI_SOURCE_DIR) / "tests/fuzz/corpus/envelope",
                          fs::path(RENKEI_SOURCE_DIR) / "examples/traffic"}) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  ASSERT_GT(files.size(), 20u);
  for (const auto& file : files) {
    const std::string body = readFile(file);
    for (const char* type : {kSoap11, kSoap12}) {
      EXPECT_EQ(parseModesDisagree(projectSchemas(), {}, type, body), "")
          << file.filename() << " as " << type;
    }
  }
}

TEST(ParseStageModes, BothWaysAgreeOnEachVariation) {
  for (const auto& [what, body] : craftedRequests()) {
    for (const char* type : {kSoap11, kSoap12}) {
      EXPECT_EQ(parseModesDisagree(projectSchemas(), {}, type, body), "") << what << " as " << type;
    }
    xml::ParserLimits unvalidated;
    unvalidated.validate = false;
    EXPECT_EQ(parseModesDisagree(projectSchemas(), unvalidated, kSoap11, body), "")
        << what << ", validation off";
  }
}

StageResult parse(Exchange& exchange, const std::string& body, ParseStage::DomNeed need) {
  exchange.request.content_type = kSoap11;
  exchange.request.body = body;
  return ParseStage(projectSchemas(), {}, need).process(exchange);
}

TEST(ParseStageModes, ASoundRequestIsAdmittedWithoutADom) {
  Exchange streamed;
  ASSERT_TRUE(parse(streamed, exampleRequest(), ParseStage::DomNeed::kToRefuse).ok());
  EXPECT_FALSE(streamed.envelope);
  ASSERT_TRUE(streamed.envelope_facts);
  EXPECT_EQ(streamed.envelope_facts->headerField("Sender"), "062022/kokuho");
  EXPECT_EQ(streamed.envelope_facts->body_root_path, "/Envelope/Body/IdoJohoShokaiRequest");

  Exchange with_dom;
  ASSERT_TRUE(parse(with_dom, exampleRequest(), ParseStage::DomNeed::kAlways).ok());
  EXPECT_TRUE(with_dom.envelope);
  ASSERT_TRUE(with_dom.envelope_facts);
}

TEST(ParseStageModes, AMessageWithASchemaIssueIsReadIntoADomForItsRefusal) {
  Exchange exchange;
  ASSERT_TRUE(
      parse(exchange, exampleWith("2024-06-01", "2024-13-01"), ParseStage::DomNeed::kToRefuse)
          .ok());
  EXPECT_TRUE(exchange.envelope);
  ASSERT_TRUE(exchange.envelope_facts);
  ASSERT_EQ(exchange.envelope_facts->issues.size(), 1u);
  EXPECT_EQ(exchange.envelope_facts->issues.front().element_path,
            "/Envelope/Body/IdoJohoShokaiRequest/KijunDate");
}

TEST(ParseStageModes, DomStageBuildsTheDomOfAStreamedRequestOnce) {
  Exchange exchange;
  ASSERT_TRUE(parse(exchange, exampleRequest(), ParseStage::DomNeed::kToRefuse).ok());
  ASSERT_FALSE(exchange.envelope);
  const std::string before = test_support::describeFacts(*exchange.envelope_facts);
  DomStage dom(projectSchemas(), {});
  ASSERT_TRUE(dom.process(exchange).ok());
  ASSERT_TRUE(exchange.envelope);
  EXPECT_EQ(xml::localName(exchange.envelope->bodyRoot()), "IdoJohoShokaiRequest");
  EXPECT_EQ(test_support::describeFacts(*exchange.envelope_facts), before);
  const xml::ParsedEnvelope* built = exchange.envelope.get();
  ASSERT_TRUE(dom.process(exchange).ok());
  EXPECT_EQ(exchange.envelope.get(), built);
}

}  // namespace
}  // namespace renkei
