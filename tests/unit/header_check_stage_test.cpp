#include "broker/stages/header_check_stage.h"

#include <gtest/gtest.h>

#include "tests/unit/support/project_schemas.h"

#include <filesystem>
#include <map>

#include "broker/stages/parse_stage.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei {
namespace {

using test_support::projectSchemas;

using Fields = std::map<std::string, std::string>;

Fields validFields() {
  return {{"1MessageId", "3f2b8c1e-7a4d-4e6b-9c1a-2b3c4d5e6f70"},
          {"3Sender", "062022/kokuho"},
          {"4Receiver", "062022/juki"},
          {"5ServiceName", "IdoJohoShokai"},
          {"6ServiceVersion", "1"},
          {"7PurposeCode", "KOKUHO-SHIKAKU"},
          {"8Timestamp", "2024-04-01T09:00:00+09:00"},
          {"9ProtocolVersion", "1.0"}};
}

// Keys carry a one-digit prefix so the map keeps schema order; one field per line from line 4.
std::string request(const Fields& fields, bool with_header = true) {
  std::string header;
  if (with_header) {
    header = "<s:Header><h:PlatformHeader xmlns:h=\"urn:renkei:platform:header:v1\">\n";
    for (const auto& [key, value] : fields) {
      std::string name = key.substr(1);
      header += "<h:" + name + ">" + value + "</h:" + name + ">\n";
    }
    header += "</h:PlatformHeader></s:Header>";
  }
  return "<?xml version=\"1.0\"?>\n<s:Envelope "
         "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">\n" +
         header +
         "<s:Body><j:IdoJohoShokaiRequest xmlns:j=\"urn:renkei:unit:juki:v1\">"
         "<j:AtenaNo>000000000012345</j:AtenaNo></j:IdoJohoShokaiRequest></s:Body></s:Envelope>";
}

StageResult check(Exchange& exchange, const std::string& body) {
  exchange.request.content_type = "text/xml";
  exchange.request.body = body;
  ParseStage parse(projectSchemas(), xml::ParserLimits{});
  StageResult parsed = parse.process(exchange);
  if (!parsed.ok()) return parsed;
  return HeaderCheckStage().process(exchange);
}

TEST(HeaderCheckStageTest, ValidHeaderFillsTheExchange) {
  Exchange exchange;
  StageResult result = check(exchange, request(validFields()));
  ASSERT_TRUE(result.ok()) << result.fault()->reason;
  ASSERT_TRUE(exchange.header);
  EXPECT_EQ(exchange.header->message_id, "3f2b8c1e-7a4d-4e6b-9c1a-2b3c4d5e6f70");
  EXPECT_EQ(exchange.header->sender, "062022/kokuho");
  EXPECT_EQ(exchange.header->receiver, "062022/juki");
  EXPECT_EQ(exchange.header->service_name, "IdoJohoShokai");
  EXPECT_EQ(exchange.header->service_version, "1");
  EXPECT_EQ(exchange.header->purpose_code, "KOKUHO-SHIKAKU");
  EXPECT_EQ(exchange.header->protocol_version, "1.0");
  EXPECT_TRUE(exchange.header->correlation_id.empty());
}

TEST(HeaderCheckStageTest, MissingHeader) {
  Exchange exchange;
  StageResult result = check(exchange, request({}, false));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kMissingHeader);
  EXPECT_NE(result.fault()->reason.find("urn:renkei:platform:header:v1"), std::string::npos);
}

TEST(HeaderCheckStageTest, BadUuidNamesMessageId) {
  Fields fields = validFields();
  fields["1MessageId"] = "not-a-uuid";
  Exchange exchange;
  StageResult result = check(exchange, request(fields));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kInvalidHeader);
  EXPECT_NE(result.fault()->reason.find("MessageId"), std::string::npos) << result.fault()->reason;
  EXPECT_EQ(result.fault()->element_path, "/Envelope/Header/PlatformHeader/MessageId");
  EXPECT_EQ(result.fault()->line, 4);
}

TEST(HeaderCheckStageTest, MissingFieldIsNamed) {
  Fields fields = validFields();
  fields.erase("7PurposeCode");
  Exchange exchange;
  StageResult result = check(exchange, request(fields));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kInvalidHeader);
  EXPECT_NE(result.fault()->reason.find("PurposeCode"), std::string::npos)
      << result.fault()->reason;
}

TEST(HeaderCheckStageTest, WrongCheckDigitIsRefused) {
  Fields fields = validFields();
  fields["4Receiver"] = "062021/juki";  // 06202 has check digit 2
  Exchange exchange;
  StageResult result = check(exchange, request(fields));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kInvalidHeader);
  EXPECT_NE(result.fault()->reason.find("Receiver"), std::string::npos) << result.fault()->reason;
  EXPECT_NE(result.fault()->reason.find("check digit"), std::string::npos);
}

TEST(HeaderCheckStageTest, OtherValidTenantIsAccepted) {
  Fields fields = validFields();
  fields["4Receiver"] = "062014/juki";  // 06201 -> 062014
  Exchange exchange;
  StageResult result = check(exchange, request(fields));
  EXPECT_TRUE(result.ok()) << result.fault()->reason;
}

TEST(HeaderCheckStageTest, SenderEqualsReceiverIsRefused) {
  Fields fields = validFields();
  fields["4Receiver"] = fields["3Sender"];
  Exchange exchange;
  StageResult result = check(exchange, request(fields));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kInvalidHeader);
  EXPECT_NE(result.fault()->reason.find("Receiver"), std::string::npos);
}

TEST(HeaderCheckStageTest, UuidFormat) {
  EXPECT_TRUE(isUuid("3F2B8C1E-7a4d-4e6b-9c1a-2b3c4d5e6f70"));
  EXPECT_FALSE(isUuid("3f2b8c1e7a4d4e6b9c1a2b3c4d5e6f70"));
  EXPECT_FALSE(isUuid("3f2b8c1e-7a4d-4e6b-9c1a-2b3c4d5e6f7g"));
  EXPECT_FALSE(isUuid(""));
}

TEST(HeaderCheckStageTest, WithoutParseIsInternal) {
  Exchange exchange;
  EXPECT_EQ(HeaderCheckStage().process(exchange).fault()->code, FaultCode::kInternal);
}

}  // namespace
}  // namespace renkei
