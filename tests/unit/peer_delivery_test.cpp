// How a peer broker's answer to a notification copy decides the copy's fate on this broker
// (broker/notify/peer_delivery.h): handed over, retried, or dead at once.
#include "broker/notify/peer_delivery.h"

#include <gtest/gtest.h>

namespace renkei {
namespace {

PeerAnswer answered(const std::string& status, const std::string& reason = "", int http = 200) {
  PeerAnswer a;
  a.outcome = PeerAnswer::kAnswered;
  a.status = status;
  a.reason = reason;
  a.http_status = http;
  return a;
}

TEST(PeerDeliveryTest, TheCallCarriesTheCopysOneSubscriberAndThePostsBytes) {
  OutboxDelivery d;
  d.receiver = "062022/kokuho";
  OutboxNotification n;
  n.message_id = "m-1";
  n.sender = "062022/juki";
  n.topic = "JuminIdoTsuchi";
  n.topic_version = "1";
  n.content_type = "text/xml; charset=utf-8";
  n.body = "<Envelope/>";
  const PeerCall call = peerCallForCopy(d, n, 1234);
  EXPECT_EQ(call.receiver, "062022/kokuho");
  EXPECT_EQ(call.sender, "062022/juki");
  EXPECT_EQ(call.service_name, "JuminIdoTsuchi");
  EXPECT_EQ(call.body, "<Envelope/>");
  EXPECT_EQ(call.deadline_unix_ms, 1234);
}

TEST(PeerDeliveryTest, OkIsTheHandOver) {
  const PeerDeliveryVerdict v = judgePeerAnswer("cloud-b", answered("ok"));
  EXPECT_TRUE(v.acknowledged);
}

TEST(PeerDeliveryTest, ARefusalByThePeersRegistryIsFinalWithItsReason) {
  const PeerDeliveryVerdict v = judgePeerAnswer(
      "cloud-b", answered("Client.LinkNotRegistered", "no active subscription link", 500));
  EXPECT_FALSE(v.acknowledged);
  EXPECT_TRUE(v.final);
  EXPECT_EQ(v.code, FaultCode::kLinkNotRegistered);
  EXPECT_EQ(v.error,
            "peer broker cloud-b refused the copy: Client.LinkNotRegistered: no active "
            "subscription link");
}

TEST(PeerDeliveryTest, ThePeerDownSlowOrItsStoreTroubledIsRetried) {
  PeerAnswer down;
  down.outcome = PeerAnswer::kUnavailable;
  down.error = "not connected";
  PeerAnswer slow;
  slow.outcome = PeerAnswer::kTimeout;
  PeerAnswer busy;
  busy.outcome = PeerAnswer::kOverloaded;
  for (const PeerAnswer& a :
       {down, slow, busy, answered("Server.AuditUnavailable", "store down", 503)}) {
    const PeerDeliveryVerdict v = judgePeerAnswer("cloud-b", a);
    EXPECT_FALSE(v.acknowledged);
    EXPECT_FALSE(v.final) << v.error;
  }
  EXPECT_EQ(judgePeerAnswer("cloud-b", down).code, FaultCode::kPeerUnavailable);
  EXPECT_EQ(judgePeerAnswer("cloud-b", down).error,
            "peer broker cloud-b is unavailable: not connected");
}

TEST(PeerDeliveryTest, AStatusThisBrokerDoesNotKnowIsFinal) {
  const PeerDeliveryVerdict v = judgePeerAnswer("cloud-b", answered("Client.FromTheFuture"));
  EXPECT_TRUE(v.final);
  EXPECT_EQ(v.code, FaultCode::kInvalidResponse);
}

}  // namespace
}  // namespace renkei
