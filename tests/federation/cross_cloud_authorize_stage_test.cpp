// CrossCloudAuthorizeStage with a fixed snapshot holder: cross-cloud exchanges are judged on the
// snapshot alone and refused Server.RegistryExpired without a current one; local exchanges on
// the local registry.
#include "broker/stages/cross_cloud_authorize_stage.h"

#include <gtest/gtest.h>

#include <chrono>

namespace renkei {
namespace {

class FixedHolder : public LinkSnapshotHolder {
 public:
  std::shared_ptr<const HeldLinkSnapshot> current() const override { return held; }
  const std::string& primary() const override { return name; }
  std::shared_ptr<const HeldLinkSnapshot> held;
  std::string name = "cloud-a";
};

Link link(std::string sender, std::string receiver, LinkStatus status = LinkStatus::kActive) {
  Link l;
  l.id = 5;
  l.sender = std::move(sender);
  l.receiver = std::move(receiver);
  l.service_name = "ShikakuJohoShokai";
  l.service_version = "1";
  l.purpose_code = "KOKUHO-SHIKAKU";
  l.status = status;
  return l;
}

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::shared_ptr<const HeldLinkSnapshot> held(std::vector<Link> links, int64_t expires_in_ms) {
  LinkSnapshot s;
  s.primary = "cloud-a";
  s.version = 3;
  s.issued_at_ms = nowMs() - 1000;
  s.expires_at_ms = nowMs() + expires_in_ms;
  s.links = std::move(links);
  return std::make_shared<const HeldLinkSnapshot>(std::move(s));
}

PlatformHeader headerFor(const std::string& sender, const std::string& receiver) {
  PlatformHeader h;
  h.sender = sender;
  h.receiver = receiver;
  h.service_name = "ShikakuJohoShokai";
  h.service_version = "1";
  h.purpose_code = "KOKUHO-SHIKAKU";
  return h;
}

std::string fixedDay() { return "2026-04-01"; }

class CrossCloudAuthorizeStageTest : public ::testing::Test {
 protected:
  CrossCloudAuthorizeStageTest() {
    FederationPeer b;
    b.name = "cloud-b";
    b.units = {"062022/kokuho"};
    federation_.enabled = true;
    federation_.self = "cloud-c";
    federation_.peers = {b};
    // The local registry allows juki -> kokuho and juki -> juminzei: only the second counts.
    local_.replace(RegistrySnapshot{
        {}, {}, {link("062022/juki", "062022/kokuho"), link("062022/juki", "062022/juminzei")}});
  }
  StageResult run(const std::string& sender, const std::string& receiver) {
    CrossCloudAuthorizeStage stage(local_, holder_, federation_, fixedDay);
    Exchange exchange;
    exchange.header = headerFor(sender, receiver);
    return stage.process(exchange);
  }
  FederationConfig federation_;
  LinkRegistry local_;
  FixedHolder holder_;
};

TEST_F(CrossCloudAuthorizeStageTest, WithoutASnapshotCrossCloudIsRefusedAndLocalGoesOn) {
  StageResult cross = run("062022/juki", "062022/kokuho");
  ASSERT_FALSE(cross.ok());
  EXPECT_EQ(cross.fault()->code, FaultCode::kRegistryExpired);
  EXPECT_NE(cross.fault()->reason.find("none has reached this broker"), std::string::npos);
  EXPECT_TRUE(run("062022/juki", "062022/juminzei").ok());
}

TEST_F(CrossCloudAuthorizeStageTest, AnExpiredSnapshotRefusesCrossCloud) {
  holder_.held = held({link("062022/juki", "062022/kokuho")}, -1);
  StageResult cross = run("062022/juki", "062022/kokuho");
  ASSERT_FALSE(cross.ok());
  EXPECT_EQ(cross.fault()->code, FaultCode::kRegistryExpired);
  EXPECT_NE(cross.fault()->reason.find("version 3 from primary cloud-a) expired at"),
            std::string::npos)
      << cross.fault()->reason;
}

TEST_F(CrossCloudAuthorizeStageTest, CrossCloudIsJudgedOnTheSnapshotAlone) {
  holder_.held = held({link("062022/kokuho", "062022/juki")}, 60'000);
  // Active locally, absent from the snapshot: refused.
  StageResult cross = run("062022/juki", "062022/kokuho");
  ASSERT_FALSE(cross.ok());
  EXPECT_EQ(cross.fault()->code, FaultCode::kLinkNotRegistered);
  EXPECT_NE(cross.fault()->reason.find("registry snapshot version 3"), std::string::npos);
  // In the snapshot only: authorized.
  EXPECT_TRUE(run("062022/kokuho", "062022/juki").ok());
}

TEST_F(CrossCloudAuthorizeStageTest, ALinkSuspendedInTheSnapshotIsRefused) {
  holder_.held = held({link("062022/juki", "062022/kokuho", LinkStatus::kSuspended)}, 60'000);
  StageResult cross = run("062022/juki", "062022/kokuho");
  ASSERT_FALSE(cross.ok());
  EXPECT_EQ(cross.fault()->code, FaultCode::kLinkNotRegistered);
}

}  // namespace
}  // namespace renkei
