// SnapshotPublisher over a registry: only cross-cloud links go in, a new version is signed only
// when they change, and versions go on from the file after a restart.
#include "broker/server/snapshot_publisher.h"

#include <gtest/gtest.h>

#include <sstream>

#include "broker/audit/signed_link_snapshot.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::TempDir;

Link link(int64_t id, std::string sender, std::string receiver,
          LinkStatus status = LinkStatus::kActive) {
  Link l;
  l.id = id;
  l.sender = std::move(sender);
  l.receiver = std::move(receiver);
  l.service_name = "ShikakuJohoShokai";
  l.service_version = "1";
  l.purpose_code = "JUKI-KIROKU";
  l.status = status;
  return l;
}

class SnapshotPublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    generateCheckpointKeyPair(dir_.file("registry.key"), dir_.file("registry.pub"));
    FederationPeer a;
    a.name = "cloud-a";
    a.units = {"062022/juki"};
    federation_.enabled = true;
    federation_.self = "cloud-b";
    federation_.peers = {a};
    federation_.registry_snapshot.role = RegistrySnapshotConfig::Role::kPrimary;
    federation_.registry_snapshot.signing_key_file = dir_.file("registry.key");
    federation_.registry_snapshot.file = dir_.file("snapshot.dat");
    // juki (cloud-a) -> kokuho (here) crosses clouds; juminzei -> kokuho (both here) does not.
    registry_.replace(RegistrySnapshot{
        {},
        {},
        {link(1, "062022/juki", "062022/kokuho"), link(2, "062022/juminzei", "062022/kokuho")}});
  }
  LinkSnapshot published(const SnapshotPublisher& p) const {
    std::string error;
    auto decoded = decodeSignedLinkSnapshot(*p.signedBytes(), &error);
    auto s = decoded
                 ? verifyLinkSnapshot(
                       *decoded, CheckpointVerifier::fromFile(dir_.file("registry.pub")), &error)
                 : std::nullopt;
    EXPECT_TRUE(s) << error;
    return s ? *s : LinkSnapshot{};
  }

  TempDir dir_;
  FederationConfig federation_;
  LinkRegistry registry_;
  std::ostringstream log_;
};

TEST_F(SnapshotPublisherTest, OnlyCrossCloudLinksAndANewVersionOnlyOnChange) {
  SnapshotPublisher publisher(federation_, registry_, log_);
  LinkSnapshot s = published(publisher);
  EXPECT_EQ(s.primary, "cloud-b");
  EXPECT_EQ(s.version, 1);
  ASSERT_EQ(s.links.size(), 1u);
  EXPECT_EQ(s.links[0].id, 1);
  EXPECT_EQ(s.expires_at_ms - s.issued_at_ms, 3'600'000);

  publisher.publishOnce();
  EXPECT_EQ(published(publisher).version, 1);  // nothing changed

  registry_.replace(
      RegistrySnapshot{{},
                       {},
                       {link(1, "062022/juki", "062022/kokuho", LinkStatus::kSuspended),
                        link(2, "062022/juminzei", "062022/kokuho")}});
  publisher.publishOnce();
  s = published(publisher);
  EXPECT_EQ(s.version, 2);
  EXPECT_EQ(s.links[0].status, LinkStatus::kSuspended);
  EXPECT_NE(log_.str().find("issued version 2 (1 cross-cloud links"), std::string::npos)
      << log_.str();
}

TEST_F(SnapshotPublisherTest, VersionsGoOnAfterARestart) {
  { SnapshotPublisher first(federation_, registry_, log_); }
  registry_.replace(RegistrySnapshot{{}, {}, {}});
  SnapshotPublisher second(federation_, registry_, log_);
  const LinkSnapshot s = published(second);
  EXPECT_EQ(s.version, 2);
  EXPECT_TRUE(s.links.empty());
}

}  // namespace
}  // namespace renkei
