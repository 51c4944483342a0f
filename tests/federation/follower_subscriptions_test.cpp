// 通知 on a follower of the registry snapshot: subscriptions across clouds come from the
// primary's snapshot alone (FederatedSubscriptions), and a copy a peer forwards is refused
// Server.RegistryExpired while the follower holds no current snapshot
// (SubscriptionAuthorizeStage with a follower). A fixed snapshot holder stands in for the
// follower; tests/federation/federated_notify_test.cpp runs the same with real brokers.
#include <gtest/gtest.h>

#include <chrono>

#include "broker/notify/federated_subscriptions.h"
#include "broker/notify/notify_clock.h"
#include "broker/stages/authorize_stage.h"
#include "broker/stages/subscription_authorize_stage.h"

namespace renkei {
namespace {

class FixedHolder : public LinkSnapshotHolder {
 public:
  std::shared_ptr<const HeldLinkSnapshot> current() const override { return held; }
  const std::string& primary() const override { return name; }
  std::shared_ptr<const HeldLinkSnapshot> held;
  std::string name = "cloud-b";
};

Link subscription(int64_t id, const std::string& receiver, LinkStatus status = LinkStatus::kActive,
                  const std::string& sender = "062022/juki") {
  Link l;
  l.id = id;
  l.sender = sender;
  l.receiver = receiver;
  l.service_name = "JuminIdoTsuchi";
  l.service_version = "1";
  l.purpose_code = "JUMIN-IDO";
  l.status = status;
  return l;
}

std::shared_ptr<const HeldLinkSnapshot> snapshotOf(std::vector<Link> links, int64_t expires_in_ms) {
  LinkSnapshot s;
  s.primary = "cloud-b";
  s.version = 7;
  s.issued_at_ms = epochMsNow() - 60'000;
  s.expires_at_ms = epochMsNow() + expires_in_ms;
  s.links = std::move(links);
  return std::make_shared<const HeldLinkSnapshot>(std::move(s));
}

std::string fixedDay() { return "2026-04-01"; }

// This broker (cloud-a) hosts 住基 (a publisher) and 住民税; 国保 and 介護 (another publisher)
// are cloud-b's.
class FollowerSubscriptionsTest : public ::testing::Test {
 protected:
  FollowerSubscriptionsTest() {
    FederationPeer b;
    b.name = "cloud-b";
    b.units = {"062022/kokuho", "062022/kaigo"};
    federation_.enabled = true;
    federation_.self = "cloud-a";
    federation_.peers = {b};
    Unit juminzei{"062022/juminzei", "062022", "住民税", "http://127.0.0.1:1/juminzei", ""};
    Unit kokuho{"062022/kokuho", "062022", "国保", "http://127.0.0.1:1/kokuho", ""};
    // The local registry still has kokuho's subscription active, and a kaigo one: neither
    // counts on a follower, which takes cross-cloud links from the snapshot alone.
    local_.replace(
        RegistrySnapshot{{juminzei, kokuho},
                         {},
                         {subscription(1, "062022/juminzei"), subscription(2, "062022/kokuho")}});
  }

  std::vector<std::string> receivers() const {
    std::vector<std::string> found;
    for (const Link& l :
         finder_.activeSubscriptions("062022/juki", "JuminIdoTsuchi", "1", fixedDay())) {
      found.push_back(l.receiver + "#" + std::to_string(l.id));
    }
    return found;
  }

  // A 介護 notification's copy for 住民税 forwarded by cloud-b, as its peer listener hands it over.
  StageResult peerCopy(Exchange& exchange) {
    SubscriptionAuthorizeStage stage(
        local_, finder_, std::make_unique<AuthorizeStage>(local_, fixedDay),
        SubscriptionAuthorizeStage::Follower{holder_, federation_}, fixedDay);
    PlatformHeader h;
    h.sender = "062022/kaigo";
    h.receiver = "062022/subscribers";
    h.service_name = "JuminIdoTsuchi";
    h.service_version = "1";
    h.purpose_code = "JUMIN-IDO";
    exchange.header = h;
    exchange.request.via_peer = "cloud-b";
    exchange.request.peer_receiver = "062022/juminzei";
    return stage.process(exchange);
  }

  FederationConfig federation_;
  LinkRegistry local_;
  FixedHolder holder_;
  FederatedSubscriptions finder_{local_, holder_, federation_};
};

TEST_F(FollowerSubscriptionsTest, CrossCloudSubscribersComeFromTheSnapshotAlone) {
  // No snapshot yet: only the subscriber in this cloud.
  EXPECT_EQ(receivers(), std::vector<std::string>{"062022/juminzei#1"});

  // The primary's snapshot has kokuho's subscription under its own id, kaigo's suspended.
  holder_.held = snapshotOf(
      {subscription(40, "062022/kokuho"), subscription(41, "062022/kaigo", LinkStatus::kSuspended)},
      60'000);
  EXPECT_EQ(receivers(), (std::vector<std::string>{"062022/juminzei#1", "062022/kokuho#40"}));

  // Withdrawn at the primary: the local registry's active copy does not bring it back.
  holder_.held = snapshotOf({}, 60'000);
  EXPECT_EQ(receivers(), std::vector<std::string>{"062022/juminzei#1"});
}

TEST_F(FollowerSubscriptionsTest, AnExpiredSnapshotStillNamesTheSubscribersWhoseCopiesWait) {
  // Copies are made from the last snapshot; the dispatcher holds them back until a fresh one.
  holder_.held = snapshotOf({subscription(40, "062022/kokuho")}, -1000);
  EXPECT_EQ(receivers(), (std::vector<std::string>{"062022/juminzei#1", "062022/kokuho#40"}));
  EXPECT_NE(whySnapshotUnusable(holder_, epochMsNow()).find("expired at"), std::string::npos);
}

const Link kKaigoToJuminzei =
    subscription(50, "062022/juminzei", LinkStatus::kActive, "062022/kaigo");

TEST_F(FollowerSubscriptionsTest, APeersCopyIsAuthorizedFromTheSnapshot) {
  holder_.held = snapshotOf({kKaigoToJuminzei}, 60'000);
  Exchange exchange;
  const StageResult result = peerCopy(exchange);
  ASSERT_TRUE(result.ok()) << result.fault()->reason;
  ASSERT_TRUE(exchange.link.has_value());
  EXPECT_EQ(exchange.link->id, 50);  // the primary's link: the local registry has none
  ASSERT_TRUE(exchange.receiver.has_value());
  EXPECT_EQ(exchange.receiver->id, "062022/juminzei");
}

TEST_F(FollowerSubscriptionsTest, APeersCopyIsRefusedWithoutACurrentSnapshot) {
  Exchange first;
  StageResult none = peerCopy(first);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.fault()->code, FaultCode::kRegistryExpired);
  EXPECT_NE(none.fault()->reason.find("none has reached this broker"), std::string::npos);

  holder_.held = snapshotOf({kKaigoToJuminzei}, -1000);
  Exchange second;
  StageResult expired = peerCopy(second);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.fault()->code, FaultCode::kRegistryExpired);
  EXPECT_NE(expired.fault()->reason.find("version 7 from primary cloud-b) expired at"),
            std::string::npos)
      << expired.fault()->reason;
}

TEST_F(FollowerSubscriptionsTest, APeersCopyWithoutASubscriptionInTheSnapshotIsRefused) {
  Link suspended = kKaigoToJuminzei;
  suspended.status = LinkStatus::kSuspended;
  holder_.held = snapshotOf({suspended}, 60'000);
  Exchange exchange;
  StageResult refused = peerCopy(exchange);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.fault()->code, FaultCode::kLinkNotRegistered);
}

}  // namespace
}  // namespace renkei
