// Hostile XML is refused quickly with a fault, and the broker goes on serving.
#include <gtest/gtest.h>

#include <chrono>

#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

struct HostileCase {
  const char* name;
  std::string body;
  const char* expected_code;
};

std::string envelopeAround(const std::string& inner) {
  return "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/"
         "envelope/\"><soap:Body>" +
         inner + "</soap:Body></soap:Envelope>";
}

std::vector<HostileCase> hostileCases() {
  std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  for (int i = 1; i < 10; ++i) {
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) laughs += "&lol" + (i > 1 ? std::to_string(i - 1) : "") + ";";
    laughs += "\">";
  }
  laughs += "]><lolz>&lol9;</lolz>";
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  std::string many_attributes = "<x";
  for (int i = 0; i < 500; ++i) many_attributes += " a" + std::to_string(i) + "=\"1\"";
  many_attributes += "/>";
  return {
      {"doctype", "<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope><soap:Envelope/>",
       "Client.ForbiddenXmlConstruct"},
      {"external entity",
       "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
       "Client.ForbiddenXmlConstruct"},
      {"billion laughs", laughs, "Client.ForbiddenXmlConstruct"},
      {"deep nesting", envelopeAround(deep), "Client.ForbiddenXmlConstruct"},
      {"many attributes", envelopeAround(many_attributes), "Client.ForbiddenXmlConstruct"},
      {"oversized", envelopeAround("<x>" + std::string(5 * 1024 * 1024, 'a') + "</x>"),
       "Client.MessageTooLarge"},
  };
}

TEST(HostileInput, EachIsRefusedQuicklyAndTheBrokerKeepsServing) {
  UnitProcess juki("unit_juki");
  RunningBroker broker(BrokerSetup{{{"062022/juki", juki.url()}}});
  for (const HostileCase& c : hostileCases()) {
    SCOPED_TRACE(c.name);
    SoapClient client;
    const auto start = std::chrono::steady_clock::now();
    HttpAnswer answer = client.post(broker.url(), c.body);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_NE(answer.body.find(c.expected_code), std::string::npos) << answer.body.substr(0, 500);
    EXPECT_LT(elapsed, std::chrono::seconds(3));
  }
  SoapClient client;
  HttpAnswer after = client.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  EXPECT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(broker.exchanges().size(), hostileCases().size() + 1);
}

}  // namespace
}  // namespace renkei::testing
