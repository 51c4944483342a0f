#include <gtest/gtest.h>

#include "broker/config/notify_config.h"
#include "broker/notify/retry_policy.h"

namespace renkei {
namespace {

TEST(NotifyRetryPolicyTest, DoublesUpToTheCapWithJitterBetweenHalfAndAll) {
  RetryPolicy p;
  p.base_ms = 100;
  p.max_ms = 1000;
  EXPECT_EQ(p.delayMs(1, 0.999999), 99);  // just under the full 100
  EXPECT_EQ(p.delayMs(1, 0.0), 50);
  EXPECT_EQ(p.delayMs(2, 0.0), 100);
  EXPECT_EQ(p.delayMs(3, 0.0), 200);
  EXPECT_EQ(p.delayMs(5, 0.0), 500);      // 1600 capped to 1000, halved by the jitter
  EXPECT_EQ(p.delayMs(10000, 0.0), 500);  // no overflow however many attempts
}

TEST(NotifyRetryPolicyTest, ExhaustedAfterMaxAttemptsOrWhenTooOld) {
  RetryPolicy p;
  p.max_attempts = 3;
  p.dead_after_ms = 1000;
  EXPECT_FALSE(p.exhausted(2, 0, 999));
  EXPECT_TRUE(p.exhausted(3, 0, 1));
  EXPECT_TRUE(p.exhausted(1, 0, 1000));
}

TEST(NotifyRetryPolicyTest, SubscribersAddressIsTheSendersTenant) {
  EXPECT_EQ(subscribersAddressOf("062022/juki"), "062022/subscribers");
}

}  // namespace
}  // namespace renkei
