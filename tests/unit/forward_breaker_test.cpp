// The circuit breaker seen from the forward stage, with libcurl and real loopback units; and no
// fault, whatever went wrong, names a unit's address.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "tests/support/eventually.h"
#include "tests/unit/support/forwarding_broker.h"

namespace renkei {
namespace {

using namespace test_support;
using Broker = ForwardingBroker;

TEST(ForwardBreakerTest, TheBreakerOpensAnswersFastAndClosesWhenTheUnitIsBack) {
  TestHttpServer unit;
  TestHttpAnswer hang_up;
  hang_up.close_without_answer = true;  // a transport failure, at once
  unit.setAnswer(hang_up);
  ReceiverLimits limits;
  limits.breaker_failures = 3;
  limits.breaker_open_ms = 500;
  Broker broker(limits);

  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(codeOf(broker.call("062022/juki", unit.url())), FaultCode::kReceiverUnavailable);
  }
  ASSERT_EQ(unit.requestCount(), 3);
  const auto opened_at = Clock::now();
  for (int i = 0; i < 20; ++i) {  // open: refused without calling the unit
    const Broker::Call c = broker.call("062022/juki", unit.url());
    EXPECT_EQ(codeOf(c), FaultCode::kReceiverUnavailable);
    EXPECT_LT(c.took, milliseconds(100));  // at once: no wait, no call
    EXPECT_NE(reasonOf(c).find("circuit breaker open"), std::string::npos) << reasonOf(c);
  }
  EXPECT_EQ(unit.requestCount(), 3);

  unit.setAnswer(answerWith(kAnswer));  // the unit is back
  // Refused without a call until the open period (500 ms) ends; then one probe goes through.
  Broker::Call probe;
  EXPECT_TRUE(renkei::testing::eventually([&] {
    probe = broker.call("062022/juki", unit.url());
    return probe.result.ok();
  })) << reasonOf(probe);
  EXPECT_GE(Clock::now() - opened_at, milliseconds(450)) << "closed before its open period";
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(broker.call("062022/juki", unit.url()).result.ok());
  EXPECT_EQ(unit.requestCount(), 3 + 1 + 5);

  const std::vector<std::string> log = broker.logLines();
  ASSERT_EQ(log.size(), 3u);
  // The operator's log keeps the endpoint; the callers' faults never do.
  EXPECT_EQ(log[0].rfind("renkei: receiver 062022/juki breaker open after 3 consecutive", 0), 0u)
      << log[0];
  EXPECT_NE(log[0].find(unit.url()), std::string::npos) << log[0];
  EXPECT_NE(log[0].find("probing again in 500 ms"), std::string::npos) << log[0];
  EXPECT_NE(log[1].find("half-open"), std::string::npos) << log[1];
  EXPECT_NE(log[2].find("closed"), std::string::npos) << log[2];
}

TEST(ForwardBreakerTest, TimeoutsOpenTheBreakerButSoapFaultsDoNot) {
  TestHttpServer faulting;
  faulting.setAnswer(answerWith(kFault, 500));
  TestHttpServer silent_unit;
  silent_unit.setAnswer(silent());
  ReceiverLimits limits;
  limits.breaker_failures = 2;
  Broker broker(limits, milliseconds(300));

  for (int i = 0; i < 6; ++i) {  // the unit answers, with a fault: passed on, never counted
    EXPECT_TRUE(broker.call("062022/kokuho", faulting.url()).result.ok());
  }
  EXPECT_EQ(faulting.requestCount(), 6);

  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(codeOf(broker.call("062022/juki", silent_unit.url())), FaultCode::kReceiverTimeout);
  }
  const Broker::Call open = broker.call("062022/juki", silent_unit.url());
  EXPECT_EQ(codeOf(open), FaultCode::kReceiverUnavailable) << reasonOf(open);
  EXPECT_LT(open.took, milliseconds(100));  // at once: no wait, no call
  EXPECT_EQ(silent_unit.requestCount(), 2);
  ASSERT_EQ(broker.logLines().size(), 1u);
  EXPECT_NE(broker.logLines()[0].find("062022/juki breaker open"), std::string::npos);
}

TEST(ForwardBreakerTest, NoFaultNamesTheReceiversAddress) {
  TestHttpServer unit;
  const std::string host_port = "127.0.0.1:" + std::to_string(unit.port());
  std::vector<TestHttpAnswer> answers;
  answers.push_back(silent());  // timeout
  TestHttpAnswer a;
  a.close_without_answer = true;  // closed without an answer
  answers.push_back(a);
  a = {};
  a.raw = "SMTP ready " + host_port + "\r\n\r\n";  // not HTTP at all
  answers.push_back(a);
  answers.push_back(answerWith("<html>nope</html>", 404));
  a = answerWith("<x/>");
  a.content_type = "text/html";
  answers.push_back(a);

  ReceiverLimits limits;
  limits.breaker_failures = 100;
  limits.max_concurrent = 1;
  limits.max_queued = 0;
  Broker broker(limits, milliseconds(300));
  std::vector<std::string> reasons;
  for (const TestHttpAnswer& answer : answers) {
    unit.setAnswer(answer);
    reasons.push_back(reasonOf(broker.call("062022/juki", unit.url("/juki/service"))));
  }
  // Connection refused, and a bulkhead refusal while a call is stuck on the unit.
  reasons.push_back(reasonOf(broker.call(
      "062022/kokuho", "http://127.0.0.1:" + std::to_string(TestHttpServer::closedPort()) + "/")));
  unit.setAnswer(silent());
  std::thread stuck([&] { broker.call("062022/juki", unit.url()); });
  ASSERT_TRUE(broker.waitForLoad("062022/juki", 1, 0));
  reasons.push_back(reasonOf(broker.call("062022/juki", unit.url())));
  stuck.join();
  // And an open breaker.
  ReceiverLimits fragile;
  fragile.breaker_failures = 1;
  Broker other(fragile, milliseconds(300));
  unit.setAnswer(answers[1]);
  reasons.push_back(reasonOf(other.call("062022/juki", unit.url())));
  reasons.push_back(reasonOf(other.call("062022/juki", unit.url())));

  ASSERT_EQ(reasons.size(), 9u);
  for (const std::string& reason : reasons) {
    EXPECT_NE(reason.find("062022/"), std::string::npos) << reason;  // names the unit
    EXPECT_EQ(reason.find("127.0.0.1"), std::string::npos) << reason;
    EXPECT_EQ(reason.find(":" + std::to_string(unit.port())), std::string::npos) << reason;
    EXPECT_EQ(reason.find("http://"), std::string::npos) << reason;
  }
}

}  // namespace
}  // namespace renkei
