#include "broker/store/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <set>
#include <string>

#include "broker/audit/audit_hash.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::makeAuditRecord;
using testing::makeLink;
using testing::sampleRegistry;
using testing::TempDir;

std::vector<AuditRecord> readAll(Store& store) {
  std::vector<AuditRecord> records;
  store.forEachAudit([&](const AuditRecord& r) {
    records.push_back(r);
    return true;
  });
  return records;
}

TEST(SqliteStore, RegistryRoundTrip) {
  TempDir dir;
  SqliteStore store(dir.file("renkei.db"));
  store.migrate();
  RegistrySnapshot seeded = sampleRegistry();
  store.seedRegistry(seeded);
  for (const auto& link : seeded.links) EXPECT_GT(link.id, 0);

  const RegistrySnapshot loaded = store.loadRegistry();
  ASSERT_EQ(loaded.units.size(), 4u);
  ASSERT_EQ(loaded.services.size(), 2u);
  ASSERT_EQ(loaded.links.size(), 3u);
  // Units come back ordered by id.
  EXPECT_EQ(loaded.units[0].id, "062014/juki");
  EXPECT_EQ(loaded.units[1].name, "住民基本台帳");
  EXPECT_EQ(loaded.units[1].owner, "情報政策課");
  EXPECT_EQ(loaded.services[0].name, "IdoJohoShokai");
  EXPECT_EQ(loaded.services[1].response_element, "ShikakuJohoShokaiResponse");
  const Link& cross = loaded.links[2];
  EXPECT_EQ(cross.id, seeded.links[2].id);
  EXPECT_EQ(cross.sender, "062014/juki");
  EXPECT_EQ(cross.purpose_name, "国民健康保険の資格管理");
  EXPECT_EQ(cross.legal_basis, "国民健康保険法第9条");
  EXPECT_EQ(cross.status, LinkStatus::kActive);
  EXPECT_EQ(cross.valid_from, "2024-04-01");
  EXPECT_EQ(cross.valid_to, "2027-03-31");
  EXPECT_TRUE(cross.cross_tenant);
  EXPECT_EQ(loaded.links[1].status, LinkStatus::kSuspended);
}

TEST(SqliteStore, SeedingTwiceIsIdempotentAndKeepsIds) {
  TempDir dir;
  SqliteStore store(dir.file("renkei.db"));
  store.migrate();
  store.migrate();  // idempotent too
  RegistrySnapshot first = sampleRegistry();
  store.seedRegistry(first);

  // Same links in another order, one changed in a non-key field, one new.
  RegistrySnapshot second = sampleRegistry();
  std::swap(second.links[0], second.links[2]);
  second.links[1].status = LinkStatus::kActive;
  second.links.push_back(makeLink("062022/juki", "062022/kokuho", "ShikakuJohoShokai", "JUKI-02"));
  store.seedRegistry(second);

  EXPECT_EQ(second.links[0].id, first.links[2].id);
  EXPECT_EQ(second.links[1].id, first.links[1].id);
  EXPECT_EQ(second.links[2].id, first.links[0].id);
  EXPECT_GT(second.links[3].id, first.links[2].id);

  const RegistrySnapshot loaded = store.loadRegistry();
  EXPECT_EQ(loaded.units.size(), 4u);
  EXPECT_EQ(loaded.services.size(), 2u);
  ASSERT_EQ(loaded.links.size(), 4u);
  // After the first seed the store is the truth: the file's "active" does not revive a link
  // the store has as suspended, and the snapshot is told the stored status.
  EXPECT_EQ(loaded.links[1].status, LinkStatus::kSuspended);
  EXPECT_EQ(second.links[1].status, LinkStatus::kSuspended);
}

TEST(SqliteStore, LinkToUnknownUnitIsRefusedWithAClearError) {
  TempDir dir;
  SqliteStore store(dir.file("renkei.db"));
  store.migrate();
  RegistrySnapshot snapshot = sampleRegistry();
  snapshot.links.push_back(makeLink("062022/kokuho", "999999/nowhere", "IdoJohoShokai", "X"));
  try {
    store.seedRegistry(snapshot);
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("999999/nowhere"), std::string::npos) << e.what();
  }
  // The whole seed rolled back.
  EXPECT_TRUE(store.loadRegistry().units.empty());
}

TEST(SqliteStore, AppendAuditChainsAcrossBatchesAndReopening) {
  TempDir dir;
  const std::string path = dir.file("renkei.db");
  {
    SqliteStore store(path);
    store.migrate();
    std::vector<AuditRecord> batch = {makeAuditRecord(1), makeAuditRecord(2), makeAuditRecord(3)};
    store.appendAudit(batch);
    EXPECT_EQ(batch[0].seq, 1);
    EXPECT_EQ(batch[0].prev_hash, "");
    EXPECT_EQ(batch[2].seq, 3);
    EXPECT_EQ(batch[2].prev_hash, batch[1].hash);
    std::vector<AuditRecord> second = {makeAuditRecord(4)};
    store.appendAudit(second);
    EXPECT_EQ(second[0].seq, 4);
    EXPECT_EQ(second[0].prev_hash, batch[2].hash);
    EXPECT_EQ(store.auditTransactions(), 2);
  }
  SqliteStore reopened(path);
  reopened.migrate();
  std::vector<AuditRecord> third = {makeAuditRecord(5), makeAuditRecord(6)};
  reopened.appendAudit(third);

  const auto records = readAll(reopened);
  ASSERT_EQ(records.size(), 6u);
  std::string prev;
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(records[i].prev_hash, prev);
    EXPECT_EQ(records[i].hash, chainHash(records[i]));
    EXPECT_EQ(records[i].hash.size(), 64u);
    prev = records[i].hash;
  }
  // Fields survive the round trip, including an absent link id.
  EXPECT_EQ(records[2].outcome, "refused");
  EXPECT_FALSE(records[2].link_id.has_value());
  EXPECT_EQ(records[3].link_id, std::optional<int64_t>(1));
  EXPECT_EQ(records[5].message_id, "msg-6");
}

TEST(SqliteStore, ForEachAuditPagesThroughLongTrailsAndStopsOnRequest) {
  TempDir dir;
  SqliteStore store(dir.file("renkei.db"));
  store.migrate();
  std::vector<AuditRecord> batch;
  for (int i = 1; i <= 1203; ++i) batch.push_back(makeAuditRecord(i));
  store.appendAudit(batch);
  EXPECT_EQ(readAll(store).size(), 1203u);
  int seen = 0;
  store.forEachAudit([&](const AuditRecord&) { return ++seen < 10; });
  EXPECT_EQ(seen, 10);
}

TEST(SqliteStore, RefusesADatabaseFromANewerBroker) {
  TempDir dir;
  const std::string path = dir.file("renkei.db");
  testing::rawSql(path, "PRAGMA user_version = 999");
  SqliteStore store(path);
  EXPECT_THROW(store.migrate(), StoreError);
}

// The names of the indexes on the audit table, read behind the store's back.
std::set<std::string> auditIndexes(const std::string& path) {
  std::set<std::string> names;
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return names;
  sqlite3_stmt* list = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_index_list('audit')", -1, &list, nullptr) ==
      SQLITE_OK) {
    while (sqlite3_step(list) == SQLITE_ROW) {
      names.insert(reinterpret_cast<const char*>(sqlite3_column_text(list, 0)));
    }
  }
  sqlite3_finalize(list);
  sqlite3_close(db);
  return names;
}

TEST(SqliteStore, TheAuditTrailIsNotIndexedByMessageIdAndAnOperatorsOwnIndexStays) {
  TempDir dir;
  const std::string path = dir.file("renkei.db");
  {
    SqliteStore store(path);
    store.migrate();
  }
  EXPECT_EQ(auditIndexes(path).count("audit_message_id"), 0u);
  EXPECT_EQ(auditIndexes(path).count("audit_link_time"), 1u) << "the reports' index stays";

  // A trail from before migration 9 has it, and loses it on upgrade.
  testing::rawSql(path,
                  "CREATE INDEX audit_message_id ON audit (message_id); PRAGMA user_version = 8");
  {
    SqliteStore store(path);
    store.migrate();
  }
  EXPECT_EQ(auditIndexes(path).count("audit_message_id"), 0u);

  // An investigator who wants it back keeps it: migrations run once.
  testing::rawSql(path, "CREATE INDEX audit_message_id ON audit (message_id)");
  SqliteStore reopened(path);
  reopened.migrate();
  std::vector<AuditRecord> batch = {makeAuditRecord(1)};
  reopened.appendAudit(batch);
  EXPECT_EQ(auditIndexes(path).count("audit_message_id"), 1u);
}

TEST(SqliteStore, OpeningAnUnreachablePathThrowsStoreError) {
  EXPECT_THROW(SqliteStore("/nonexistent-dir/renkei/renkei.db"), StoreError);
}

TEST(AuditHash, Sha256HexOfKnownInput) {
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AuditHash, FieldBoundariesAreUnambiguous) {
  AuditRecord a = makeAuditRecord(1);
  AuditRecord b = a;
  a.sender = "ab";
  a.receiver = "c";
  b.sender = "a";
  b.receiver = "bc";
  EXPECT_NE(chainHash(a), chainHash(b));
  AuditRecord no_link = makeAuditRecord(1);
  no_link.link_id.reset();
  AuditRecord link_zero = no_link;
  link_zero.link_id = 0;
  EXPECT_NE(chainHash(no_link), chainHash(link_zero));
}

}  // namespace
}  // namespace renkei
