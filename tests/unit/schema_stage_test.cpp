#include "broker/stages/schema_stage.h"

#include <gtest/gtest.h>

#include "tests/unit/support/project_schemas.h"

#include <filesystem>

#include "broker/stages/header_check_stage.h"
#include "broker/stages/parse_stage.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei {
namespace {

using test_support::projectSchemas;

class FakeCatalog : public ServiceCatalog {
 public:
  std::optional<Unit> findUnit(const std::string& id) const override {
    if (id != "062022/juki" && id != "062022/kokuho") return std::nullopt;
    Unit unit;
    unit.id = id;
    unit.tenant = "062022";
    unit.endpoint = "http://127.0.0.1:1/" + id;
    return unit;
  }
  std::optional<ServiceDef> findService(const std::string& name,
                                        const std::string& version) const override {
    if (version != "1") return std::nullopt;
    ServiceDef def;
    def.name = name;
    def.version = version;
    def.request_ns = def.response_ns = "urn:renkei:unit:juki:v1";
    if (name == "IdoJohoShokai") {
      def.request_element = "IdoJohoShokaiRequest";
      def.response_element = "IdoJohoShokaiResponse";
    } else if (name == "Undeclared") {
      def.request_element = "NotInAnySchema";
      def.response_element = "NotInAnySchemaResponse";
    } else {
      return std::nullopt;
    }
    return def;
  }
  std::optional<Link> findActiveLink(const std::string&, const std::string&, const std::string&,
                                     const std::string&, const std::string&,
                                     const std::string&) const override {
    return std::nullopt;
  }
};

struct Msg {
  std::string service = "IdoJohoShokai";
  std::string sender = "062022/kokuho";
  std::string receiver = "062022/juki";
  std::string body =
      "<j:IdoJohoShokaiRequest xmlns:j=\"urn:renkei:unit:juki:v1\">\n"
      "<j:KanaShimei>ヤマダ　タロウ</j:KanaShimei>\n"
      "<j:SeinenGappi>1980-01-15</j:SeinenGappi>\n"
      "</j:IdoJohoShokaiRequest>";
};

// The body starts on line 5.
std::string render(const Msg& m) {
  return "<?xml version=\"1.0\"?>\n"
         "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
         "<s:Header><h:PlatformHeader xmlns:h=\"urn:renkei:platform:header:v1\">"
         "<h:MessageId>3f2b8c1e-7a4d-4e6b-9c1a-2b3c4d5e6f70</h:MessageId>"
         "<h:Sender>" +
         m.sender + "</h:Sender><h:Receiver>" + m.receiver +
         "</h:Receiver>"
         "<h:ServiceName>" +
         m.service +
         "</h:ServiceName><h:ServiceVersion>1</h:ServiceVersion>"
         "<h:PurposeCode>KOKUHO-SHIKAKU</h:PurposeCode>"
         "<h:Timestamp>2024-04-01T09:00:00+09:00</h:Timestamp>"
         "<h:ProtocolVersion>1.0</h:ProtocolVersion></h:PlatformHeader></s:Header>\n"
         "<s:Body>\n" +
         m.body + "\n</s:Body></s:Envelope>";
}

StageResult check(Exchange& exchange, const Msg& m) {
  static FakeCatalog catalog;
  exchange.request.content_type = "text/xml";
  exchange.request.body = render(m);
  StageResult r = ParseStage(projectSchemas(), xml::ParserLimits{}).process(exchange);
  if (r.ok()) r = HeaderCheckStage().process(exchange);
  if (r.ok()) r = SchemaStage(catalog).process(exchange);
  return r;
}

TEST(SchemaStageTest, ValidRequestSetsServiceAndReceiver) {
  Exchange exchange;
  StageResult result = check(exchange, Msg{});
  ASSERT_TRUE(result.ok()) << result.fault()->reason;
  ASSERT_TRUE(exchange.service);
  EXPECT_EQ(exchange.service->request_element, "IdoJohoShokaiRequest");
  ASSERT_TRUE(exchange.receiver);
  EXPECT_EQ(exchange.receiver->id, "062022/juki");
}

TEST(SchemaStageTest, UnknownServiceAndUnits) {
  Msg unknown_service;
  unknown_service.service = "NoSuchService";
  Msg unknown_receiver;
  unknown_receiver.receiver = "062014/juki";
  Msg unknown_sender;
  unknown_sender.sender = "062014/kokuho";
  Exchange a, b, c;
  EXPECT_EQ(check(a, unknown_service).fault()->code, FaultCode::kUnknownService);
  StageResult rb = check(b, unknown_receiver);
  EXPECT_EQ(rb.fault()->code, FaultCode::kUnknownUnit);
  EXPECT_NE(rb.fault()->reason.find("receiver"), std::string::npos);
  StageResult rc = check(c, unknown_sender);
  EXPECT_EQ(rc.fault()->code, FaultCode::kUnknownUnit);
  EXPECT_NE(rc.fault()->reason.find("sender"), std::string::npos);
}

TEST(SchemaStageTest, WrongBodyRootNamesBoth) {
  Msg m;
  m.body =
      "<j:IdoJohoShokaiResponse xmlns:j=\"urn:renkei:unit:juki:v1\">"
      "<j:ResultCount>0</j:ResultCount></j:IdoJohoShokaiResponse>";
  Exchange exchange;
  StageResult result = check(exchange, m);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kSchemaViolation);
  EXPECT_EQ(result.fault()->reason,
            "body root {urn:renkei:unit:juki:v1}IdoJohoShokaiResponse is not the request of "
            "service IdoJohoShokai v1 (expected {urn:renkei:unit:juki:v1}IdoJohoShokaiRequest)");
}

TEST(SchemaStageTest, UndeclaredBodyRootIsNotSilentlyAccepted) {
  Msg m;
  m.service = "Undeclared";
  m.body = "<j:NotInAnySchema xmlns:j=\"urn:renkei:unit:juki:v1\"><anything/></j:NotInAnySchema>";
  Exchange exchange;
  StageResult result = check(exchange, m);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kSchemaViolation);
  EXPECT_NE(result.fault()->reason.find("no schema declares"), std::string::npos)
      << result.fault()->reason;
}

TEST(SchemaStageTest, InvalidDateNamesLineColumnAndPath) {
  Msg m;
  m.body =
      "<j:IdoJohoShokaiRequest xmlns:j=\"urn:renkei:unit:juki:v1\">\n"
      "<j:KanaShimei>ヤマダ　タロウ</j:KanaShimei>\n"
      "<j:SeinenGappi>1980-02-31</j:SeinenGappi>\n"
      "</j:IdoJohoShokaiRequest>";
  Exchange exchange;
  StageResult result = check(exchange, m);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kSchemaViolation);
  EXPECT_EQ(result.fault()->element_path, "/Envelope/Body/IdoJohoShokaiRequest/SeinenGappi");
  EXPECT_EQ(result.fault()->line, 7);
  EXPECT_GT(result.fault()->column, 0);
  EXPECT_FALSE(exchange.service);
}

TEST(SchemaStageTest, MissingRequiredChildIsAViolation) {
  Msg m;
  m.body =
      "<j:IdoJohoShokaiRequest xmlns:j=\"urn:renkei:unit:juki:v1\">"
      "<j:KanaShimei>ヤマダ</j:KanaShimei></j:IdoJohoShokaiRequest>";
  Exchange exchange;
  StageResult result = check(exchange, m);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kSchemaViolation);
  EXPECT_EQ(result.fault()->element_path, "/Envelope/Body/IdoJohoShokaiRequest");
}

}  // namespace
}  // namespace renkei
