// Freshness and replay (issue 9, <replay>): a message is accepted once per (sender, MessageId)
// and only with a current Timestamp; the refusal is a fault with its own code and an audit
// record, the receiving unit never sees the copy, and a restart does not forget what was
// accepted (the embedded store primes its memory from the audit trail).
#include <gtest/gtest.h>

#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

bool hasFault(const HttpAnswer& answer, const std::string& code) {
  return answer.body.find(code) != std::string::npos;
}

class ReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<RunningBroker>(BrokerSetup{{{"062022/juki", juki_.url()}}});
  }
  // One 異動情報照会 from 国保 to 住基 with a new MessageId and a current Timestamp.
  std::string freshShokai() { return trafficFile("ido-joho-shokai.kokuho-to-juki.xml"); }
  int countAudit(const std::string& message_id, const std::string& fault_code) {
    int n = 0;
    for (const auto& r : broker_->audit())
      n += r.message_id == message_id && r.fault_code == fault_code;
    return n;
  }

  UnitProcess juki_{"unit_juki"};
  std::unique_ptr<RunningBroker> broker_;
  SoapClient client_;
};

TEST_F(ReplayTest, TheSameMessageTwiceIsRefusedTheSecondTimeAsDuplicate) {
  const std::string message = freshShokai();
  const HttpAnswer first = client_.postAsIs(broker_->url(), message);
  ASSERT_EQ(first.status, 200) << first.body.substr(0, 400);
  const HttpAnswer second = client_.postAsIs(broker_->url(), message);
  EXPECT_EQ(second.status, 500);
  EXPECT_TRUE(hasFault(second, "Client.DuplicateMessage")) << second.body;
  EXPECT_EQ(second.body.find("127.0.0.1"), std::string::npos) << "no endpoint in a fault";

  const std::string id = firstElementText(message, "MessageId");
  EXPECT_EQ(countAudit(id, ""), 1) << "the first one routed";
  EXPECT_EQ(countAudit(id, "Client.DuplicateMessage"), 1) << "the copy refused, and audited";
  // Another message from the same sender is not affected.
  EXPECT_EQ(client_.postAsIs(broker_->url(), freshShokai()).status, 200);
}

TEST_F(ReplayTest, ARefusalBeforeAuthorizationDoesNotUseUpTheMessageId) {
  // Schema-invalid first (refused before the replay check), then corrected with the same id.
  std::string message = freshShokai();
  std::string broken = message;
  replaceAll(broken, "<juki:AtenaNo>", "<juki:AtenaNo>x");
  const HttpAnswer refused = client_.postAsIs(broker_->url(), broken);
  ASSERT_TRUE(hasFault(refused, "Client.SchemaViolation")) << refused.body;
  EXPECT_EQ(client_.postAsIs(broker_->url(), message).status, 200);
}

TEST_F(ReplayTest, ATimestampOutsideTheSkewIsStaleEitherWay) {
  for (long offset : {-3600L, 3600L}) {
    const std::string message = withElementText(freshShokai(), "Timestamp", timestampNow(offset));
    const HttpAnswer answer = client_.postAsIs(broker_->url(), message);
    EXPECT_EQ(answer.status, 500) << offset;
    EXPECT_TRUE(hasFault(answer, "Client.StaleMessage")) << answer.body;
    EXPECT_NE(answer.body.find("300 s"), std::string::npos) << "names the allowed skew";
  }
  // Within the skew (a unit's clock two minutes slow) is fine.
  const std::string slow_clock = withElementText(freshShokai(), "Timestamp", timestampNow(-120));
  EXPECT_EQ(client_.postAsIs(broker_->url(), slow_clock).status, 200);
  // The example file as it is, with its Timestamp of 2024, is stale.
  const HttpAnswer old =
      client_.postAsIs(broker_->url(), trafficFileAsIs("ido-joho-shokai.kokuho-to-juki.xml"));
  EXPECT_TRUE(hasFault(old, "Client.StaleMessage")) << old.body;
}

TEST_F(ReplayTest, ARestartedBrokerStillRefusesAMessageItAcceptedBefore) {
  const std::string message = freshShokai();
  ASSERT_EQ(client_.postAsIs(broker_->url(), message).status, 200);
  broker_->restart();
  SoapClient after_restart;
  const HttpAnswer again = after_restart.postAsIs(broker_->url(), message);
  EXPECT_TRUE(hasFault(again, "Client.DuplicateMessage")) << again.body;
}

}  // namespace
}  // namespace renkei::testing
