// A peer's health (adapters/peer/peer_health): calls go only to a connected peer, and a run of
// failures opens a short breaker that a success or a fresh connection closes.
#include <gtest/gtest.h>

#include "adapters/peer/peer_health.h"

namespace renkei::peer {
namespace {

using std::chrono::milliseconds;

TEST(PeerHealthTest, OnlyAConnectedPeerIsCalled) {
  PeerHealth health(3, milliseconds(1000));
  const auto now = PeerHealth::Clock::now();
  EXPECT_EQ(health.refusal(now), "not connected");
  health.setConnected(true);
  EXPECT_EQ(health.refusal(now), "");
  health.setConnected(false);
  EXPECT_EQ(health.refusal(now), "not connected");
}

TEST(PeerHealthTest, FailuresInARowOpenTheBreakerForAWhile) {
  PeerHealth health(3, milliseconds(1000));
  health.setConnected(true);
  const auto now = PeerHealth::Clock::now();
  health.failed(now);
  health.failed(now);
  health.succeeded();  // a success in between starts the count again
  health.failed(now);
  health.failed(now);
  EXPECT_EQ(health.refusal(now), "");
  health.failed(now);
  const std::string open = health.refusal(now + milliseconds(10));
  EXPECT_NE(open.find("3 calls in a row"), std::string::npos) << open;
  EXPECT_EQ(health.refusal(now + milliseconds(1001)), "");  // open for breakerOpenMs only
}

TEST(PeerHealthTest, AFreshConnectionClosesTheBreaker) {
  PeerHealth health(1, milliseconds(60000));
  health.setConnected(true);
  const auto now = PeerHealth::Clock::now();
  health.failed(now);
  EXPECT_NE(health.refusal(now), "");
  health.setConnected(false);
  health.setConnected(true);  // the peer came back
  EXPECT_EQ(health.refusal(now), "");
}

}  // namespace
}  // namespace renkei::peer
