// The link lifecycle on a real SQLite file: transitions, refusals, append-only history, the
// registry version brokers poll, and seeding that respects what operators changed.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "broker/registry/link_lifecycle.h"
#include "broker/store/sqlite_store.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::makeLink;
using testing::sampleRegistry;
using testing::TempDir;

// Runs SQL behind the store's back and returns SQLite's error message ("" on success).
std::string trySql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  char* error = nullptr;
  sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  return message;
}

class SqliteLinkLifecycle : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.migrate();
    seeded_ = sampleRegistry();
    store_.seedRegistry(seeded_);
  }

  Link proposal(const std::string& purpose = "KOKUHO-09") const {
    Link link =
        makeLink("062022/kokuho", "062022/juki", "IdoJohoShokai", purpose, LinkStatus::kProposed);
    link.data_items = "氏名;生年月日;住所";
    link.department = "保険年金課";
    link.vendor = "東北システム株式会社";
    link.review_date = "2026-03-31";
    link.note = "転入時の資格確認";
    return link;
  }

  TempDir dir_;
  std::string path_ = dir_.file("renkei.db");
  SqliteStore store_{path_};
  RegistrySnapshot seeded_;
};

TEST_F(SqliteLinkLifecycle, CreateStoresEveryFieldAndRecordsWhoProposedIt) {
  const Link created = store_.createLink(proposal(), {"sato", "新規事務のため", ""});
  EXPECT_GT(created.id, 0);
  const auto found = store_.findLink(created.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, LinkStatus::kProposed);
  EXPECT_EQ(found->data_items, "氏名;生年月日;住所");
  EXPECT_EQ(found->department, "保険年金課");
  EXPECT_EQ(found->vendor, "東北システム株式会社");
  EXPECT_EQ(found->review_date, "2026-03-31");
  EXPECT_EQ(found->note, "転入時の資格確認");
  EXPECT_EQ(found->approver, "");

  const auto history = store_.linkHistory(created.id);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].action, "created");
  EXPECT_EQ(history[0].actor, "sato");
  EXPECT_EQ(history[0].reason, "新規事務のため");
  EXPECT_EQ(history[0].from_status, "");
  EXPECT_EQ(history[0].to_status, "proposed");
  EXPECT_EQ(history[0].link_id, created.id);
  EXPECT_EQ(history[0].at.size(), 24u) << history[0].at;  // 2025-06-01T09:00:00.000Z
  EXPECT_FALSE(store_.findLink(999999));
}

TEST_F(SqliteLinkLifecycle, CreatingAnExistingKeyIsRefusedAndNamesTheExistingLink) {
  Link duplicate = seeded_.links[0];
  duplicate.id = 0;
  try {
    store_.createLink(duplicate, {"sato", "", ""});
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(
        std::string(e.what()).find("already exists as link " + std::to_string(seeded_.links[0].id)),
        std::string::npos)
        << e.what();
  }
  Link unknown_unit = proposal();
  unknown_unit.receiver = "062022/nowhere";
  EXPECT_THROW(store_.createLink(unknown_unit, {"sato", "", ""}), StoreError);
}

TEST_F(SqliteLinkLifecycle, WalksTheWholeLifecycleWithOneHistoryRowPerStep) {
  const Link created = store_.createLink(proposal(), {"sato", "proposal", ""});
  const Link approved =
      store_.transitionLink(created.id, LinkStatus::kApproved, {"yamada", "審査済み", ""});
  EXPECT_EQ(approved.status, LinkStatus::kApproved);
  EXPECT_EQ(approved.approver, "yamada");
  store_.transitionLink(created.id, LinkStatus::kActive, {"suzuki", "go-live", ""});
  store_.transitionLink(created.id, LinkStatus::kSuspended, {"suzuki", "障害調査", ""});
  const Link resumed = store_.transitionLink(created.id, LinkStatus::kActive, {"suzuki", "", ""});
  EXPECT_EQ(resumed.approver, "yamada");  // only approval sets the approver
  const Link retired =
      store_.transitionLink(created.id, LinkStatus::kRetired, {"yamada", "事務廃止", ""});
  EXPECT_EQ(retired.status, LinkStatus::kRetired);

  const auto history = store_.linkHistory(created.id);
  ASSERT_EQ(history.size(), 6u);
  const char* actions[] = {"created", "approved", "activated", "suspended", "resumed", "retired"};
  const char* to[] = {"proposed", "approved", "active", "suspended", "active", "retired"};
  for (size_t i = 0; i < history.size(); ++i) {
    EXPECT_EQ(history[i].action, actions[i]) << i;
    EXPECT_EQ(history[i].to_status, to[i]) << i;
    if (i > 0) {
      EXPECT_EQ(history[i].from_status, to[i - 1]) << i;
      EXPECT_GT(history[i].seq, history[i - 1].seq);
    }
  }
  EXPECT_EQ(history[3].reason, "障害調査");
  EXPECT_EQ(history[5].actor, "yamada");
}

TEST_F(SqliteLinkLifecycle, RefusedTransitionsSayWhyAndChangeNothing) {
  const Link created = store_.createLink(proposal(), {"sato", "", ""});
  const int64_t version = store_.registryVersion();
  try {
    store_.transitionLink(created.id, LinkStatus::kActive, {"sato", "", ""});
    FAIL() << "expected LifecycleError";
  } catch (const LifecycleError& e) {
    EXPECT_EQ(std::string(e.what()), "link " + std::to_string(created.id) +
                                         ": a proposed link cannot become active: it must be "
                                         "approved first");
  }
  store_.transitionLink(created.id, LinkStatus::kRetired, {"sato", "取り下げ", ""});
  try {
    store_.transitionLink(created.id, LinkStatus::kApproved, {"yamada", "", ""});
    FAIL() << "expected LifecycleError";
  } catch (const LifecycleError& e) {
    EXPECT_NE(std::string(e.what()).find("retired is final"), std::string::npos) << e.what();
  }
  EXPECT_THROW(store_.transitionLink(created.id, LinkStatus::kRetired, {"x", "", ""}),
               LifecycleError);
  EXPECT_EQ(store_.findLink(created.id)->status, LinkStatus::kRetired);
  EXPECT_EQ(store_.findLink(created.id)->approver, "");
  EXPECT_EQ(store_.linkHistory(created.id).size(), 2u);
  EXPECT_EQ(store_.registryVersion(), version + 1);  // only the retirement counted

  try {
    store_.transitionLink(424242, LinkStatus::kApproved, {"x", "", ""});
    FAIL() << "expected StoreError";
  } catch (const LifecycleError&) {
    FAIL() << "a missing link is a StoreError, not a lifecycle refusal";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()), "there is no link 424242");
  }
}

TEST_F(SqliteLinkLifecycle, HistoryIsAppendedNeverRewritten) {
  const Link created = store_.createLink(proposal(), {"sato", "", "2025-04-01T00:00:00.000Z"});
  const auto before = store_.linkHistory(created.id);
  store_.transitionLink(created.id, LinkStatus::kApproved, {"yamada", "", ""});
  Link corrected = created;
  corrected.note = "誤記訂正";
  store_.updateLinkDetails(corrected, {"sato", "typo", ""});
  const auto after = store_.linkHistory(created.id);
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[0].seq, before[0].seq);
  EXPECT_EQ(after[0].at, "2025-04-01T00:00:00.000Z");
  EXPECT_EQ(after[0].to_status, "proposed");

  // Not even a direct UPDATE or DELETE on the file gets through.
  EXPECT_NE(trySql(path_, "UPDATE link_history SET actor = 'nobody'").find("append-only"),
            std::string::npos);
  EXPECT_NE(trySql(path_, "DELETE FROM link_history").find("append-only"), std::string::npos);
  EXPECT_EQ(store_.linkHistory(created.id).size(), 3u);
}

TEST_F(SqliteLinkLifecycle, UpdateDetailsChangesDetailsButNeverKeyOrStatus) {
  const Link created = store_.createLink(proposal(), {"sato", "", ""});
  Link edited = created;
  edited.note = "見直し済み";
  edited.review_date = "2027-03-31";
  edited.legal_basis = "住民基本台帳法第30条の15";
  edited.valid_to = "2030-03-31";
  edited.sender = "062022/zei";         // ignored: the key never changes
  edited.status = LinkStatus::kActive;  // ignored: status changes go through transitionLink
  edited.approver = "self";             // ignored: set by approval only
  const Link updated = store_.updateLinkDetails(edited, {"sato", "年次見直し", ""}).link;
  EXPECT_EQ(updated.note, "見直し済み");
  EXPECT_EQ(updated.review_date, "2027-03-31");
  EXPECT_EQ(updated.legal_basis, "住民基本台帳法第30条の15");
  EXPECT_EQ(updated.valid_to, "2030-03-31");
  EXPECT_EQ(updated.sender, "062022/kokuho");
  EXPECT_EQ(updated.status, LinkStatus::kProposed);
  EXPECT_EQ(updated.approver, "");
  // One row per changed field, in the order of the fields, all of one edit.
  const auto history = store_.linkHistory(created.id);
  ASSERT_EQ(history.size(), 5u);
  std::vector<std::string> fields;
  for (size_t i = 1; i < history.size(); ++i) {
    EXPECT_EQ(history[i].action, "edited");
    EXPECT_EQ(history[i].from_status, "proposed");
    EXPECT_EQ(history[i].to_status, "proposed");
    EXPECT_EQ(history[i].reason, "年次見直し");
    EXPECT_EQ(history[i].at, history[1].at);
    fields.push_back(history[i].field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"legalBasis", "reviewDate", "note", "validTo"}));

  edited.id = 777777;
  EXPECT_THROW(store_.updateLinkDetails(edited, {"sato", "", ""}), StoreError);
}

TEST_F(SqliteLinkLifecycle, RegistryVersionRisesWithEveryChangeAndIsSeenByOtherConnections) {
  SqliteStore other(path_);  // as another broker process would
  const int64_t v0 = store_.registryVersion();
  EXPECT_EQ(other.registryVersion(), v0);
  const Link created = store_.createLink(proposal(), {"sato", "", ""});
  EXPECT_EQ(other.registryVersion(), v0 + 1);
  store_.transitionLink(created.id, LinkStatus::kApproved, {"yamada", "", ""});
  store_.updateLinkDetails(created, {"sato", "", ""});  // the same values: no change
  EXPECT_EQ(other.registryVersion(), v0 + 2);
  Link noted = created;
  noted.note = "追記";
  store_.updateLinkDetails(noted, {"sato", "", ""});
  EXPECT_EQ(other.registryVersion(), v0 + 3);
  // Reading never counts.
  store_.loadRegistry();
  store_.findLink(created.id);
  store_.linkHistory(created.id);
  EXPECT_EQ(store_.registryVersion(), v0 + 3);
}

TEST_F(SqliteLinkLifecycle, SeedingKeepsStoredStatusAndDetailsAndCountsOnlyRealChanges) {
  const int64_t link_id = seeded_.links[0].id;
  store_.transitionLink(link_id, LinkStatus::kSuspended, {"suzuki", "障害", ""});
  Link details = *store_.findLink(link_id);
  details.note = "運用で追記";
  store_.updateLinkDetails(details, {"suzuki", "", ""});
  const int64_t version = store_.registryVersion();

  RegistrySnapshot again = sampleRegistry();  // the file still says active, no note
  store_.seedRegistry(again);
  EXPECT_EQ(store_.registryVersion(), version);  // nothing new: no reload anywhere
  EXPECT_EQ(again.links[0].id, link_id);
  EXPECT_EQ(again.links[0].status, LinkStatus::kSuspended);
  EXPECT_EQ(again.links[0].note, "運用で追記");
  EXPECT_EQ(store_.findLink(link_id)->status, LinkStatus::kSuspended);

  RegistrySnapshot grown = sampleRegistry();
  grown.links.push_back(makeLink("062022/juki", "062022/kokuho", "ShikakuJohoShokai", "JUKI-02"));
  store_.seedRegistry(grown);
  EXPECT_EQ(store_.registryVersion(), version + 1);
  const auto history = store_.linkHistory(grown.links.back().id);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].action, "created");
  EXPECT_EQ(history[0].actor, "config");
  EXPECT_EQ(history[0].to_status, "active");

  RegistrySnapshot moved = sampleRegistry();
  moved.units[0].endpoint = "http://127.0.0.1:9999/juki";
  store_.seedRegistry(moved);
  EXPECT_EQ(store_.registryVersion(), version + 2);  // a unit's endpoint is a real change
}

TEST(SqliteLinkMigration, LinksFromBeforeHistoryGetOneCreationRow) {
  TempDir dir;
  const std::string path = dir.file("old.db");
  // The version-1 schema as the previous release wrote it, with one link.
  testing::rawSql(path, R"sql(
CREATE TABLE units (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, name TEXT NOT NULL,
  endpoint TEXT NOT NULL, owner TEXT NOT NULL);
CREATE TABLE services (name TEXT NOT NULL, version TEXT NOT NULL, request_ns TEXT NOT NULL,
  request_element TEXT NOT NULL, response_ns TEXT NOT NULL, response_element TEXT NOT NULL,
  wsdl_file TEXT NOT NULL, PRIMARY KEY (name, version));
CREATE TABLE links (id INTEGER PRIMARY KEY, sender TEXT NOT NULL REFERENCES units (id),
  receiver TEXT NOT NULL REFERENCES units (id), service_name TEXT NOT NULL,
  service_version TEXT NOT NULL, purpose_code TEXT NOT NULL, purpose_name TEXT NOT NULL,
  legal_basis TEXT NOT NULL, status TEXT NOT NULL, valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL, cross_tenant INTEGER NOT NULL,
  UNIQUE (sender, receiver, service_name, service_version, purpose_code));
CREATE TABLE audit (seq INTEGER PRIMARY KEY, time TEXT NOT NULL, message_id TEXT NOT NULL,
  sender TEXT NOT NULL, receiver TEXT NOT NULL, service TEXT NOT NULL, purpose TEXT NOT NULL,
  link_id INTEGER, outcome TEXT NOT NULL, fault_code TEXT NOT NULL, latency_us INTEGER NOT NULL,
  request_sha256 TEXT NOT NULL, response_sha256 TEXT NOT NULL, prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
INSERT INTO units VALUES ('062022/juki', '062022', '住基', 'http://x/', 'o'),
                         ('062022/kokuho', '062022', '国保', 'http://y/', 'o');
INSERT INTO links VALUES (7, '062022/kokuho', '062022/juki', 'IdoJohoShokai', '1', 'KOKUHO-01',
  '資格管理', '国民健康保険法第9条', 'suspended', '', '', 0);
PRAGMA user_version = 1;
)sql");
  SqliteStore store(path);
  store.migrate();
  const auto link = store.findLink(7);
  ASSERT_TRUE(link);
  EXPECT_EQ(link->status, LinkStatus::kSuspended);
  EXPECT_EQ(link->note, "");
  const auto history = store.linkHistory(7);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].actor, "migration");
  EXPECT_EQ(history[0].to_status, "suspended");
  EXPECT_EQ(store.registryVersion(), 1);
  store.transitionLink(7, LinkStatus::kActive, {"suzuki", "", ""});
  EXPECT_EQ(store.registryVersion(), 2);
}

}  // namespace
}  // namespace renkei
