// The Store contract (broker/store/store.h), run against every implementation: SqliteStore on a
// temp file and PostgresStore on a fresh database of a real test server. A behaviour the broker
// relies on belongs here, not in one store's own test, so the two cannot drift apart.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "broker/audit/audit_hash.h"
#include "broker/audit/audit_verifier.h"
#include "broker/registry/link_governance.h"
#include "broker/registry/link_lifecycle.h"
#include "broker/store/postgres_store.h"
#include "broker/store/sqlite_store.h"
#include "tests/support/postgres_test_server.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::makeAuditRecord;
using testing::makeLink;
using testing::sampleRegistry;

// A backend owns one database; open() gives another Store on it, as another broker would.
struct SqliteBackend {
  testing::TempDir dir;
  std::unique_ptr<Store> open() { return std::make_unique<SqliteStore>(dir.file("renkei.db")); }
  // Throws when the database refuses, so a test can expect the refusal.
  void rawSql(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(dir.file("renkei.db").c_str(), &db);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error(message);
  }
};

struct PostgresBackend {
  std::string conninfo = testing::PostgresTestServer::shared().createDatabase();
  std::unique_ptr<Store> open() { return std::make_unique<PostgresStore>(conninfo); }
  void rawSql(const std::string& sql) {
    const std::string dbname = conninfo.substr(conninfo.rfind('=') + 1);
    testing::PostgresTestServer::shared().execute(dbname, sql);
  }
};

struct BackendNames {
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqliteBackend> ? "Sqlite" : "Postgres";
  }
};

template <typename Backend>
class StoreContract : public ::testing::Test {
 protected:
  std::unique_ptr<Store> openMigrated() {
    auto store = backend_.open();
    store->migrate();
    return store;
  }
  // Seeds the sample registry with governance details on the first link.
  RegistrySnapshot seedSample() {
    RegistrySnapshot snapshot = sampleRegistry();
    Link& first = snapshot.links[0];
    first.data_items = "氏名;生年月日;住所";
    first.department = "保険年金課";
    first.vendor = "Vendor A";
    first.review_date = "2026-03-31";
    first.note = "年次見直し";
    store_->seedRegistry(snapshot);
    return snapshot;
  }
  std::vector<AuditRecord> readAudit(Store& store) {
    std::vector<AuditRecord> records;
    store.forEachAudit([&](const AuditRecord& r) {
      records.push_back(r);
      return true;
    });
    return records;
  }

  Backend backend_;
  std::unique_ptr<Store> store_ = openMigrated();
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(StoreContract, Backends, BackendNames);

const ChangeContext kAdmin{"suzuki@johoseisaku", "年度切替", ""};

TYPED_TEST(StoreContract, RegistryRoundTrip) {
  const RegistrySnapshot seeded = this->seedSample();
  for (const auto& link : seeded.links) EXPECT_GT(link.id, 0);

  const RegistrySnapshot loaded = this->store_->loadRegistry();
  ASSERT_EQ(loaded.units.size(), 4u);
  ASSERT_EQ(loaded.services.size(), 2u);
  ASSERT_EQ(loaded.links.size(), 3u);
  EXPECT_EQ(loaded.units[0].id, "062014/juki");  // ordered by id
  EXPECT_EQ(loaded.units[1].name, "住民基本台帳");
  EXPECT_EQ(loaded.units[1].owner, "情報政策課");
  EXPECT_EQ(loaded.services[0].name, "IdoJohoShokai");
  EXPECT_EQ(loaded.services[1].response_element, "ShikakuJohoShokaiResponse");
  const Link& first = loaded.links[0];
  EXPECT_EQ(first.id, seeded.links[0].id);
  EXPECT_EQ(first.data_items, "氏名;生年月日;住所");
  EXPECT_EQ(first.department, "保険年金課");
  EXPECT_EQ(first.vendor, "Vendor A");
  EXPECT_EQ(first.review_date, "2026-03-31");
  EXPECT_EQ(first.note, "年次見直し");
  const Link& cross = loaded.links[2];
  EXPECT_EQ(cross.sender, "062014/juki");
  EXPECT_EQ(cross.purpose_name, "国民健康保険の資格管理");
  EXPECT_EQ(cross.legal_basis, "国民健康保険法第9条");
  EXPECT_EQ(cross.status, LinkStatus::kActive);
  EXPECT_EQ(cross.valid_from, "2024-04-01");
  EXPECT_EQ(cross.valid_to, "2027-03-31");
  EXPECT_TRUE(cross.cross_tenant);
  EXPECT_FALSE(loaded.links[0].cross_tenant);
  EXPECT_EQ(loaded.links[1].status, LinkStatus::kSuspended);
}

TYPED_TEST(StoreContract, SeedingCreatesWithHistoryButNeverOverridesTheRegistry) {
  const RegistrySnapshot first = this->seedSample();
  const auto history = this->store_->linkHistory(first.links[0].id);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].action, "created");
  EXPECT_EQ(history[0].actor, "config");
  EXPECT_EQ(history[0].from_status, "");
  EXPECT_EQ(history[0].to_status, "active");
  // Each seeded link is a record of the trail, like a link proposed through the CLI.
  const auto seeded_records = this->readAudit(*this->store_);
  ASSERT_EQ(seeded_records.size(), first.links.size());
  for (size_t i = 0; i < first.links.size(); ++i) {
    EXPECT_EQ(seeded_records[i].outcome, "admin");
    EXPECT_EQ(seeded_records[i].purpose, "created");
    EXPECT_EQ(seeded_records[i].operator_id, "config");
    EXPECT_EQ(seeded_records[i].link_id, first.links[i].id);
  }

  this->store_->transitionLink(first.links[0].id, LinkStatus::kSuspended, kAdmin);
  const int64_t version = this->store_->registryVersion();
  const size_t records = this->readAudit(*this->store_).size();

  // The same file again: nothing changes, not even the version (other brokers must not reload),
  // and no record is written (a restart is not a registry change).
  RegistrySnapshot same = sampleRegistry();
  this->store_->seedRegistry(same);
  EXPECT_EQ(this->store_->registryVersion(), version);
  EXPECT_EQ(this->readAudit(*this->store_).size(), records);
  EXPECT_EQ(this->store_->linkHistory(first.links[0].id).size(), 2u);
  // The stored state is written back: the suspension made by the admin wins over the file.
  EXPECT_EQ(same.links[0].id, first.links[0].id);
  EXPECT_EQ(same.links[0].status, LinkStatus::kSuspended);
  EXPECT_EQ(same.links[0].department, "保険年金課");

  // Reordered, one edited in the file, one new: ids stay, only the new link is created.
  RegistrySnapshot second = sampleRegistry();
  std::swap(second.links[0], second.links[2]);
  second.links[1].purpose_name = "changed in the file";
  second.links.push_back(makeLink("062022/juki", "062022/kokuho", "ShikakuJohoShokai", "JUKI-02"));
  this->store_->seedRegistry(second);
  EXPECT_GT(this->store_->registryVersion(), version);
  EXPECT_EQ(second.links[0].id, first.links[2].id);
  EXPECT_EQ(second.links[1].id, first.links[1].id);
  EXPECT_EQ(second.links[1].purpose_name, "国民健康保険の資格管理");
  EXPECT_EQ(second.links[2].id, first.links[0].id);
  EXPECT_GT(second.links[3].id, first.links[2].id);
  EXPECT_EQ(this->store_->loadRegistry().links.size(), 4u);
  EXPECT_EQ(this->store_->loadRegistry().links[0].status, LinkStatus::kSuspended);
  // Only the new link's record.
  const auto after = this->readAudit(*this->store_);
  ASSERT_EQ(after.size(), records + 1);
  EXPECT_EQ(after.back().purpose, "created");
  EXPECT_EQ(after.back().link_id, second.links[3].id);
}

TYPED_TEST(StoreContract, SeedingALinkToAnUnknownUnitRollsBackTheWholeSeed) {
  RegistrySnapshot snapshot = sampleRegistry();
  snapshot.links.push_back(makeLink("062022/kokuho", "999999/nowhere", "IdoJohoShokai", "X"));
  try {
    this->store_->seedRegistry(snapshot);
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("999999/nowhere"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(this->store_->loadRegistry().units.empty());
}

TYPED_TEST(StoreContract, CreateLinkRefusesADuplicateKey) {
  this->seedSample();
  const int64_t version = this->store_->registryVersion();
  Link proposed = makeLink("062022/juki", "062022/kokuho", "ShikakuJohoShokai", "JUKI-09",
                           LinkStatus::kProposed);
  proposed.note = "提案";
  const Link created = this->store_->createLink(proposed, kAdmin);
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.status, LinkStatus::kProposed);
  EXPECT_GT(this->store_->registryVersion(), version);
  const auto history = this->store_->linkHistory(created.id);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].action, "created");
  EXPECT_EQ(history[0].actor, kAdmin.actor);
  EXPECT_EQ(history[0].reason, kAdmin.reason);
  EXPECT_EQ(history[0].to_status, "proposed");

  const int64_t after_create = this->store_->registryVersion();
  Link duplicate = proposed;
  duplicate.purpose_name = "same key, other name";
  EXPECT_THROW(this->store_->createLink(duplicate, kAdmin), StoreError);
  EXPECT_EQ(this->store_->registryVersion(), after_create);
  EXPECT_EQ(this->store_->linkHistory(created.id).size(), 1u);
  EXPECT_EQ(this->store_->loadRegistry().links.size(), 4u);
}

TYPED_TEST(StoreContract, TransitionsFollowTheLifecycle) {
  this->seedSample();
  Store& store = *this->store_;
  const Link link = store.createLink(
      makeLink("062022/kokuho", "062022/juki", "IdoJohoShokai", "NEW-01", LinkStatus::kProposed),
      kAdmin);
  const int64_t version = store.registryVersion();
  // Refused: it must be approved first. Nothing changes, not even the version.
  EXPECT_THROW(store.transitionLink(link.id, LinkStatus::kActive, kAdmin), LifecycleError);
  EXPECT_EQ(store.findLink(link.id)->status, LinkStatus::kProposed);
  EXPECT_EQ(store.linkHistory(link.id).size(), 1u);
  EXPECT_EQ(store.registryVersion(), version);

  const Link approved =
      store.transitionLink(link.id, LinkStatus::kApproved, {"kacho@johoseisaku", "承認", ""});
  EXPECT_EQ(approved.status, LinkStatus::kApproved);
  EXPECT_EQ(approved.approver, "kacho@johoseisaku");
  EXPECT_GT(store.registryVersion(), version);
  EXPECT_EQ(store.transitionLink(link.id, LinkStatus::kActive, kAdmin).status, LinkStatus::kActive);
  EXPECT_EQ(store.transitionLink(link.id, LinkStatus::kSuspended, kAdmin).status,
            LinkStatus::kSuspended);
  EXPECT_EQ(store.transitionLink(link.id, LinkStatus::kActive, kAdmin).status, LinkStatus::kActive);
  const Link retired = store.transitionLink(link.id, LinkStatus::kRetired, kAdmin);
  EXPECT_EQ(retired.status, LinkStatus::kRetired);
  EXPECT_EQ(retired.approver, "kacho@johoseisaku");  // later actors do not replace the approver

  // Retired is final.
  try {
    store.transitionLink(link.id, LinkStatus::kActive, kAdmin);
    FAIL() << "expected LifecycleError";
  } catch (const LifecycleError& e) {
    EXPECT_NE(std::string(e.what()).find("retired"), std::string::npos) << e.what();
  }
  EXPECT_THROW(store.transitionLink(link.id, LinkStatus::kApproved, kAdmin), LifecycleError);
  // No such link is a store error, not a lifecycle one.
  EXPECT_THROW(store.transitionLink(link.id + 1000, LinkStatus::kActive, kAdmin), StoreError);

  std::vector<std::string> actions;
  for (const auto& change : store.linkHistory(link.id)) actions.push_back(change.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"created", "approved", "activated", "suspended",
                                               "resumed", "retired"}));
}

TYPED_TEST(StoreContract, HistoryIsOrderedAndAppendOnly) {
  const RegistrySnapshot seeded = this->seedSample();
  Store& store = *this->store_;
  const int64_t id = seeded.links[0].id;  // active
  store.transitionLink(id, LinkStatus::kSuspended, {"a", "障害対応", "2025-04-01T09:00:00.000Z"});
  const auto before = store.linkHistory(id);
  store.transitionLink(id, LinkStatus::kActive, {"b", "復旧", "2025-04-01T10:00:00.000Z"});
  Link details = *store.findLink(id);
  details.note = "見直し済み";
  store.updateLinkDetails(details, {"c", "注記", ""});

  const auto history = store.linkHistory(id);
  ASSERT_EQ(history.size(), 4u);
  // Earlier rows are never rewritten by later changes.
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(history[i].seq, before[i].seq);
    EXPECT_EQ(history[i].at, before[i].at);
    EXPECT_EQ(history[i].action, before[i].action);
  }
  for (size_t i = 1; i < history.size(); ++i) {
    EXPECT_GT(history[i].seq, history[i - 1].seq);
    EXPECT_EQ(history[i].from_status, history[i - 1].to_status);
    EXPECT_EQ(history[i].link_id, id);
  }
  EXPECT_EQ(history[1].at, "2025-04-01T09:00:00.000Z");  // a given time is kept
  EXPECT_EQ(history[1].reason, "障害対応");
  EXPECT_EQ(history[2].actor, "b");
  EXPECT_EQ(history[3].action, "edited");
  EXPECT_EQ(history[3].from_status, "active");
  EXPECT_EQ(history[3].to_status, "active");
  EXPECT_EQ(history[3].at.size(), std::string("2025-04-01T09:00:00.000Z").size());  // "now"
  // Another link's history is its own.
  EXPECT_EQ(store.linkHistory(seeded.links[1].id).size(), 1u);
  EXPECT_TRUE(store.linkHistory(id + 1000).empty());

  // The database itself refuses to rewrite history.
  EXPECT_ANY_THROW(this->backend_.rawSql("UPDATE link_history SET actor = 'nobody'"));
  EXPECT_ANY_THROW(this->backend_.rawSql("DELETE FROM link_history"));
  EXPECT_EQ(store.linkHistory(id).size(), 4u);
}

TYPED_TEST(StoreContract, TheProposerNeverApprovesAndAPlaceholderLegalBasisNeverGoesActive) {
  this->seedSample();
  Store& store = *this->store_;
  Link proposal =
      makeLink("062022/kokuho", "062022/juki", "IdoJohoShokai", "NEW-02", LinkStatus::kProposed);
  proposal.legal_basis = "未定";
  const Link link = store.createLink(proposal, {"sato", "", ""});
  const auto ruleBroken = [&](LinkStatus to, const std::string& actor) {
    try {
      store.transitionLink(link.id, to, {actor, "", ""});
    } catch (const GovernanceError& e) {
      return std::optional<GovernanceRule>(e.rule());
    }
    return std::optional<GovernanceRule>();
  };
  EXPECT_EQ(ruleBroken(LinkStatus::kApproved, "SATO"), GovernanceRule::kFourEyes);
  EXPECT_EQ(ruleBroken(LinkStatus::kApproved, "kacho"), GovernanceRule::kLegalBasis);
  EXPECT_EQ(store.linkHistory(link.id).size(), 1u);
  Link fixed = *store.findLink(link.id);
  fixed.legal_basis = "国民健康保険法第9条";
  store.updateLinkDetails(fixed, {"sato", "", ""});
  EXPECT_EQ(ruleBroken(LinkStatus::kApproved, "kacho"), std::nullopt);
  EXPECT_EQ(ruleBroken(LinkStatus::kActive, "sato"), std::nullopt);
  EXPECT_EQ(store.findLink(link.id)->status, LinkStatus::kActive);
}

TYPED_TEST(StoreContract, UpdateLinkDetailsKeepsKeyStatusAndApprover) {
  this->seedSample();
  Store& store = *this->store_;
  Link link = store.createLink(
      makeLink("062022/zei", "062022/kokuho", "ShikakuJohoShokai", "ZEI-02", LinkStatus::kProposed),
      kAdmin);
  store.transitionLink(link.id, LinkStatus::kApproved, {"kacho", "", ""});
  const int64_t version = store.registryVersion();

  Link edit = link;
  edit.sender = "062014/juki";         // key: ignored
  edit.status = LinkStatus::kRetired;  // status: ignored
  edit.approver = "someone else";      // approver: ignored
  edit.purpose_name = "個人住民税の賦課";
  edit.legal_basis = "地方税法第294条";
  edit.valid_from = "2025-04-01";
  edit.valid_to = "2030-03-31";
  edit.data_items = "所得;控除";
  edit.department = "税務課";
  edit.vendor = "Vendor B";
  edit.review_date = "2027-03-31";
  edit.note = "条例改正に伴い更新";
  const Link updated = store.updateLinkDetails(edit, kAdmin).link;
  EXPECT_EQ(updated.sender, "062022/zei");
  EXPECT_EQ(updated.status, LinkStatus::kApproved);
  EXPECT_EQ(updated.approver, "kacho");
  EXPECT_EQ(updated.purpose_name, "個人住民税の賦課");
  EXPECT_EQ(updated.legal_basis, "地方税法第294条");
  EXPECT_EQ(updated.valid_from, "2025-04-01");
  EXPECT_EQ(updated.valid_to, "2030-03-31");
  EXPECT_EQ(updated.data_items, "所得;控除");
  EXPECT_EQ(updated.department, "税務課");
  EXPECT_EQ(updated.vendor, "Vendor B");
  EXPECT_EQ(updated.review_date, "2027-03-31");
  EXPECT_EQ(updated.note, "条例改正に伴い更新");
  EXPECT_GT(store.registryVersion(), version);
  const auto found = store.findLink(link.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->note, updated.note);
  EXPECT_EQ(store.linkHistory(link.id).back().action, "edited");

  edit.id = link.id + 1000;
  EXPECT_THROW(store.updateLinkDetails(edit, kAdmin), StoreError);
}

TYPED_TEST(StoreContract, EachEditedFieldIsAHistoryRowWithBeforeAndAfter) {
  const RegistrySnapshot seeded = this->seedSample();
  Store& store = *this->store_;
  const int64_t id = seeded.links[0].id;  // active, with governance details
  const size_t audit_before = this->readAudit(store).size();
  const int64_t version = store.registryVersion();

  Link edit = *store.findLink(id);
  edit.legal_basis = "国民健康保険法第9条第2項";
  edit.vendor = "";          // cleared
  edit.note = "年次見直し";  // as stored: no row
  const LinkEdit result = store.updateLinkDetails(edit, {"sato", "条例改正", ""});
  EXPECT_EQ(result.link.legal_basis, "国民健康保険法第9条第2項");
  EXPECT_EQ(result.link.vendor, "");
  EXPECT_GT(store.registryVersion(), version);

  ASSERT_EQ(result.changes.size(), 2u);
  const auto history = store.linkHistory(id);
  ASSERT_EQ(history.size(), 3u);
  for (size_t i = 0; i < 2; ++i) {
    // What the edit returned is what the history holds.
    EXPECT_EQ(result.changes[i].seq, history[i + 1].seq);
    EXPECT_EQ(result.changes[i].field, history[i + 1].field);
    EXPECT_EQ(history[i + 1].action, "edited");
    EXPECT_EQ(history[i + 1].actor, "sato");
    EXPECT_EQ(history[i + 1].reason, "条例改正");
    EXPECT_EQ(history[i + 1].from_status, "active");
    EXPECT_EQ(history[i + 1].to_status, "active");
    EXPECT_EQ(history[i + 1].at, history[1].at);  // one change, one time
  }
  EXPECT_EQ(history[1].field, "legalBasis");
  EXPECT_EQ(history[1].before, "国民健康保険法第9条");
  EXPECT_EQ(history[1].after, "国民健康保険法第9条第2項");
  EXPECT_EQ(history[2].field, "vendor");
  EXPECT_EQ(history[2].before, "Vendor A");
  EXPECT_EQ(history[2].after, "");
  // The creation row names the whole link as created, not one field.
  EXPECT_EQ(history[0].field, "content");
  EXPECT_EQ(history[0].before, "");

  // Each row is also a record of the audit chain, pinning the values, and the chain holds.
  const auto audit = this->readAudit(store);
  ASSERT_EQ(audit.size(), audit_before + 2);
  EXPECT_EQ(audit.back().purpose, "edited");
  EXPECT_EQ(audit.back().operator_id, "sato");
  EXPECT_NE(audit[audit.size() - 1].request_sha256, audit[audit.size() - 2].request_sha256);
  EXPECT_TRUE(verifyAuditChain(store).ok);
}

TYPED_TEST(StoreContract, AnEditThatChangesNothingWritesNothing) {
  const RegistrySnapshot seeded = this->seedSample();
  Store& store = *this->store_;
  const int64_t id = seeded.links[0].id;
  const int64_t version = store.registryVersion();
  const size_t audit_before = this->readAudit(store).size();

  Link same = *store.findLink(id);
  same.status = LinkStatus::kRetired;  // not a detail: ignored, as ever
  const LinkEdit result = store.updateLinkDetails(same, kAdmin);
  EXPECT_TRUE(result.changes.empty());
  EXPECT_EQ(result.link.id, id);
  EXPECT_EQ(result.link.status, LinkStatus::kActive);
  EXPECT_EQ(store.linkHistory(id).size(), 1u);
  EXPECT_EQ(store.registryVersion(), version);  // no broker reloads for nothing
  EXPECT_EQ(this->readAudit(store).size(), audit_before);
}

TYPED_TEST(StoreContract, AReviewMovesTheReviewDateAndIsRecorded) {
  const RegistrySnapshot seeded = this->seedSample();
  Store& store = *this->store_;
  const int64_t id = seeded.links[0].id;  // review date 2026-03-31
  const int64_t version = store.registryVersion();

  const Link reviewed =
      store.recordLinkReview(id, "2027-03-31", {"kacho", "利用実績と根拠法令を確認", ""});
  EXPECT_EQ(reviewed.review_date, "2027-03-31");
  EXPECT_EQ(reviewed.status, LinkStatus::kActive);
  EXPECT_EQ(store.findLink(id)->review_date, "2027-03-31");
  EXPECT_GT(store.registryVersion(), version);
  // Reviewed again with the same next date: still a review, still recorded.
  store.recordLinkReview(id, "2027-03-31", {"kacho", "再確認", ""});

  const auto history = store.linkHistory(id);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1].action, "reviewed");
  EXPECT_EQ(history[1].actor, "kacho");
  EXPECT_EQ(history[1].reason, "利用実績と根拠法令を確認");
  EXPECT_EQ(history[1].field, "reviewDate");
  EXPECT_EQ(history[1].before, "2026-03-31");
  EXPECT_EQ(history[1].after, "2027-03-31");
  EXPECT_EQ(history[1].from_status, "active");
  EXPECT_EQ(history[1].to_status, "active");
  EXPECT_EQ(history[2].before, "2027-03-31");
  EXPECT_EQ(this->readAudit(store).back().purpose, "reviewed");

  EXPECT_THROW(store.recordLinkReview(id + 1000, "2027-03-31", kAdmin), StoreError);
}

TYPED_TEST(StoreContract, ARetiredLinkIsNeitherEditedNorReviewed) {
  const RegistrySnapshot seeded = this->seedSample();
  Store& store = *this->store_;
  const int64_t id = seeded.links[0].id;
  store.transitionLink(id, LinkStatus::kRetired, kAdmin);
  const int64_t version = store.registryVersion();
  Link edit = *store.findLink(id);
  edit.note = "廃止後の追記";
  try {
    store.updateLinkDetails(edit, kAdmin);
    FAIL() << "expected LifecycleError";
  } catch (const LifecycleError& e) {
    EXPECT_NE(std::string(e.what()).find("retired is final"), std::string::npos) << e.what();
  }
  EXPECT_THROW(store.recordLinkReview(id, "2027-03-31", kAdmin), LifecycleError);
  EXPECT_EQ(store.findLink(id)->note, "年次見直し");
  EXPECT_EQ(store.linkHistory(id).size(), 2u);
  EXPECT_EQ(store.registryVersion(), version);
}

TYPED_TEST(StoreContract, FindLink) {
  const RegistrySnapshot seeded = this->seedSample();
  const auto found = this->store_->findLink(seeded.links[2].id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->sender, "062014/juki");
  EXPECT_EQ(found->purpose_code, "JUKI-TENNYU");
  EXPECT_TRUE(found->cross_tenant);
  EXPECT_FALSE(this->store_->findLink(seeded.links[2].id + 1000).has_value());
}

TYPED_TEST(StoreContract, RegistryVersionMovesForEveryInstance) {
  const RegistrySnapshot seeded = this->seedSample();
  auto other = this->openMigrated();  // a second broker on the same database
  const int64_t v0 = other->registryVersion();
  EXPECT_EQ(this->store_->registryVersion(), v0);
  this->store_->transitionLink(seeded.links[0].id, LinkStatus::kSuspended, kAdmin);
  const int64_t v1 = other->registryVersion();
  EXPECT_GT(v1, v0);
  other->transitionLink(seeded.links[0].id, LinkStatus::kActive, kAdmin);
  EXPECT_GT(this->store_->registryVersion(), v1);
  EXPECT_EQ(this->store_->findLink(seeded.links[0].id)->status, LinkStatus::kActive);
}

TYPED_TEST(StoreContract, RacingTransitionsHaveExactlyOneWinner) {
  const RegistrySnapshot seeded = this->seedSample();
  const int64_t id = seeded.links[0].id;  // active
  auto other = this->openMigrated();
  std::atomic<int> won{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> admins;
  for (int i = 0; i < 6; ++i) {
    Store& store = i % 2 == 0 ? *this->store_ : *other;
    admins.emplace_back([&store, &won, &refused, id, i] {
      try {
        store.transitionLink(id, LinkStatus::kSuspended, {"admin" + std::to_string(i), "", ""});
        ++won;
      } catch (const LifecycleError&) {
        ++refused;
      }
    });
  }
  for (auto& t : admins) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), 5);
  EXPECT_EQ(this->store_->linkHistory(id).size(), 2u);
}

TYPED_TEST(StoreContract, AuditChainsAcrossBatchesAndReopening) {
  {
    auto store = this->openMigrated();
    std::vector<AuditRecord> batch = {makeAuditRecord(1), makeAuditRecord(2), makeAuditRecord(3)};
    store->appendAudit(batch);
    EXPECT_EQ(batch[0].seq, 1);
    EXPECT_EQ(batch[0].prev_hash, "");
    EXPECT_EQ(batch[2].seq, 3);
    EXPECT_EQ(batch[2].prev_hash, batch[1].hash);
    std::vector<AuditRecord> second = {makeAuditRecord(4)};
    store->appendAudit(second);
    EXPECT_EQ(second[0].seq, 4);
    EXPECT_EQ(second[0].prev_hash, batch[2].hash);
    std::vector<AuditRecord> empty;
    store->appendAudit(empty);
  }
  auto reopened = this->openMigrated();
  std::vector<AuditRecord> third = {makeAuditRecord(5), makeAuditRecord(6)};
  reopened->appendAudit(third);

  const auto records = this->readAudit(*reopened);
  ASSERT_EQ(records.size(), 6u);
  std::string prev;
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(records[i].prev_hash, prev);
    EXPECT_EQ(records[i].hash, chainHash(records[i]));
    prev = records[i].hash;
  }
  // Fields survive the round trip, including an absent link id.
  EXPECT_EQ(records[2].outcome, "refused");
  EXPECT_EQ(records[2].fault_code, "Client.LinkNotRegistered");
  EXPECT_FALSE(records[2].link_id.has_value());
  EXPECT_EQ(records[3].link_id, std::optional<int64_t>(1));
  EXPECT_EQ(records[5].message_id, "msg-6");
  EXPECT_EQ(records[5].latency_us, 1006);
  EXPECT_EQ(records[5].request_sha256, std::string(64, 'a'));
  EXPECT_TRUE(verifyAuditChain(*reopened).ok);
}

TYPED_TEST(StoreContract, ForEachAuditAfterVisitsOnlyTheLaterRecords) {
  std::vector<AuditRecord> batch;
  for (int i = 1; i <= 1100; ++i) batch.push_back(makeAuditRecord(i));
  this->store_->appendAudit(batch);
  std::vector<int64_t> seqs;
  this->store_->forEachAuditAfter(1090, [&](const AuditRecord& r) {
    seqs.push_back(r.seq);
    return true;
  });
  EXPECT_EQ(seqs,
            (std::vector<int64_t>{1091, 1092, 1093, 1094, 1095, 1096, 1097, 1098, 1099, 1100}));
  int after_the_end = 0;
  this->store_->forEachAuditAfter(1100, [&](const AuditRecord&) { return ++after_the_end, true; });
  EXPECT_EQ(after_the_end, 0);
  int from_the_start = 0;
  this->store_->forEachAuditAfter(0, [&](const AuditRecord&) { return ++from_the_start, true; });
  EXPECT_EQ(from_the_start, 1100) << "pages of the cursor continue past the first";
}

TYPED_TEST(StoreContract, ForEachAuditVisitsInSeqOrderAcrossPagesAndStopsOnRequest) {
  std::vector<AuditRecord> batch;
  for (int i = 1; i <= 1203; ++i) batch.push_back(makeAuditRecord(i));
  this->store_->appendAudit(batch);
  const auto records = this->readAudit(*this->store_);
  ASSERT_EQ(records.size(), 1203u);
  for (size_t i = 0; i < records.size(); ++i) {
    ASSERT_EQ(records[i].seq, static_cast<int64_t>(i + 1));
    ASSERT_EQ(records[i].message_id, "msg-" + std::to_string(i + 1));
  }
  int seen = 0;
  this->store_->forEachAudit([&](const AuditRecord&) { return ++seen < 10; });
  EXPECT_EQ(seen, 10);
  // The visitor may call back into the store (no lock or connection is held while visiting).
  int nested = 0;
  this->store_->forEachAudit([&](const AuditRecord& r) {
    if (r.seq == 600) nested = static_cast<int>(this->readAudit(*this->store_).size());
    return true;
  });
  EXPECT_EQ(nested, 1203);
}

TYPED_TEST(StoreContract, AuditRecordsWithAMessageIdAreEveryRecordThatCarriesItInSeqOrder) {
  std::vector<AuditRecord> batch;
  for (int i = 1; i <= 40; ++i) batch.push_back(makeAuditRecord(i));
  // A message that came three times (say a retry, then a refused replay), among others.
  for (int at : {5, 17, 33}) batch[at - 1].message_id = "urn:uuid:again";
  batch[16].outcome = "refused";
  this->store_->appendAudit(batch);
  const auto found = this->store_->auditRecordsWithMessageId("urn:uuid:again");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].seq, 5);
  EXPECT_EQ(found[1].seq, 17);
  EXPECT_EQ(found[2].seq, 33);
  EXPECT_EQ(found[1].outcome, "refused");
  EXPECT_EQ(found[2].hash, batch[32].hash) << "the record as stored, hash included";
  EXPECT_TRUE(this->store_->auditRecordsWithMessageId("urn:uuid:never").empty());
  // Exact match only: neither a prefix nor a LIKE pattern finds anything.
  EXPECT_TRUE(this->store_->auditRecordsWithMessageId("urn:uuid:ag").empty());
  EXPECT_TRUE(this->store_->auditRecordsWithMessageId("urn:uuid:%").empty());
}

// Two brokers on one database, each with several audit writer threads: one gapless chain.
TYPED_TEST(StoreContract, ConcurrentAppendsFromThreadsAndInstancesFormOneChain) {
  auto other = this->openMigrated();
  constexpr int kThreadsPerInstance = 4;
  constexpr int kBatchesPerThread = 20;
  std::atomic<int> next_message{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 2 * kThreadsPerInstance; ++t) {
    Store& store = t % 2 == 0 ? *this->store_ : *other;
    writers.emplace_back([&, t] {
      for (int b = 0; b < kBatchesPerThread; ++b) {
        std::vector<AuditRecord> batch;
        for (int i = 0; i <= (b + t) % 4; ++i) batch.push_back(makeAuditRecord(++next_message));
        try {
          store.appendAudit(batch);
        } catch (const StoreError& e) {
          ++failures;
          ADD_FAILURE() << e.what();
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  ASSERT_EQ(failures.load(), 0);

  const auto records = this->readAudit(*this->store_);
  ASSERT_EQ(static_cast<int>(records.size()), next_message.load());
  for (size_t i = 0; i < records.size(); ++i) {
    ASSERT_EQ(records[i].seq, static_cast<int64_t>(i + 1));
  }
  const AuditVerification verification = verifyAuditChain(*other);
  EXPECT_TRUE(verification.ok) << verification.message;
  EXPECT_EQ(verification.records_checked, next_message.load());
}

TYPED_TEST(StoreContract, TwoInstancesMigratingTogetherAgree) {
  TypeParam fresh;
  auto a = fresh.open();
  auto b = fresh.open();
  std::thread other([&] { b->migrate(); });
  a->migrate();
  other.join();
  a->migrate();  // idempotent
  RegistrySnapshot snapshot = sampleRegistry();
  a->seedRegistry(snapshot);
  EXPECT_EQ(b->loadRegistry().links.size(), 3u);
  EXPECT_EQ(b->registryVersion(), a->registryVersion());
}

}  // namespace
}  // namespace renkei
