// The registry as evidence (broker/audit/registry_replay.h), on both stores: a registry changed
// only through the broker replays clean; a link, a history row or an audit record changed behind
// its back is named, with the values that differ.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <memory>

#include "broker/audit/link_content.h"
#include "broker/audit/registry_replay.h"
#include "broker/store/postgres_store.h"
#include "broker/store/sqlite_store.h"
#include "tests/support/postgres_test_server.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::makeLink;
using testing::sampleRegistry;

struct SqliteBackend {
  testing::TempDir dir;
  std::unique_ptr<Store> open() { return std::make_unique<SqliteStore>(dir.file("renkei.db")); }
  void rawSql(const std::string& sql) { testing::rawSql(dir.file("renkei.db"), sql); }
  // What an attacker with write access to the file drops first.
  static constexpr const char* kDropHistoryGuards =
      "DROP TRIGGER link_history_no_update; DROP TRIGGER link_history_no_delete;";
};

struct PostgresBackend {
  std::string conninfo = testing::PostgresTestServer::shared().createDatabase();
  std::unique_ptr<Store> open() { return std::make_unique<PostgresStore>(conninfo); }
  void rawSql(const std::string& sql) {
    testing::PostgresTestServer::shared().execute(conninfo.substr(conninfo.rfind('=') + 1), sql);
  }
  static constexpr const char* kDropHistoryGuards =
      "DROP TRIGGER link_history_append_only ON link_history;";
};

struct BackendNames {
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqliteBackend> ? "Sqlite" : "Postgres";
  }
};

const ChangeContext kProposer{"sato@hokennenkin", "国保資格確認のため", ""};
const ChangeContext kApprover{"suzuki@johoseisaku", "条例確認済", ""};

template <typename Backend>
class RegistryReplayTest : public ::testing::Test {
 protected:
  RegistryReplayTest() {
    store_ = backend_.open();
    store_->migrate();
    RegistrySnapshot seeded = sampleRegistry();
    store_->seedRegistry(seeded);
    // A link's whole life through the broker: proposed, approved, activated, edited, reviewed.
    Link link =
        makeLink("062022/zei", "062022/juki", "IdoJohoShokai", "ZEI-KAZEI", LinkStatus::kProposed);
    link.purpose_name = "個人住民税の賦課";
    link.legal_basis = "地方税法第294条";
    link_ = store_->createLink(link, kProposer).id;
    store_->transitionLink(link_, LinkStatus::kApproved, kApprover);
    store_->transitionLink(link_, LinkStatus::kActive, kApprover);
    Link edited = *store_->findLink(link_);
    edited.legal_basis = "地方税法第294条第1項";
    store_->updateLinkDetails(edited, kProposer);
    store_->recordLinkReview(link_, "2027-03-31", kApprover);
  }

  RegistryReplay replay() { return replayRegistry(*store_); }

  // The problems about `link_id`, or all of them when it is 0.
  static std::string problemsText(const RegistryReplay& replay) {
    std::string text;
    for (const auto& p : replay.problems) {
      text += std::string("[") + registryProblemKindName(p.kind) + "] " + p.message + "\n";
    }
    return text;
  }
  static bool has(const RegistryReplay& replay, RegistryProblemKind kind, int64_t link_id) {
    return std::any_of(
        replay.problems.begin(), replay.problems.end(),
        [&](const RegistryProblem& p) { return p.kind == kind && p.link_id == link_id; });
  }

  Backend backend_;
  std::unique_ptr<Store> store_;
  int64_t link_ = 0;
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(RegistryReplayTest, Backends, BackendNames);

TYPED_TEST(RegistryReplayTest, ARegistryChangedOnlyThroughTheBrokerReplaysClean) {
  const RegistryReplay replay = this->replay();
  EXPECT_TRUE(replay.ok()) << this->problemsText(replay);
  EXPECT_EQ(replay.links_checked, 4);  // three seeded, one created
  // seeded 3 × created; created, approved, activated, edited, reviewed
  EXPECT_EQ(replay.rows_checked, 8);
  EXPECT_EQ(replay.links_without_content, 0);
  // Seeding records each creation row in the trail: nothing is left unvouched.
  EXPECT_EQ(replay.seeded_rows_unvouched, 0);
  // The creation row carries the link as created, and says so in the history.
  const auto history = this->store_->linkHistory(this->link_);
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.front().field, kLinkContentField);
  std::string error;
  auto created = parseLinkContentText(history.front().after, error);
  ASSERT_TRUE(created) << error;
  EXPECT_EQ(created->legal_basis, "地方税法第294条");
  EXPECT_EQ(created->status, LinkStatus::kProposed);
}

TYPED_TEST(RegistryReplayTest, ALinkUpdatedBehindTheBrokersBackIsNamedWithItsValues) {
  this->backend_.rawSql("UPDATE links SET approver = '部長', legal_basis = '改ざん法' WHERE id = " +
                        std::to_string(this->link_));
  const RegistryReplay replay = this->replay();
  ASSERT_FALSE(replay.ok());
  ASSERT_EQ(replay.problems.size(), 1u) << this->problemsText(replay);
  const RegistryProblem& problem = replay.problems.front();
  EXPECT_EQ(problem.kind, RegistryProblemKind::kStateDiffers);
  EXPECT_EQ(problem.link_id, this->link_);
  EXPECT_NE(problem.message.find("legalBasis is '改ざん法' in the registry but "
                                 "'地方税法第294条第1項' by its history"),
            std::string::npos)
      << problem.message;
  EXPECT_NE(problem.message.find("approver is '部長' in the registry but 'suzuki@johoseisaku'"),
            std::string::npos)
      << problem.message;
}

TYPED_TEST(RegistryReplayTest, ASeededLinksKeyChangedInTheTableIsCaughtFromItsCreationRow) {
  const int64_t seeded = this->store_->loadRegistry().links.front().id;
  this->backend_.rawSql("UPDATE links SET purpose_code = 'ANY' WHERE id = " +
                        std::to_string(seeded));
  const RegistryReplay replay = this->replay();
  EXPECT_TRUE(this->has(replay, RegistryProblemKind::kStateDiffers, seeded))
      << this->problemsText(replay);
}

TYPED_TEST(RegistryReplayTest, ASeededLinkRewrittenWithItsCreationRowIsCaughtByItsRecord) {
  // The careful attacker against a seeded link: table and creation row changed together, so the
  // replay agrees with the table. Seeding wrote the row's audit record, which no longer matches.
  const int64_t seeded = this->store_->loadRegistry().links.front().id;
  this->backend_.rawSql(
      std::string(TypeParam::kDropHistoryGuards) +
      "UPDATE links SET legal_basis = '改ざん法' WHERE id = " + std::to_string(seeded) +
      "; UPDATE link_history SET new_value = REPLACE(new_value, "
      "'国民健康保険法第9条', '改ざん法') WHERE link_id = " +
      std::to_string(seeded) + " AND action = 'created';");
  const RegistryReplay replay = this->replay();
  ASSERT_EQ(replay.problems.size(), 1u) << this->problemsText(replay);
  EXPECT_EQ(replay.problems.front().kind, RegistryProblemKind::kRowAltered);
  EXPECT_EQ(replay.problems.front().link_id, seeded);
}

TYPED_TEST(RegistryReplayTest, AHistoryRowRewrittenToMatchATamperedLinkIsCaughtByItsRecord) {
  // The careful attacker: the guard dropped, the link and its last edit row changed together,
  // so the replay agrees with the table. The row no longer matches its audit record's digest.
  this->backend_.rawSql(
      std::string(TypeParam::kDropHistoryGuards) +
      "UPDATE links SET legal_basis = '改ざん法' WHERE id = " + std::to_string(this->link_) +
      "; UPDATE link_history SET new_value = '改ざん法' WHERE link_id = " +
      std::to_string(this->link_) + " AND action = 'edited';");
  const RegistryReplay replay = this->replay();
  ASSERT_EQ(replay.problems.size(), 1u) << this->problemsText(replay);
  EXPECT_EQ(replay.problems.front().kind, RegistryProblemKind::kRowAltered);
  EXPECT_NE(replay.problems.front().message.find("edited legalBasis"), std::string::npos)
      << replay.problems.front().message;
}

TYPED_TEST(RegistryReplayTest, AHistoryRowDeletedIsCaughtByTheRecordLeftWithoutIt) {
  this->backend_.rawSql(std::string(TypeParam::kDropHistoryGuards) +
                        "DELETE FROM link_history WHERE link_id = " + std::to_string(this->link_) +
                        " AND action = 'activated';");
  const RegistryReplay replay = this->replay();
  EXPECT_TRUE(this->has(replay, RegistryProblemKind::kRowDeleted, this->link_))
      << this->problemsText(replay);
}

TYPED_TEST(RegistryReplayTest, AHistoryRowInsertedWithoutTheBrokerHasNoRecord) {
  this->backend_.rawSql(
      "INSERT INTO link_history (link_id, at, actor, action, from_status, to_status, reason, "
      "field, old_value, new_value) VALUES (" +
      std::to_string(this->link_) +
      ", '2026-12-01T00:00:00Z', '市長', 'edited', 'active', 'active', '', 'legalBasis', "
      "'地方税法第294条第1項', '改ざん法'); UPDATE links SET legal_basis = '改ざん法' WHERE id = " +
      std::to_string(this->link_));
  const RegistryReplay replay = this->replay();
  ASSERT_EQ(replay.problems.size(), 1u) << this->problemsText(replay);
  EXPECT_EQ(replay.problems.front().kind, RegistryProblemKind::kRowNotInTrail);
  EXPECT_NE(replay.problems.front().message.find("by 市長"), std::string::npos);
}

// Without a store: a link seeded by an older broker (a creation row with no content and no
// record) is old, not forged; only what later rows say is checked for it.
TEST(RegistryReplay, ALinkSeededBeforeContentWasRecordedIsNotedNotFailed) {
  Link stored = makeLink("062022/kokuho", "062022/juki", "IdoJohoShokai", "KOKUHO-01");
  stored.id = 3;
  LinkChange created;
  created.seq = 1;
  created.link_id = 3;
  created.at = "2026-01-05T00:00:00Z";
  created.actor = "config";
  created.action = "created";
  created.to_status = "active";
  const auto no_trail = [](const std::function<bool(const AuditRecord&)>&) {};
  RegistryReplay replay = replayRegistry(
      {stored}, [&](int64_t) { return std::vector<LinkChange>{created}; }, no_trail);
  EXPECT_TRUE(replay.ok()) << (replay.problems.empty() ? "" : replay.problems[0].message);
  EXPECT_EQ(replay.links_without_content, 1);
  // Its status is still what the history says: suspending it in the table is caught.
  stored.status = LinkStatus::kSuspended;
  replay = replayRegistry(
      {stored}, [&](int64_t) { return std::vector<LinkChange>{created}; }, no_trail);
  ASSERT_EQ(replay.problems.size(), 1u);
  EXPECT_NE(replay.problems[0].message.find("status is 'suspended' in the registry but 'active'"),
            std::string::npos)
      << replay.problems[0].message;
}

}  // namespace
}  // namespace renkei
