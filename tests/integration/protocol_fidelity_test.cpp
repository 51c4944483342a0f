// Protocol fidelity findings of issue 8, each as a caller or a unit would meet it, through the
// real broker and the real sample units.
#include <gtest/gtest.h>

#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

// An answer may be larger than any request the broker accepts: <limits maxMessageBytes> bounds
// requests, <forwarding maxResponseBytes> answers. Here a request of 1.2 KB passes a 1,500-byte
// request limit and the 住基 unit's 2 KB answer must come back, not be refused as too large.
TEST(ProtocolFidelity, AnAnswerLargerThanTheRequestLimitIsRouted) {
  UnitProcess juki("unit_juki");
  BrokerSetup setup{{{"062022/juki", juki.url()}}};
  setup.max_message_bytes = 1500;
  RunningBroker broker(setup);
  SoapClient client;
  const std::string request = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");
  ASSERT_LT(request.size(), 1500u);
  const HttpAnswer answer = client.post(broker.url(), request);
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_GT(answer.body.size(), 1500u);
  EXPECT_NE(answer.body.find("IdoJohoShokaiResponse"), std::string::npos) << answer.body;
  // The request limit still holds for requests.
  const HttpAnswer big =
      client.post(broker.url(), withElementText(request, "UserId", std::string(400, 'x')));
  EXPECT_NE(big.status, 200);
  EXPECT_NE(big.body.find("Client.MessageTooLarge"), std::string::npos) << big.body;
}

// The URL and the SOAPAction must name the service the header names, so that a receiver that
// dispatches on either never runs an operation other than the one the link was checked for.
class ActionMismatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { kokuho_ = new UnitProcess("unit_kokuho"); }
  static void TearDownTestSuite() { delete kokuho_; }
  void SetUp() override {
    broker_ = std::make_unique<RunningBroker>(BrokerSetup{{{"062022/kokuho", kokuho_->url()}}});
  }
  HttpAnswer post(const std::string& path, const std::vector<std::string>& headers = {},
                  const std::string& content_type = "text/xml; charset=utf-8") {
    return client_.postAsIs(broker_->url(path),
                            freshMessage(trafficFile("shikaku-joho-shokai.juki-to-kokuho.xml")),
                            content_type, headers);
  }
  static UnitProcess* kokuho_;
  std::unique_ptr<RunningBroker> broker_;
  SoapClient client_;
};
UnitProcess* ActionMismatchTest::kokuho_ = nullptr;

TEST_F(ActionMismatchTest, ItsOwnAddressAndActionAreRouted) {
  EXPECT_EQ(post("/services/ShikakuJohoShokai").status, 200);
  const HttpAnswer with_action =
      post("/services/ShikakuJohoShokai",
           {"SOAPAction: \"urn:renkei:unit:kokuho:v1#ShikakuJohoShokai\""});
  EXPECT_EQ(with_action.status, 200) << with_action.body;
}

TEST_F(ActionMismatchTest, AnotherServicesAddressIsRefused) {
  for (const std::string path : {"/services/IdoJohoShokai", "/services/NoSuchService", "/"}) {
    const HttpAnswer answer = post(path);
    EXPECT_EQ(answer.status, 500) << path;
    EXPECT_NE(answer.body.find("Client.ActionMismatch"), std::string::npos) << answer.body;
    EXPECT_NE(answer.body.find("/services/ShikakuJohoShokai"), std::string::npos) << answer.body;
  }
  const auto audit = broker_->exchanges();
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[2].fault_code, "Client.ActionMismatch");
  EXPECT_FALSE(audit[2].link_id.has_value()) << "refused before authorization";
}

TEST_F(ActionMismatchTest, AnotherServicesSoapActionIsRefused) {
  const HttpAnswer soap11 = post("/services/ShikakuJohoShokai",
                                 {"SOAPAction: \"urn:renkei:unit:juki:v1#IdoJohoShokai\""});
  EXPECT_EQ(soap11.status, 500);
  EXPECT_NE(soap11.body.find("Client.ActionMismatch"), std::string::npos) << soap11.body;
  EXPECT_NE(soap11.body.find("urn:renkei:unit:kokuho:v1#ShikakuJohoShokai"), std::string::npos)
      << "the reason names the service's own action: " << soap11.body;
}

TEST_F(ActionMismatchTest, Soap12ActionParameterIsCheckedToo) {
  std::string message = freshMessage(trafficFile("ido-joho-shokai.soap12.xml"));
  UnitProcess juki("unit_juki");
  RunningBroker broker(BrokerSetup{{{"062022/juki", juki.url()}}});
  const HttpAnswer wrong = client_.postAsIs(
      broker.url(), message,
      "application/soap+xml; charset=utf-8; action=\"urn:renkei:unit:juki:v1#JuminIdoTsuchi\"");
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_NE(wrong.body.find("Client.ActionMismatch"), std::string::npos) << wrong.body;
  const HttpAnswer right = client_.postAsIs(
      broker.url(), freshMessage(message),
      "application/soap+xml; charset=utf-8; action=\"urn:renkei:unit:juki:v1#IdoJohoShokai\"");
  EXPECT_EQ(right.status, 200) << right.body;
}

}  // namespace
}  // namespace renkei::testing
