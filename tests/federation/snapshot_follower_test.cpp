// SnapshotFollower with a scripted source: it takes a newer signed snapshot, and refuses (and
// keeps its copy) one that is older, re-signed with other content under the same version,
// expired or from another primary; its copy survives a restart.
#include "broker/server/snapshot_follower.h"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <sstream>

#include "broker/audit/signed_link_snapshot.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::TempDir;

class ScriptedSource : public SnapshotSource {
 public:
  SnapshotFetch fetch(std::chrono::milliseconds) override {
    if (answers.empty()) return {false, "", "the primary is down"};
    SnapshotFetch next = answers.front();
    answers.pop_front();
    return next;
  }
  std::deque<SnapshotFetch> answers;
};

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class SnapshotFollowerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    generateCheckpointKeyPair(dir_.file("primary.key"), dir_.file("primary.pub"));
    config_.role = RegistrySnapshotConfig::Role::kFollower;
    config_.primary = "cloud-b";
    config_.primary_public_key_file = dir_.file("primary.pub");
    config_.file = dir_.file("snapshot.dat");
  }
  // A snapshot of `version` holding one link with `note`, signed by the primary's key.
  std::string signedSnapshot(int64_t version, const std::string& note = "",
                             int64_t expires_in_ms = 60'000,
                             const std::string& primary = "cloud-b") const {
    LinkSnapshot s;
    s.primary = primary;
    s.version = version;
    s.issued_at_ms = nowMs();
    s.expires_at_ms = nowMs() + expires_in_ms;
    Link l;
    l.id = 1;
    l.sender = "062022/juki";
    l.receiver = "062022/kokuho";
    l.service_name = "ShikakuJohoShokai";
    l.service_version = "1";
    l.purpose_code = "JUKI-KIROKU";
    l.status = LinkStatus::kActive;
    l.note = note;
    s.links.push_back(l);
    return encodeSignedLinkSnapshot(
        signLinkSnapshot(s, CheckpointSigner::fromFile(dir_.file("primary.key"))));
  }
  void offer(const std::string& bytes) { source_.answers.push_back({true, bytes, ""}); }
  int64_t heldVersion(const SnapshotFollower& f) const {
    const auto held = f.current();
    return held ? held->snapshot.version : 0;
  }

  TempDir dir_;
  RegistrySnapshotConfig config_;
  ScriptedSource source_;
  std::ostringstream log_;
};

TEST_F(SnapshotFollowerTest, ANewerSnapshotIsTakenAndKeptOnDisk) {
  SnapshotFollower follower(config_, source_, log_);
  EXPECT_EQ(follower.current(), nullptr);
  offer(signedSnapshot(1));
  EXPECT_TRUE(follower.fetchOnce());
  const std::string second = signedSnapshot(2);
  offer(second);
  EXPECT_TRUE(follower.fetchOnce());
  EXPECT_EQ(heldVersion(follower), 2);
  offer(second);  // the same snapshot again: nothing to do, nothing refused
  EXPECT_FALSE(follower.fetchOnce());
  EXPECT_EQ(follower.refused(), 0);

  SnapshotFollower restarted(config_, source_, log_);
  EXPECT_EQ(heldVersion(restarted), 2);
  EXPECT_NE(log_.str().find("version 2 from primary cloud-b read from"), std::string::npos)
      << log_.str();
}

TEST_F(SnapshotFollowerTest, WhatCannotBeTrustedIsRefusedAndTheCopyKept) {
  SnapshotFollower follower(config_, source_, log_);
  offer(signedSnapshot(5));
  ASSERT_TRUE(follower.fetchOnce());

  offer(signedSnapshot(4));                   // a rollback
  offer(signedSnapshot(5, "other content"));  // the same version, different links
  offer(signedSnapshot(6, "", -1000));        // expired already
  offer(signedSnapshot(7, "", 60'000, "cloud-x"));
  std::string tampered = signedSnapshot(8);
  tampered.replace(tampered.find("JUKI-KIROKU"), 4, "XXXX");
  offer(tampered);
  offer("garbage");
  for (int i = 0; i < 6; ++i) EXPECT_FALSE(follower.fetchOnce()) << i;
  EXPECT_EQ(follower.refused(), 6);
  EXPECT_EQ(heldVersion(follower), 5);
  const std::string log = log_.str();
  for (const char* reason :
       {"version 4 is older than version 5", "differs from the copy of that version",
        "version 6 expired at", "issued by cloud-x, not by cloud-b", "signature does not match",
        "not a signed registry snapshot"}) {
    EXPECT_NE(log.find(reason), std::string::npos) << reason << "\n" << log;
  }
  EXPECT_NE(log.find("keeping version 5"), std::string::npos) << log;
}

TEST_F(SnapshotFollowerTest, ACopyThatNoLongerVerifiesIsIgnoredAtStart) {
  {
    SnapshotFollower follower(config_, source_, log_);
    offer(signedSnapshot(3));
    ASSERT_TRUE(follower.fetchOnce());
  }
  // The primary's key was replaced: the old copy proves nothing any more.
  std::filesystem::remove(dir_.file("primary.key"));
  std::filesystem::remove(dir_.file("primary.pub"));
  generateCheckpointKeyPair(dir_.file("primary.key"), dir_.file("primary.pub"));
  SnapshotFollower restarted(config_, source_, log_);
  EXPECT_EQ(restarted.current(), nullptr);
  EXPECT_NE(log_.str().find("ignoring the copy in"), std::string::npos) << log_.str();
}

}  // namespace
}  // namespace renkei
