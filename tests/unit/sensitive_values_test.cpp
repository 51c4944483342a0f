// Values of elements configured as sensitive (<privacy>) never come back in what the broker says
// about a message: collected after the parse, masked in the fault the caller gets, in the audit
// record's free-text fields and in log lines.
#include "broker/core/sensitive_values.h"

#include <gtest/gtest.h>

#include "broker/core/pipeline.h"
#include "broker/stages/parse_stage.h"
#include "broker/stages/sensitive_values_stage.h"
#include "broker/xml/parsed_envelope.h"
#include "tests/unit/support/project_schemas.h"

namespace renkei {
namespace {

using test_support::projectSchemas;

constexpr const char* kKanaNs = "urn:renkei:unit:juki:v1";
constexpr const char* kHeaderNs = "urn:renkei:platform:header:v1";

std::string message(const std::string& kana, const std::string& user_id) {
  return std::string(
             "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
             "xmlns:h=\"") +
         kHeaderNs +
         "\"><s:Header><h:PlatformHeader><h:MessageId>5e2b9f70-13c4-4d8e-a6f1-2c9b8e0d4f57"
         "</h:MessageId><h:UserId>" +
         user_id +
         "</h:UserId></h:PlatformHeader></s:Header><s:Body>"
         "<j:IdoJohoShokaiRequest xmlns:j=\"" +
         kKanaNs + "\"><j:KanaShimei>\n  " + kana +
         "  \n</j:KanaShimei></j:IdoJohoShokaiRequest></s:Body></s:Envelope>";
}

std::vector<std::string> collect(const std::string& body,
                                 const std::vector<xml::ElementName>& names) {
  Exchange exchange;
  exchange.request.content_type = "text/xml";
  exchange.request.body = body;
  ParseStage parse(projectSchemas(), xml::ParserLimits{});
  EXPECT_TRUE(parse.process(exchange).ok());
  xml::SensitiveElements elements(names);
  SensitiveValuesStage stage(elements);
  EXPECT_TRUE(stage.process(exchange).ok());
  return exchange.sensitive_values;
}

TEST(SensitiveValuesTest, MasksEveryOccurrenceAndMyNumbersToo) {
  EXPECT_EQ(maskSensitive("'ヤマダ　タロウ' and again ヤマダ　タロウ", {"ヤマダ　タロウ"}),
            "'***' and again ***");
  EXPECT_EQ(maskSensitive("number 123456789018", {}), "number ************");
  // One byte reveals nothing, and masking it would blank out the sentence.
  EXPECT_EQ(maskSensitive("line 1, column 12", {"1"}), "line 1, column 12");
  // A value that contains itself after masking cannot loop.
  EXPECT_EQ(maskSensitive("aa**aa", {"**"}), "aa***aa");
}

TEST(SensitiveValuesTest, CollectsTrimmedTextOfTheConfiguredElementsInHeaderAndBody) {
  const auto values = collect(message("ヤマダ　タロウ", "madoguchi-07"),
                              {{kKanaNs, "KanaShimei"}, {kHeaderNs, "UserId"}});
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[0], "ヤマダ　タロウ");  // longest first
  EXPECT_EQ(values[1], "madoguchi-07");
}

TEST(SensitiveValuesTest, OnlyTheNamedNamespaceCounts) {
  const auto values = collect(message("ヤマダ　タロウ", "madoguchi-07"),
                              {{"urn:other", "KanaShimei"}, {kHeaderNs, "NoSuchElement"}});
  EXPECT_TRUE(values.empty());
}

// A stage that refuses quoting the message, as a future check or an exception text might.
class QuotingStage : public Stage {
 public:
  std::string_view name() const override { return "quoting"; }
  StageResult process(Exchange& exchange) override {
    PlatformHeader header;
    header.message_id = "5e2b9f70-13c4-4d8e-a6f1-2c9b8e0d4f57";
    header.user_id = "窓口 ヤマダ　タロウ";
    header.case_reference = "case of ヤマダ　タロウ";
    exchange.header = header;
    return StageResult::refuse(FaultCode::kSchemaViolation,
                               "KanaShimei 'ヤマダ　タロウ' is not what was expected");
  }
};

class CapturingSink : public AuditSink {
 public:
  void record(AuditRecord record, const UnavailableRecord&) override { last = std::move(record); }
  bool healthy() const override { return true; }
  AuditRecord last;
};

TEST(SensitiveValuesTest, TheFaultAndTheAuditRecordNeverRepeatAValue) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<ParseStage>(projectSchemas(), xml::ParserLimits{}));
  const xml::SensitiveElements elements(std::vector<xml::ElementName>{{kKanaNs, "KanaShimei"}});
  stages.push_back(std::make_unique<SensitiveValuesStage>(elements));
  stages.push_back(std::make_unique<QuotingStage>());
  CapturingSink sink;
  Pipeline pipeline(std::move(stages), sink);
  HttpRequest request;
  request.content_type = "text/xml";
  request.body = message("ヤマダ　タロウ", "x");
  const HttpReply reply = pipeline.run(std::move(request));
  EXPECT_NE(reply.body.find("Client.SchemaViolation"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("KanaShimei &apos;***&apos;"), std::string::npos) << reply.body;
  EXPECT_EQ(reply.body.find("ヤマダ"), std::string::npos) << reply.body;
  EXPECT_EQ(sink.last.operator_id, "窓口 ***");
  EXPECT_EQ(sink.last.case_reference, "case of ***");
}

}  // namespace
}  // namespace renkei
