#include "broker/stages/endpoint_check_stage.h"

#include <gtest/gtest.h>

#include <sstream>

namespace renkei {
namespace {

void prepare(Exchange& exchange, const std::string& path, const std::string& soap_action,
             const std::string& content_type) {
  exchange.request.path = path;
  exchange.request.soap_action = soap_action;
  exchange.request.content_type = content_type;
  PlatformHeader h;
  h.service_name = "ShikakuJohoShokai";
  h.service_version = "1";
  exchange.header = h;
}

class EndpointCheckStageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    actions_.declare("ShikakuJohoShokai", "1", "urn:renkei:unit:kokuho:v1#ShikakuJohoShokai");
  }
  std::optional<FaultInfo> check(const std::string& path, const std::string& action = "",
                                 const std::string& content_type = "text/xml") {
    Exchange exchange;
    prepare(exchange, path, action, content_type);
    EndpointCheckStage stage(actions_);
    StageResult result = stage.process(exchange);
    if (result.ok()) return std::nullopt;
    return *result.fault();
  }
  ServiceActions actions_;
};

TEST_F(EndpointCheckStageTest, ItsOwnAddressWithOrWithoutAQueryOrAnActionPasses) {
  EXPECT_FALSE(check("/services/ShikakuJohoShokai"));
  EXPECT_FALSE(check("/services/ShikakuJohoShokai?x=1"));
  EXPECT_FALSE(check("/services/ShikakuJohoShokai", "\"\""));  // SOAP 1.1's empty action
  EXPECT_FALSE(
      check("/services/ShikakuJohoShokai", " \"urn:renkei:unit:kokuho:v1#ShikakuJohoShokai\" "));
  EXPECT_FALSE(check("/services/ShikakuJohoShokai", "urn:renkei:unit:kokuho:v1#ShikakuJohoShokai"));
}

TEST_F(EndpointCheckStageTest, AnotherAddressIsActionMismatchNamingTheRightOne) {
  for (const std::string path : {"/services/IdoJohoShokai", "/services/", "/",
                                 "/services/ShikakuJohoShokai/x", "/services/shikakujohoshokai"}) {
    auto fault = check(path);
    ASSERT_TRUE(fault) << path;
    EXPECT_EQ(fault->code, FaultCode::kActionMismatch);
    EXPECT_NE(fault->reason.find("post its requests to /services/ShikakuJohoShokai"),
              std::string::npos)
        << fault->reason;
  }
  auto fault = check("/services/\x01\xff");
  ASSERT_TRUE(fault);
  EXPECT_NE(fault->reason.find("/services/??"), std::string::npos) << "printable only";
}

TEST_F(EndpointCheckStageTest, AnotherActionIsActionMismatch) {
  auto fault = check("/services/ShikakuJohoShokai", "\"urn:renkei:unit:juki:v1#IdoJohoShokai\"");
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->code, FaultCode::kActionMismatch);
  EXPECT_NE(fault->reason.find("urn:renkei:unit:kokuho:v1#ShikakuJohoShokai"), std::string::npos);
}

TEST_F(EndpointCheckStageTest, Soap12ActionParameterIsCompared) {
  const std::string path = "/services/ShikakuJohoShokai";
  EXPECT_FALSE(check(path, "", "application/soap+xml"));
  EXPECT_FALSE(check(path, "",
                     "application/soap+xml; charset=utf-8; "
                     "ACTION=\"urn:renkei:unit:kokuho:v1#ShikakuJohoShokai\""));
  EXPECT_FALSE(
      check(path, "", "application/soap+xml;action=urn:renkei:unit:kokuho:v1#ShikakuJohoShokai"));
  auto fault = check(path, "", "application/soap+xml; action=\"urn:x#Other\"; charset=utf-8");
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->code, FaultCode::kActionMismatch);
  EXPECT_NE(fault->reason.find("\"urn:x#Other\""), std::string::npos) << fault->reason;
  // "transaction=" is not "action=".
  EXPECT_FALSE(check(path, "", "application/soap+xml; transaction=\"urn:x#Other\""));
}

TEST(ServiceActionsTest, ReadsTheActionOfEachServiceFromItsWsdl) {
  std::vector<ServiceDef> services = {
      {"IdoJohoShokai", "1", "urn:renkei:unit:juki:v1", "IdoJohoShokaiRequest", "", "",
       "juki.wsdl"},
      {"JuminIdoTsuchi", "1", "urn:renkei:unit:juki:v1", "JuminIdoTsuchi", "", "", "juki.wsdl"},
      {"Missing", "1", "urn:x", "X", "", "", "no-such.wsdl"}};
  std::ostringstream log;
  const ServiceActions actions =
      ServiceActions::fromWsdls(services, std::string(RENKEI_SOURCE_DIR) + "/wsdl", log);
  ASSERT_NE(actions.actionFor("IdoJohoShokai", "1"), nullptr);
  EXPECT_EQ(*actions.actionFor("IdoJohoShokai", "1"), "urn:renkei:unit:juki:v1#IdoJohoShokai");
  ASSERT_NE(actions.actionFor("JuminIdoTsuchi", "1"), nullptr);
  EXPECT_EQ(*actions.actionFor("JuminIdoTsuchi", "1"), "urn:renkei:unit:juki:v1#JuminIdoTsuchi");
  EXPECT_EQ(actions.actionFor("Missing", "1"), nullptr);
  EXPECT_NE(log.str().find("no-such.wsdl"), std::string::npos) << log.str();
}

}  // namespace
}  // namespace renkei
