// Evidence that survives its administrator, on real SQLite files and real Ed25519 keys: the
// append-only guards, strict column types, and signed checkpoints catching what the chain alone
// cannot (deleted tail, edit with the chain recomputed, forged checkpoint), also after the
// attacker dropped every trigger.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "broker/audit/audit_checkpointer.h"
#include "broker/audit/audit_hash.h"
#include "broker/audit/audit_verifier.h"
#include "broker/audit/checkpoint_key.h"
#include "broker/store/sqlite_store.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::kDropAuditGuards;
using testing::makeAuditRecord;
using testing::rawSql;
using testing::TempDir;

CheckpointOptions options(int64_t every_records, std::chrono::milliseconds every) {
  CheckpointOptions o;
  o.every_records = every_records;
  o.every = every;
  o.instance_id = "broker-a:8080";
  return o;
}

bool sqlRefused(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc != SQLITE_OK;
}

class AuditEvidenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.migrate();
    generateCheckpointKeyPair(dir_.file("cp.key"), dir_.file("cp.pub"));
  }

  void append(int from, int to) {
    std::vector<AuditRecord> batch;
    for (int i = from; i <= to; ++i) batch.push_back(makeAuditRecord(i));
    store_.appendAudit(batch);
  }

  AuditCheckpointer checkpointer() {
    return AuditCheckpointer(store_, CheckpointSigner::fromFile(dir_.file("cp.key")),
                             options(1000, std::chrono::seconds(60)), std::cerr);
  }

  AuditVerification verifySigned() {
    return verifyAuditTrail(store_, CheckpointVerifier::fromFile(dir_.file("cp.pub")));
  }

  TempDir dir_;
  std::string path_ = dir_.file("audit.db");
  SqliteStore store_{path_};
};

TEST_F(AuditEvidenceTest, TriggersRefuseUpdateAndDeleteOfRecordsAndCheckpoints) {
  append(1, 3);
  checkpointer().checkpointNow();
  EXPECT_TRUE(sqlRefused(path_, "UPDATE audit SET outcome = 'routed' WHERE seq = 2"));
  EXPECT_TRUE(sqlRefused(path_, "DELETE FROM audit WHERE seq = 3"));
  EXPECT_TRUE(sqlRefused(path_, "UPDATE audit_checkpoint SET seq = 2"));
  EXPECT_TRUE(sqlRefused(path_, "DELETE FROM audit_checkpoint"));
  EXPECT_TRUE(verifySigned().ok);
}

TEST_F(AuditEvidenceTest, RecordsCarryWhoActedAndVerify) {
  append(1, 4);
  std::vector<AuditRecord> records;
  store_.forEachAudit([&](const AuditRecord& r) {
    records.push_back(r);
    return true;
  });
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].operator_id, "kokuho-clerk-0");
  EXPECT_EQ(records[1].case_reference, "R7-0042");
  EXPECT_EQ(records[1].instance_id, "broker-a:8080");
  EXPECT_EQ(records[1].format, kAuditFormatCurrent);
  EXPECT_TRUE(verifyAuditChain(store_).ok);
}

TEST_F(AuditEvidenceTest, OldFormatRecordsStillVerifyAndCannotFollowNewOnes) {
  std::vector<AuditRecord> old_batch;
  for (int i = 1; i <= 3; ++i) {
    old_batch.push_back(makeAuditRecord(i));
    old_batch.back().format = kAuditFormatV1;
  }
  store_.appendAudit(old_batch);
  append(4, 6);
  EXPECT_TRUE(verifyAuditChain(store_).ok);

  // Downgrading a new record to format 1 drops who acted from its hash: refused by name.
  AuditRecord five;
  store_.forEachAudit([&](const AuditRecord& r) {
    if (r.seq == 5) five = r;
    return r.seq < 5;
  });
  five.format = kAuditFormatV1;
  five.operator_id = "someone-else";
  rawSql(path_, std::string(kDropAuditGuards) +
                    "UPDATE audit SET format = 1, operator_id = 'someone-else', hash = '" +
                    chainHash(five) + "' WHERE seq = 5");
  const auto result = verifyAuditChain(store_);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.first_bad_seq, 5);
}

TEST_F(AuditEvidenceTest, TextInAnIntegerColumnIsAnEditNamedBySeq) {
  append(1, 6);
  rawSql(path_, std::string(kDropAuditGuards) +
                    "UPDATE audit SET latency_us = '1005 (edited)' WHERE seq = 5");
  const auto result = verifyAuditChain(store_);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.first_bad_seq, 5);
  EXPECT_EQ(result.kind, AuditTamperKind::kEdited);
  EXPECT_NE(result.message.find("latency_us"), std::string::npos) << result.message;
}

TEST_F(AuditEvidenceTest, ARealNumberInAnIntegerColumnIsAnEditNamedBySeq) {
  append(1, 6);
  rawSql(path_,
         std::string(kDropAuditGuards) + "UPDATE audit SET link_id = link_id + 0.5 WHERE seq = 4");
  const auto result = verifyAuditChain(store_);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.first_bad_seq, 4);
  EXPECT_NE(result.message.find("link_id"), std::string::npos) << result.message;
}

TEST_F(AuditEvidenceTest, DeletedTailIsCaughtByTheLastCheckpoint) {
  append(1, 10);
  checkpointer().checkpointNow();
  rawSql(path_, std::string(kDropAuditGuards) + "DELETE FROM audit WHERE seq > 7");
  EXPECT_TRUE(verifyAuditChain(store_).ok);  // the chain alone cannot tell
  const auto result = verifySigned();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.kind, AuditTamperKind::kDeleted);
  EXPECT_EQ(result.first_bad_seq, 8);
  EXPECT_NE(result.message.find("records 8 to 10 were deleted"), std::string::npos)
      << result.message;
}

TEST_F(AuditEvidenceTest, EditWithRecomputedChainIsCaughtByTheCheckpointSignature) {
  append(1, 5);
  auto cp = checkpointer();
  cp.checkpointNow();
  append(6, 10);
  cp.checkpointNow();
  // Rewrite record 7 and every hash after it, as a careful attacker would.
  std::vector<AuditRecord> records;
  store_.forEachAudit([&](const AuditRecord& r) {
    records.push_back(r);
    return true;
  });
  records[6].outcome = "refused";
  std::string sql = kDropAuditGuards;
  for (size_t i = 6; i < records.size(); ++i) {
    records[i].prev_hash = records[i - 1].hash;
    records[i].hash = chainHash(records[i]);
    sql += "UPDATE audit SET outcome = '" + records[i].outcome + "', prev_hash = '" +
           records[i].prev_hash + "', hash = '" + records[i].hash +
           "' WHERE seq = " + std::to_string(records[i].seq) + ";";
  }
  rawSql(path_, sql);
  EXPECT_TRUE(verifyAuditChain(store_).ok);
  const auto result = verifySigned();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.kind, AuditTamperKind::kEdited);
  EXPECT_EQ(result.first_bad_seq, 6);  // after the last record a checkpoint still vouches for
  EXPECT_NE(result.message.find("records 6 to 10"), std::string::npos) << result.message;
}

TEST_F(AuditEvidenceTest, ForgedCheckpointIsRefused) {
  append(1, 5);
  checkpointer().checkpointNow();
  // Claims a longer trail than was signed: the signature no longer matches.
  rawSql(path_, std::string(kDropAuditGuards) + "UPDATE audit_checkpoint SET seq = 4");
  const auto result = verifySigned();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.kind, AuditTamperKind::kForged);
  EXPECT_NE(result.message.find("invalid signature"), std::string::npos) << result.message;
}

TEST_F(AuditEvidenceTest, CheckpointSignedWithAnotherKeyIsRefused) {
  append(1, 5);
  generateCheckpointKeyPair(dir_.file("other.key"), dir_.file("other.pub"));
  AuditCheckpointer other(store_, CheckpointSigner::fromFile(dir_.file("other.key")),
                          CheckpointOptions{}, std::cerr);
  other.checkpointNow();
  const auto result = verifySigned();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.kind, AuditTamperKind::kForged);
}

TEST_F(AuditEvidenceTest, AllCheckpointsDeletedLeavesTheTrailUnsigned) {
  append(1, 5);
  checkpointer().checkpointNow();
  rawSql(path_, std::string(kDropAuditGuards) + "DELETE FROM audit_checkpoint");
  const auto result = verifySigned();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.kind, AuditTamperKind::kUnsigned);
}

TEST_F(AuditEvidenceTest, RecordsAfterTheLastCheckpointAreReportedNotFailed) {
  append(1, 5);
  checkpointer().checkpointNow();
  append(6, 8);
  const auto result = verifySigned();
  EXPECT_TRUE(result.ok) << result.message;
  EXPECT_EQ(result.signed_through_seq, 5);
  EXPECT_EQ(result.records_checked, 8);
}

TEST_F(AuditEvidenceTest, CheckpointerSignsEveryNRecordsAndAtStop) {
  AuditCheckpointer cp(store_, CheckpointSigner::fromFile(dir_.file("cp.key")),
                       options(5, std::chrono::seconds(3600)), std::cerr);
  cp.start();
  append(1, 6);
  for (int i = 0; i < 50 && store_.auditCheckpoints().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(store_.auditCheckpoints().size(), 1u);
  EXPECT_EQ(store_.auditCheckpoints()[0].seq, 6);
  append(7, 8);
  cp.stop();  // below N, but a clean stop signs the head
  const auto checkpoints = store_.auditCheckpoints();
  ASSERT_EQ(checkpoints.size(), 2u);
  EXPECT_EQ(checkpoints[1].seq, 8);
  EXPECT_EQ(checkpoints[1].instance_id, "broker-a:8080");
  EXPECT_TRUE(verifySigned().ok);
}

TEST_F(AuditEvidenceTest, RegistryChangesAreRecordsOfTheSameChain) {
  RegistrySnapshot registry = testing::sampleRegistry();
  store_.seedRegistry(registry);  // one record per seeded link, actor "config"
  append(1, 2);
  store_.transitionLink(registry.links[0].id, LinkStatus::kSuspended,
                        ChangeContext{"情報政策課 山田", "監査のため", ""});
  append(3, 3);
  std::vector<AuditRecord> records;
  store_.forEachAudit([&](const AuditRecord& r) {
    records.push_back(r);
    return true;
  });
  const size_t seeded = registry.links.size();
  ASSERT_EQ(records.size(), seeded + 4);
  for (size_t i = 0; i < seeded; ++i) {
    EXPECT_EQ(records[i].outcome, "admin");
    EXPECT_EQ(records[i].purpose, "created");
    EXPECT_EQ(records[i].operator_id, "config");
    EXPECT_EQ(records[i].link_id, registry.links[i].id);
  }
  const AuditRecord& suspended = records[seeded + 2];
  EXPECT_EQ(suspended.outcome, "admin");
  EXPECT_EQ(suspended.purpose, "suspended");
  EXPECT_EQ(suspended.operator_id, "情報政策課 山田");
  EXPECT_EQ(suspended.link_id, registry.links[0].id);
  checkpointer().checkpointNow();
  EXPECT_TRUE(verifySigned().ok);
  // Rewriting who did it breaks the chain like any other edit.
  rawSql(path_, std::string(kDropAuditGuards) +
                    "UPDATE audit SET operator_id = 'someone' "
                    "WHERE seq = " +
                    std::to_string(suspended.seq));
  const auto result = verifySigned();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.first_bad_seq, suspended.seq);
}

TEST(AuditMigration, ATrailFromBeforeWhoActedVerifiesAndGrowsInTheNewFormat) {
  TempDir dir;
  const std::string path = dir.file("old.db");
  // The audit table as schema version 2 had it, with two records of chain format 1, and the
  // tables later migrations alter.
  std::string sql = R"sql(
CREATE TABLE audit (seq INTEGER PRIMARY KEY, time TEXT NOT NULL, message_id TEXT NOT NULL,
  sender TEXT NOT NULL, receiver TEXT NOT NULL, service TEXT NOT NULL, purpose TEXT NOT NULL,
  link_id INTEGER, outcome TEXT NOT NULL, fault_code TEXT NOT NULL, latency_us INTEGER NOT NULL,
  request_sha256 TEXT NOT NULL, response_sha256 TEXT NOT NULL, prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE TABLE units (id TEXT PRIMARY KEY);
CREATE TABLE links (id INTEGER PRIMARY KEY, status TEXT NOT NULL);
CREATE TABLE link_history (seq INTEGER PRIMARY KEY, link_id INTEGER NOT NULL, at TEXT NOT NULL,
  actor TEXT NOT NULL, action TEXT NOT NULL, from_status TEXT NOT NULL, to_status TEXT NOT NULL,
  reason TEXT NOT NULL);
PRAGMA user_version = 2;
)sql";
  std::string prev;
  for (int i = 1; i <= 2; ++i) {
    AuditRecord r = makeAuditRecord(i);
    r.format = kAuditFormatV1;
    r.operator_id = r.case_reference = r.peer_address = r.instance_id = "";
    r.seq = i;
    r.prev_hash = prev;
    r.hash = chainHash(r);
    prev = r.hash;
    sql += "INSERT INTO audit VALUES (" + std::to_string(i) + ", '" + r.time + "', '" +
           r.message_id + "', '" + r.sender + "', '" + r.receiver + "', '" + r.service + "', '" +
           r.purpose + "', 1, '" + r.outcome + "', '" + r.fault_code + "', " +
           std::to_string(r.latency_us) + ", '" + r.request_sha256 + "', '" + r.response_sha256 +
           "', '" + r.prev_hash + "', '" + r.hash + "');";
  }
  rawSql(path, sql);
  SqliteStore store(path);
  store.migrate();
  std::vector<AuditRecord> batch{makeAuditRecord(3)};
  store.appendAudit(batch);
  const auto result = verifyAuditChain(store);
  EXPECT_TRUE(result.ok) << result.message;
  EXPECT_EQ(result.records_checked, 3);
  int formats[4] = {};
  store.forEachAudit([&](const AuditRecord& r) {
    formats[r.seq] = r.format;
    return true;
  });
  EXPECT_EQ(formats[1], kAuditFormatV1);
  EXPECT_EQ(formats[3], kAuditFormatV2);
}

TEST(CheckpointKey, PrivateKeyReadableByOthersIsRefusedNamingTheFile) {
  TempDir dir;
  generateCheckpointKeyPair(dir.file("k.key"), dir.file("k.pub"));
  struct stat st {};
  ASSERT_EQ(stat(dir.file("k.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  chmod(dir.file("k.key").c_str(), 0640);
  try {
    CheckpointSigner::fromFile(dir.file("k.key"));
    FAIL() << "a group-readable key was accepted";
  } catch (const KeyFileError& e) {
    EXPECT_NE(std::string(e.what()).find(dir.file("k.key")), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("0640"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("PRIVATE KEY"), std::string::npos);
  }
}

TEST(CheckpointKey, KeygenNeverOverwritesAKey) {
  TempDir dir;
  generateCheckpointKeyPair(dir.file("k.key"), dir.file("k.pub"));
  EXPECT_THROW(generateCheckpointKeyPair(dir.file("k.key"), dir.file("k2.pub")), KeyFileError);
}

TEST(CheckpointKey, KeyMadeByTheOpensslCommandSignsAndVerifies) {
  TempDir dir;
  const std::string key = dir.file("ossl.key");
  const std::string pub = dir.file("ossl.pub");
  ASSERT_EQ(std::system(("umask 077 && openssl genpkey -algorithm ed25519 -out " + key +
                         " && openssl pkey -in " + key + " -pubout -out " + pub)
                            .c_str()),
            0);
  const auto signer = CheckpointSigner::fromFile(key);
  const auto verifier = CheckpointVerifier::fromFile(pub);
  EXPECT_EQ(signer.keyId(), verifier.keyId());
  const std::string sig = signer.sign("payload");
  EXPECT_TRUE(verifier.verify("payload", sig));
  EXPECT_FALSE(verifier.verify("payloaD", sig));
}

TEST(CheckpointKey, ARsaKeyIsRefusedAsNotEd25519) {
  TempDir dir;
  const std::string key = dir.file("rsa.key");
  ASSERT_EQ(std::system(("umask 077 && openssl genpkey -algorithm rsa -pkeyopt "
                         "rsa_keygen_bits:1024 -out " +
                         key + " 2>/dev/null")
                            .c_str()),
            0);
  EXPECT_THROW(CheckpointSigner::fromFile(key), KeyFileError);
}

}  // namespace
}  // namespace renkei
