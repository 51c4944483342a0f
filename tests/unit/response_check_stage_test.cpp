#include "broker/stages/response_check_stage.h"

#include <gtest/gtest.h>

#include "tests/unit/support/project_schemas.h"

#include <filesystem>

namespace renkei {
namespace {

using test_support::projectSchemas;

ServiceDef idoJohoShokai() {
  ServiceDef def;
  def.name = "IdoJohoShokai";
  def.version = "1";
  def.request_ns = def.response_ns = "urn:renkei:unit:juki:v1";
  def.request_element = "IdoJohoShokaiRequest";
  def.response_element = "IdoJohoShokaiResponse";
  return def;
}

std::string answer(const std::string& body) {
  return "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>" + body +
         "</s:Body></s:Envelope>";
}

StageResult check(const std::string& response) {
  Exchange exchange;
  exchange.service = idoJohoShokai();
  exchange.response_body = response;
  return ResponseCheckStage(projectSchemas(), xml::ParserLimits{}).process(exchange);
}

TEST(ResponseCheckStageTest, ValidResponsePasses) {
  StageResult r =
      check(answer("<j:IdoJohoShokaiResponse xmlns:j=\"urn:renkei:unit:juki:v1\">"
                   "<j:ResultCount>0</j:ResultCount></j:IdoJohoShokaiResponse>"));
  EXPECT_TRUE(r.ok()) << r.fault()->reason;
}

TEST(ResponseCheckStageTest, ReceiverFaultPassesThrough) {
  StageResult r =
      check(answer("<s:Fault><faultcode>s:Server</faultcode>"
                   "<faultstring>database offline</faultstring></s:Fault>"));
  EXPECT_TRUE(r.ok()) << r.fault()->reason;
}

TEST(ResponseCheckStageTest, Soap12FaultPassesThrough) {
  StageResult r = check(
      "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body><e:Fault>"
      "<e:Code><e:Value>e:Receiver</e:Value></e:Code>"
      "<e:Reason><e:Text "
      "xml:lang=\"ja\">停止中</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>");
  EXPECT_TRUE(r.ok()) << r.fault()->reason;
}

TEST(ResponseCheckStageTest, InvalidAnswersAreInvalidResponse) {
  const std::string cases[] = {
      "",
      "not xml",
      "<!DOCTYPE x><x/>",
      "<html><body>502 Bad Gateway</body></html>",
      answer("<j:IdoJohoShokaiRequest xmlns:j=\"urn:renkei:unit:juki:v1\">"
             "<j:AtenaNo>000000000012345</j:AtenaNo></j:IdoJohoShokaiRequest>"),
      answer("<j:IdoJohoShokaiResponse xmlns:j=\"urn:renkei:unit:juki:v1\">"
             "<j:ResultCount>-1</j:ResultCount></j:IdoJohoShokaiResponse>"),
  };
  for (const auto& response : cases) {
    StageResult r = check(response);
    ASSERT_FALSE(r.ok()) << response;
    EXPECT_EQ(r.fault()->code, FaultCode::kInvalidResponse) << response;
    EXPECT_FALSE(r.fault()->reason.empty());
  }
}

TEST(ResponseCheckStageTest, ViolationNamesThePath) {
  StageResult r =
      check(answer("<j:IdoJohoShokaiResponse xmlns:j=\"urn:renkei:unit:juki:v1\">"
                   "<j:ResultCount>many</j:ResultCount></j:IdoJohoShokaiResponse>"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.fault()->element_path, "/Envelope/Body/IdoJohoShokaiResponse/ResultCount");
}

}  // namespace
}  // namespace renkei
