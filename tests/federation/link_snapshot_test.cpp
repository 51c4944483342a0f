// The registry snapshot document (broker/registry/link_snapshot.*, signed_link_snapshot.*): what
// is signed round-trips exactly, and a snapshot altered, signed by another key or not a
// snapshot at all is refused with a reason.
#include "broker/audit/signed_link_snapshot.h"

#include <gtest/gtest.h>

#include "broker/registry/link_snapshot_file.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::TempDir;

LinkSnapshot sample() {
  LinkSnapshot s;
  s.primary = "cloud-a";
  s.version = 7;
  s.issued_at_ms = 1'764'640'000'000;
  s.expires_at_ms = s.issued_at_ms + 3'600'000;
  Link l;
  l.id = 12;
  l.sender = "062022/juki";
  l.receiver = "062022/kokuho";
  l.service_name = "ShikakuJohoShokai";
  l.service_version = "1";
  l.purpose_code = "KOKUHO-SHIKAKU";
  l.purpose_name = "国保資格確認, \"quoted\"\nand a line break";
  l.legal_basis = "国民健康保険法 第9条";
  l.status = LinkStatus::kSuspended;
  l.valid_from = "2025-04-01";
  l.cross_tenant = true;
  l.note = "=SUM(A1)";  // the CSV's formula guard must round-trip too
  s.links.push_back(l);
  l.id = 13;
  l.status = LinkStatus::kActive;
  l.note.clear();
  s.links.push_back(l);
  return s;
}

TEST(LinkSnapshotTest, PayloadRoundTripsEveryField) {
  const LinkSnapshot s = sample();
  std::string error;
  auto back = parseLinkSnapshotPayload(linkSnapshotPayload(s), &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->primary, "cloud-a");
  EXPECT_EQ(back->version, 7);
  EXPECT_EQ(back->issued_at_ms, s.issued_at_ms);
  EXPECT_EQ(back->expires_at_ms, s.expires_at_ms);
  EXPECT_TRUE(sameLinks(back->links, s.links));
  EXPECT_EQ(back->links[0].status, LinkStatus::kSuspended);
  EXPECT_EQ(back->links[0].purpose_name, s.links[0].purpose_name);
  EXPECT_EQ(back->links[0].note, "=SUM(A1)");
  EXPECT_TRUE(back->links[0].cross_tenant);
}

TEST(LinkSnapshotTest, MalformedPayloadsAreRefusedWithAReason) {
  std::string error;
  EXPECT_FALSE(parseLinkSnapshotPayload("", &error));
  EXPECT_FALSE(parseLinkSnapshotPayload("hello\n", &error));
  std::string payload = linkSnapshotPayload(sample());
  // One link fewer than the header says.
  std::string cut = payload.substr(0, payload.rfind("13,"));
  EXPECT_FALSE(parseLinkSnapshotPayload(cut, &error));
  EXPECT_NE(error.find("says 2 links but holds 1"), std::string::npos) << error;
  std::string bad = payload;
  bad.replace(bad.find("version: 7"), 10, "version: x");
  EXPECT_FALSE(parseLinkSnapshotPayload(bad, &error));
}

class SignedLinkSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    generateCheckpointKeyPair(dir_.file("primary.key"), dir_.file("primary.pub"));
    generateCheckpointKeyPair(dir_.file("other.key"), dir_.file("other.pub"));
  }
  TempDir dir_;
};

TEST_F(SignedLinkSnapshotTest, SignedByThePrimaryVerifies) {
  const auto signer = CheckpointSigner::fromFile(dir_.file("primary.key"));
  const std::string bytes = encodeSignedLinkSnapshot(signLinkSnapshot(sample(), signer));
  std::string error;
  auto decoded = decodeSignedLinkSnapshot(bytes, &error);
  ASSERT_TRUE(decoded) << error;
  auto verified =
      verifyLinkSnapshot(*decoded, CheckpointVerifier::fromFile(dir_.file("primary.pub")), &error);
  ASSERT_TRUE(verified) << error;
  EXPECT_EQ(verified->version, 7);
}

TEST_F(SignedLinkSnapshotTest, AnAlteredSnapshotIsRefused) {
  const auto signer = CheckpointSigner::fromFile(dir_.file("primary.key"));
  std::string bytes = encodeSignedLinkSnapshot(signLinkSnapshot(sample(), signer));
  bytes.replace(bytes.find("suspended"), 9, "active   ");  // a suspended link made active
  std::string error;
  auto decoded = decodeSignedLinkSnapshot(bytes, &error);
  ASSERT_TRUE(decoded) << error;
  EXPECT_FALSE(
      verifyLinkSnapshot(*decoded, CheckpointVerifier::fromFile(dir_.file("primary.pub")), &error));
  EXPECT_NE(error.find("signature does not match"), std::string::npos) << error;
}

TEST_F(SignedLinkSnapshotTest, ASnapshotSignedByAnotherKeyIsRefused) {
  const auto forger = CheckpointSigner::fromFile(dir_.file("other.key"));
  SignedLinkSnapshot forged = signLinkSnapshot(sample(), forger);
  const auto verifier = CheckpointVerifier::fromFile(dir_.file("primary.pub"));
  std::string error;
  EXPECT_FALSE(verifyLinkSnapshot(forged, verifier, &error));
  EXPECT_NE(error.find("not by the primary's key"), std::string::npos) << error;
  // Claiming the primary's key id does not help either.
  forged.key_id = verifier.keyId();
  EXPECT_FALSE(verifyLinkSnapshot(forged, verifier, &error));
  EXPECT_NE(error.find("signature does not match"), std::string::npos) << error;
}

TEST_F(SignedLinkSnapshotTest, TheFileKeepsTheBytesExactly) {
  const auto signer = CheckpointSigner::fromFile(dir_.file("primary.key"));
  const std::string bytes = encodeSignedLinkSnapshot(signLinkSnapshot(sample(), signer));
  EXPECT_FALSE(readLinkSnapshotFile(dir_.file("snapshot.dat")));
  writeLinkSnapshotFile(dir_.file("snapshot.dat"), bytes);
  writeLinkSnapshotFile(dir_.file("snapshot.dat"), bytes);  // replaced in place
  EXPECT_EQ(readLinkSnapshotFile(dir_.file("snapshot.dat")), bytes);
  std::string error;
  EXPECT_FALSE(decodeSignedLinkSnapshot("renkei-signed-link-snapshot-v1\nkey-id: x\n", &error));
}

}  // namespace
}  // namespace renkei
