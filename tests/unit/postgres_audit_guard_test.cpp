// The audit trail on a real PostgreSQL server: the broker serves as a role that may only read
// and append to the audit tables, migrations run as the owner, the owner's own guards refuse
// rewrites, and what an owner can still do (drop a guard, change a column's type, cut the tail)
// is caught by the verifier.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "broker/audit/audit_checkpointer.h"
#include "broker/audit/audit_verifier.h"
#include "broker/audit/checkpoint_key.h"
#include "broker/store/postgres_store.h"
#include "broker/store/store_factory.h"
#include "tests/support/postgres_test_server.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::makeAuditRecord;
using testing::PostgresTestServer;
using testing::TempDir;

// "" when the statement succeeded, else the server's error.
std::string runAs(const std::string& conninfo, const std::string& sql) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(result);
    }
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

std::string asRole(std::string conninfo, const std::string& role) {
  const auto at = conninfo.find("user=renkei");
  conninfo.replace(at, std::string("user=renkei").size(), "user=" + role);
  return conninfo;
}

class PostgresAuditGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner_ = PostgresTestServer::shared().createDatabase();
    serving_ = asRole(owner_, "broker_app");
    ASSERT_EQ(runAs(owner_,
                    "DO $$ BEGIN CREATE ROLE broker_app LOGIN; "
                    "EXCEPTION WHEN duplicate_object THEN NULL; END $$"),
              "");
    config_.store_kind = "postgresql";
    config_.store_conninfo = serving_;
    config_.store_migrate_conninfo = owner_;
    store_ = openStore(config_);
    RegistrySnapshot snapshot = testing::sampleRegistry();
    store_->seedRegistry(snapshot);
    std::vector<AuditRecord> batch;
    for (int i = 1; i <= 6; ++i) batch.push_back(makeAuditRecord(i));
    store_->appendAudit(batch);
    generateCheckpointKeyPair(dir_.file("cp.key"), dir_.file("cp.pub"));
    AuditCheckpointer(*store_, CheckpointSigner::fromFile(dir_.file("cp.key")), CheckpointOptions{},
                      std::cerr)
        .checkpointNow();
  }

  AuditVerification verifySigned() {
    return verifyAuditTrail(*store_, CheckpointVerifier::fromFile(dir_.file("cp.pub")));
  }

  TempDir dir_;
  std::string owner_;
  std::string serving_;
  BrokerConfig config_;
  std::unique_ptr<Store> store_;
};

TEST_F(PostgresAuditGuardTest, TheServingRoleAppendsAndReadsButCannotRewriteOrUnguard) {
  EXPECT_TRUE(verifySigned().ok);
  for (const char* sql :
       {"UPDATE audit SET outcome = 'routed' WHERE seq = 3", "DELETE FROM audit WHERE seq > 4",
        "TRUNCATE audit", "DROP TRIGGER audit_append_only ON audit",
        "ALTER TABLE audit DISABLE TRIGGER ALL", "DELETE FROM audit_checkpoint",
        "UPDATE audit_checkpoint SET seq = 1"}) {
    EXPECT_NE(runAs(serving_, sql), "") << "the serving role may run: " << sql;
  }
  // The registry stays the broker's to change, and each change lands in the chain.
  EXPECT_EQ(runAs(serving_, "UPDATE registry_version SET version = version + 1"), "");
  const auto link = store_->loadRegistry().links.at(0);
  const int64_t head = store_->auditHead().value_or(Store::AuditHead{}).seq;
  store_->transitionLink(link.id, LinkStatus::kSuspended, ChangeContext{"yamada", "audit", ""});
  AuditRecord last;
  store_->forEachAudit([&](const AuditRecord& r) {
    last = r;
    return true;
  });
  EXPECT_EQ(last.seq, head + 1);
  EXPECT_EQ(last.outcome, "admin");
  EXPECT_EQ(last.operator_id, "yamada");
  EXPECT_TRUE(verifyAuditChain(*store_).ok);
}

TEST_F(PostgresAuditGuardTest, EvenTheOwnerIsStoppedByTheGuards) {
  EXPECT_NE(runAs(owner_, "UPDATE audit SET outcome = 'routed' WHERE seq = 3"), "");
  EXPECT_NE(runAs(owner_, "DELETE FROM audit WHERE seq = 6"), "");
  EXPECT_NE(runAs(owner_, "TRUNCATE audit_checkpoint"), "");
}

TEST_F(PostgresAuditGuardTest, AnOwnerWhoDropsTheGuardsAndCutsTheTailIsCaught) {
  ASSERT_EQ(runAs(owner_,
                  "DROP TRIGGER audit_append_only ON audit; "
                  "DELETE FROM audit WHERE seq > 4"),
            "");
  EXPECT_TRUE(verifyAuditChain(*store_).ok);
  const auto result = verifySigned();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.kind, AuditTamperKind::kDeleted);
  EXPECT_EQ(result.first_bad_seq, 5);
}

TEST_F(PostgresAuditGuardTest, AColumnRetypedToHoldAnEditIsCaught) {
  ASSERT_EQ(runAs(owner_,
                  "DROP TRIGGER audit_append_only ON audit; "
                  "ALTER TABLE audit ALTER COLUMN latency_us TYPE text; "
                  "UPDATE audit SET latency_us = '1003 (edited)' WHERE seq = 3"),
            "");
  const auto result = verifyAuditChain(*store_);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.first_bad_seq, 3);
  EXPECT_NE(result.message.find("latency_us"), std::string::npos) << result.message;
}

TEST_F(PostgresAuditGuardTest, AHalfAddedToANumericLinkIdIsCaught) {
  ASSERT_EQ(runAs(owner_,
                  "DROP TRIGGER audit_append_only ON audit; "
                  "ALTER TABLE audit ALTER COLUMN link_id TYPE numeric; "
                  "UPDATE audit SET link_id = link_id + 0.5 WHERE seq = 2"),
            "");
  const auto result = verifyAuditChain(*store_);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.first_bad_seq, 2);
  EXPECT_NE(result.message.find("link_id"), std::string::npos) << result.message;
}

}  // namespace
}  // namespace renkei
