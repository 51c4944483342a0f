// The gateway's store contract (adapters/mynumber/gateway_store.h, fukuhon_store.h) on SQLite
// (a temp file) and PostgreSQL (a fresh database of a real test server, opened by its
// postgresql:// URL as `--db` names it): the 符号 map, the chained 情報提供等記録 with signed
// checkpoints, a purge whose evidence is signed, two writers keeping one chain, 副本 batches
// applied once with their history, and a batch cut off midway leaving nothing.
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "adapters/mynumber/gateway_store_factory.h"
#include "broker/audit/audit_checkpointer.h"
#include "broker/audit/checkpoint_key.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/support/postgres_test_server.h"
#include "tests/unit/store_test_support.h"

namespace renkei::mynumber {
namespace {

constexpr const char* kChihozei = "TM00000000000021";

struct SqliteGatewayBackend {
  testing::TempDir dir;
  std::string db = dir.file("gateway.db");
  // SQL behind the store's back, as anyone with write access to the file could.
  void tamper(const std::string& sql) { testing::rawSql(db, sql); }
};

struct PostgresGatewayBackend {
  std::string name = databaseName(testing::PostgresTestServer::shared().createDatabase());
  std::string db = "postgresql://renkei@127.0.0.1:" +
                   std::to_string(testing::PostgresTestServer::shared().port()) + "/" + name;
  void tamper(const std::string& sql) {
    testing::PostgresTestServer::shared().execute(name,
                                                  "SET search_path TO mynumber_gateway; " + sql);
  }
  static std::string databaseName(const std::string& conninfo) {
    return conninfo.substr(conninfo.find("dbname=") + 7);
  }
};

struct BackendNames {
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqliteGatewayBackend> ? "Sqlite" : "Postgres";
  }
};

template <typename Backend>
class GatewayStoreContract : public ::testing::Test {
 protected:
  GatewayStoreContract() { generateCheckpointKeyPair(dir_.file("cp.key"), dir_.file("cp.pub")); }

  ProvisionRecord record(const std::string& date = "2026-12-01") {
    ProvisionRecord r;
    r.record_id = "shokai-" + std::to_string(++counter_);
    r.atena_no = counter_ % 2 == 0 ? "000000000000102" : "000000000000101";
    r.requester = "062022";
    r.provider = "062014";
    r.jimu_code = "JM0030";
    r.jimu_tetsuzuki = "JM0030-01";
    r.items = {kChihozei, "TM00000000000002"};
    r.requested_at = date + "T10:00:00+09:00";
    r.provided_at = date + "T10:00:01+09:00";
    r.result = ProvisionResult::kPartlyWithheld;
    r.detail = "TM00000000000002=F02";
    r.unit = "062022/kokuho";
    return r;
  }
  void checkpoint() {
    std::ostringstream log;
    AuditCheckpointer checkpointer(*records_, CheckpointSigner::fromFile(dir_.file("cp.key")),
                                   CheckpointOptions{}, log);
    ASSERT_TRUE(checkpointer.checkpointNow().has_value()) << log.str();
  }
  ChainCheck verify() {
    const CheckpointVerifier key = CheckpointVerifier::fromFile(dir_.file("cp.pub"));
    return records_->verifyChain(&key);
  }
  std::vector<EntryResult> registerBatch(const std::string& batch,
                                         const std::vector<FukuhonEntry>& entries) {
    return fukuhon_->registerBatch(
        batch, entries, [this](const std::string& atena) { return records_->fugoOf(atena); },
        "2026-12-02T10:00:00+09:00");
  }
  static FukuhonEntry entry(int64_t no, const std::string& atena, const std::string& year,
                            const std::string& amount) {
    return {no, atena, kChihozei, {{"課税年度", year}, {"所得割額", amount}}, ""};
  }

  testing::TempDir dir_;
  Backend backend_;
  std::unique_ptr<GatewayStore> records_ = openGatewayStore(backend_.db);
  std::unique_ptr<FukuhonStore> fukuhon_ = openFukuhonStore(backend_.db);
  int counter_ = 0;
};

using Backends = ::testing::Types<SqliteGatewayBackend, PostgresGatewayBackend>;
TYPED_TEST_SUITE(GatewayStoreContract, Backends, BackendNames);

TYPED_TEST(GatewayStoreContract, AFugoIsKeptOnceAndFoundBothWays) {
  EXPECT_FALSE(this->records_->fugoOf("000000000000101"));
  EXPECT_TRUE(this->records_->rememberFugo("000000000000101", "FUGO-A", "t1"));
  EXPECT_FALSE(this->records_->rememberFugo("000000000000101", "FUGO-B", "t2"));
  EXPECT_EQ(this->records_->fugoOf("000000000000101"), "FUGO-A");
  EXPECT_EQ(this->records_->atenaOf("FUGO-A"), "000000000000101");
  EXPECT_FALSE(this->records_->atenaOf("FUGO-B"));
}

TYPED_TEST(GatewayStoreContract, RecordsAreChainedAndReadBackAsWritten) {
  const ProvisionRecord first = this->records_->append(this->record("2026-11-30"));
  this->records_->append(this->record("2026-12-01"));
  this->records_->append(this->record("2026-12-02"));
  EXPECT_EQ(first.seq, 1);
  EXPECT_TRUE(first.prev_hash.empty());
  const auto all = this->records_->allRecords();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].prev_hash, all[0].hash);
  EXPECT_EQ(all[0].items, first.items);
  EXPECT_EQ(all[0].result, ProvisionResult::kPartlyWithheld);
  EXPECT_EQ(all[0].hash, provisionRecordHash(all[0])) << "every field read back as hashed";
  EXPECT_EQ(this->records_->recordsFor("000000000000101").size(), 2u);
  EXPECT_EQ(this->records_->recordsFor("000000000000101", "2026-12-01", "").size(), 1u);
  EXPECT_EQ(this->records_->recordsFor("000000000000101", "", "2026-11-30").size(), 1u);
  EXPECT_EQ(this->records_->chainHead()->seq, 3);
  EXPECT_TRUE(this->records_->verifyChain().ok());
}

TYPED_TEST(GatewayStoreContract, APurgeSignsItsEvidenceAndAnEditToItIsReported) {
  for (int i = 0; i < 3; ++i) this->records_->append(this->record("2018-01-01"));
  for (int i = 0; i < 2; ++i) this->records_->append(this->record());
  this->checkpoint();
  EXPECT_EQ(this->records_->signedThrough(), 5);
  const CheckpointSigner signer = CheckpointSigner::fromFile(this->dir_.file("cp.key"));
  const PurgeResult purged = this->records_->purgeBefore("2019-12-02", "情報政策課",
                                                         "2026-12-02T01:00:00Z", &signer, "gw");
  EXPECT_EQ(purged.count, 3);
  EXPECT_EQ(purged.last_seq, 3);
  EXPECT_TRUE(purged.signed_anchor);
  EXPECT_EQ(this->records_->allRecords().front().seq, 4);
  ASSERT_EQ(this->records_->purges().size(), 1u);
  EXPECT_EQ(this->records_->purges()[0].actor, "情報政策課");
  ChainCheck check = this->verify();
  EXPECT_TRUE(check.ok()) << check.reason;
  EXPECT_EQ(check.purged_through, 3);
  EXPECT_EQ(check.signed_through, 5);

  this->backend_.tamper("UPDATE provision_purges SET cutoff = '2026-01-01'");
  check = this->verify();
  EXPECT_EQ(check.problem, ChainProblem::kAltered) << check.reason;
  this->backend_.tamper("UPDATE provision_purges SET cutoff = '2019-12-02'");
  EXPECT_TRUE(this->verify().ok());

  this->backend_.tamper("DELETE FROM provision_records WHERE seq = 5");
  check = this->verify();
  EXPECT_EQ(check.problem, ChainProblem::kTruncated) << check.reason;
}

TYPED_TEST(GatewayStoreContract, TwoStoresAppendingAtOnceKeepOneChain) {
  auto other = openGatewayStore(this->backend_.db);
  std::thread t([&] {
    for (int i = 0; i < 20; ++i) {
      ProvisionRecord r = this->record();
      r.record_id = "other-" + std::to_string(i);
      other->append(r);
    }
  });
  for (int i = 0; i < 20; ++i) {
    ProvisionRecord r = this->record();
    r.record_id = "this-" + std::to_string(i);
    this->records_->append(r);
  }
  t.join();
  const auto all = this->records_->allRecords();
  ASSERT_EQ(all.size(), 40u);
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].seq, static_cast<int64_t>(i + 1));
  const ChainCheck check = this->records_->verifyChain();
  EXPECT_TRUE(check.ok()) << check.reason;
}

TYPED_TEST(GatewayStoreContract, ABatchIsAppliedOnceAndARefreshKeepsTheVersionItReplaces) {
  this->records_->rememberFugo("000000000000101", "FUGO-101", "t");
  const auto first =
      this->registerBatch("B-2025", {this->entry(1, "000000000000101", "2025", "1")});
  EXPECT_EQ(first.at(0).outcome, EntryOutcome::kRegistered);
  EXPECT_EQ(first.at(0).version, 1);
  const auto again =
      this->registerBatch("B-2025", {this->entry(1, "000000000000101", "2025", "1")});
  EXPECT_EQ(again.at(0).outcome, EntryOutcome::kAlreadyApplied);
  const auto other =
      this->registerBatch("B-2025", {this->entry(1, "000000000000101", "2025", "9")});
  EXPECT_EQ(other.at(0).outcome, EntryOutcome::kResentDifferently);
  const auto no_fugo =
      this->registerBatch("B-2025", {this->entry(2, "000000000000199", "2025", "1")});
  EXPECT_EQ(no_fugo.at(0).outcome, EntryOutcome::kNoFugo);

  const auto refreshed =
      this->registerBatch("B-2026", {this->entry(1, "000000000000101", "2026", "2")});
  EXPECT_EQ(refreshed.at(0).version, 2);
  const auto row = this->fukuhon_->find("FUGO-101", kChihozei);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->values.at(0).second, "2026");
  EXPECT_EQ(row->batch_id, "B-2026");
  const auto earlier = this->fukuhon_->earlierVersions("FUGO-101", kChihozei);
  ASSERT_EQ(earlier.size(), 1u);
  EXPECT_EQ(earlier[0].version, 1);
  EXPECT_EQ(earlier[0].values.at(0).second, "2025");
  EXPECT_EQ(earlier[0].replaced_at, "2026-12-02T10:00:00+09:00");
  EXPECT_EQ(this->fukuhon_->rowCount(), 1);
  EXPECT_EQ(this->fukuhon_->list("000000000000101", "").size(), 1u);
  const auto history = this->fukuhon_->listWithHistory("", kChihozei);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].version, 2) << "newest first";
  EXPECT_TRUE(history[0].replaced_at.empty());
}

TYPED_TEST(GatewayStoreContract, ABatchCutOffMidwayLeavesNothingAndItsResendAppliesOnce) {
  this->records_->rememberFugo("000000000000101", "FUGO-101", "t");
  this->records_->rememberFugo("000000000000102", "FUGO-102", "t");
  this->registerBatch("B-1", {this->entry(1, "000000000000101", "2025", "1")});
  const std::vector<FukuhonEntry> batch = {this->entry(1, "000000000000101", "2026", "2"),
                                           this->entry(2, "000000000000102", "2026", "3")};
  // The gateway dies while the batch's second entry is being applied.
  int calls = 0;
  EXPECT_THROW(this->fukuhon_->registerBatch(
                   "B-2", batch,
                   [&](const std::string& atena) -> std::optional<std::string> {
                     if (++calls == 2) throw std::runtime_error("killed mid-batch");
                     return this->records_->fugoOf(atena);
                   },
                   "t"),
               std::runtime_error);
  EXPECT_EQ(this->fukuhon_->find("FUGO-101", kChihozei)->version, 1) << "nothing of B-2 kept";
  EXPECT_TRUE(this->fukuhon_->earlierVersions("FUGO-101", kChihozei).empty());
  EXPECT_EQ(this->fukuhon_->rowCount(), 1);

  for (int attempt = 0; attempt < 2; ++attempt) this->registerBatch("B-2", batch);
  EXPECT_EQ(this->fukuhon_->find("FUGO-101", kChihozei)->version, 2);
  EXPECT_EQ(this->fukuhon_->earlierVersions("FUGO-101", kChihozei).size(), 1u);
  EXPECT_EQ(this->fukuhon_->find("FUGO-102", kChihozei)->version, 1);
  EXPECT_EQ(this->fukuhon_->rowCount(), 2);
}

TYPED_TEST(GatewayStoreContract, TheCliReadsTheStoreWhereDbNamesIt) {
  this->records_->rememberFugo("000000000000101", "FUGO-101", "t");
  this->records_->append(this->record());
  this->checkpoint();
  this->registerBatch("B-1", {this->entry(1, "000000000000101", "2026", "187200")});
  const std::string db = "--db '" + this->backend_.db + "'";
  const auto verify = testing::runRenkeiCommand("mynumber records verify " + db + " --key " +
                                                this->dir_.file("cp.pub"));
  EXPECT_EQ(verify.status, 0) << verify.text;
  EXPECT_NE(verify.text.find("OK, 1 record(s)"), std::string::npos) << verify.text;
  const auto records =
      testing::runRenkeiCommand("mynumber records " + db + " --person 000000000000101");
  EXPECT_EQ(records.status, 0) << records.text;
  EXPECT_NE(records.text.find("1 record(s)"), std::string::npos) << records.text;
  const auto fukuhon =
      testing::runRenkeiCommand("mynumber fukuhon " + db + " --person 000000000000101 --values");
  EXPECT_EQ(fukuhon.status, 0) << fukuhon.text;
  EXPECT_NE(fukuhon.text.find("所得割額=187200"), std::string::npos) << fukuhon.text;
}

}  // namespace
}  // namespace renkei::mynumber
