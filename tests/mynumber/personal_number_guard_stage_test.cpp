// PersonalNumberGuardStage alone, after a real ParseStage: which messages it refuses, what the
// fault says (element, attribute, line; never the digits), and what it leaves for the writers
// after it (sensitive values, the masked body).
#include "broker/stages/personal_number_guard_stage.h"

#include <gtest/gtest.h>

#include "broker/stages/parse_stage.h"
#include "tests/unit/support/project_schemas.h"

namespace renkei {
namespace {

constexpr const char* kGateway = "062022/mynumber-gw";
constexpr const char* kNumber = "123456789018";  // valid check digit

std::string message(const std::string& receiver, const std::string& body_inner,
                    const std::string& message_id = "5e2b9f70-13c4-4d8e-8000-000000000019") {
  return "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"\n"
         " xmlns:h=\"urn:renkei:platform:header:v1\">\n"
         "<s:Header><h:PlatformHeader><h:MessageId>" +
         message_id + "</h:MessageId>\n<h:Receiver>" + receiver +
         "</h:Receiver></h:PlatformHeader></s:Header>\n"
         "<s:Body><q:Shokai xmlns:q=\"urn:example:q\">\n" +
         body_inner + "\n</q:Shokai></s:Body></s:Envelope>";
}

struct Outcome {
  StageResult result;
  std::string body;
  std::vector<std::string> sensitive;
};

Outcome guard(const std::string& text) {
  Exchange exchange;
  exchange.request.content_type = "text/xml";
  exchange.request.body = text;
  ParseStage parse(test_support::projectSchemas(), xml::ParserLimits{});
  EXPECT_TRUE(parse.process(exchange).ok());
  PersonalNumberGuardStage stage(kGateway);
  StageResult result = stage.process(exchange);
  return {std::move(result), exchange.request.body, exchange.sensitive_values};
}

TEST(PersonalNumberGuardStageTest, RefusesANumberInAnElementNamingPathAndLineNeverTheDigits) {
  const Outcome out =
      guard(message(kGateway, "<q:AtenaNo>" + std::string(kNumber) + "</q:AtenaNo>"));
  ASSERT_FALSE(out.result.ok());
  const FaultInfo& fault = *out.result.fault();
  EXPECT_EQ(fault.code, FaultCode::kPersonalNumberExposed);
  EXPECT_EQ(fault.element_path, "/Envelope/Body/Shokai/AtenaNo");
  EXPECT_EQ(fault.line, 6);
  EXPECT_NE(fault.reason.find("/Envelope/Body/Shokai/AtenaNo at line 6"), std::string::npos)
      << fault.reason;
  EXPECT_NE(fault.reason.find("************"), std::string::npos);
  EXPECT_EQ(fault.reason.find(kNumber), std::string::npos);
  EXPECT_EQ(out.sensitive, std::vector<std::string>{kNumber});
  EXPECT_EQ(out.body.find(kNumber), std::string::npos)
      << "the body is masked for digest and archive";
  EXPECT_NE(out.body.find("<q:AtenaNo>************</q:AtenaNo>"), std::string::npos);
}

TEST(PersonalNumberGuardStageTest, FindsItInAttributesCommentsAndCharacterReferences) {
  const Outcome attribute =
      guard(message(kGateway, "<q:Item ref=\"No." + std::string(kNumber) + "\"/>"));
  ASSERT_FALSE(attribute.result.ok());
  EXPECT_NE(attribute.result.fault()->reason.find("(attribute ref)"), std::string::npos);

  EXPECT_FALSE(guard(message(kGateway, "<!-- " + std::string(kNumber) + " -->")).result.ok());
  // Escaped digits are not in the bytes; the DOM shows them as text.
  const Outcome escaped = guard(message(kGateway, "<q:AtenaNo>&#49;23456789018</q:AtenaNo>"));
  ASSERT_FALSE(escaped.result.ok());
  EXPECT_EQ(escaped.result.fault()->element_path, "/Envelope/Body/Shokai/AtenaNo");
  EXPECT_TRUE(escaped.body.empty()) << "not maskable in place: the body is not kept";
  // Split by CDATA: one text for the element.
  EXPECT_FALSE(guard(message(kGateway, "<q:A>123456<![CDATA[789018]]></q:A>")).result.ok());
}

TEST(PersonalNumberGuardStageTest, LetsOtherReceiversAndCleanMessagesThrough) {
  EXPECT_TRUE(guard(message("062022/juki", "<q:AtenaNo>" + std::string(kNumber) + "</q:AtenaNo>"))
                  .result.ok());
  // A 15-digit 宛名番号, a wrong check digit, a full-width number, a UUID MessageId whose last
  // group happens to pass the check digit.
  EXPECT_TRUE(guard(message(kGateway,
                            "<q:AtenaNo>000123456789018</q:AtenaNo>"
                            "<q:B>123456789012</q:B><q:C>１２３４５６７８９０１８</q:C>"))
                  .result.ok());
}

}  // namespace
}  // namespace renkei
