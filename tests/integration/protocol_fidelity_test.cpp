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

}  // namespace
}  // namespace renkei::testing
