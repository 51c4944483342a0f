// What only the PostgreSQL store has: connection errors, schema version bookkeeping, recovery
// from a lost server connection. The shared behaviour is in store_contract_test.cpp.
#include "broker/store/postgres_store.h"

#include <gtest/gtest.h>

#include "broker/store/postgres_schema.h"
#include "tests/support/postgres_test_server.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::PostgresTestServer;

std::string dbnameOf(const std::string& conninfo) {
  return conninfo.substr(conninfo.rfind('=') + 1);
}

TEST(PostgresStore, ConnectionErrorsNameTheServerButNeverThePassword) {
  try {
    PostgresStore store("host=127.0.0.1 port=1 dbname=renkei user=broker password=s3cr3t-pw");
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("connecting to PostgreSQL"), std::string::npos) << message;
    EXPECT_NE(message.find("port=1"), std::string::npos) << message;
    EXPECT_NE(message.find("dbname=renkei"), std::string::npos) << message;
    EXPECT_EQ(message.find("s3cr3t-pw"), std::string::npos) << message;
  }
  try {
    PostgresStore store("postgresql://broker:s3cr3t-pw@127.0.0.1:1/renkei");
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cr3t-pw"), std::string::npos) << e.what();
  }
}

TEST(PostgresStore, RecordsEachMigrationAndRefusesANewerDatabase) {
  auto& server = PostgresTestServer::shared();
  const std::string conninfo = server.createDatabase();
  PostgresStore store(conninfo);
  store.migrate();
  store.migrate();
  // A broker from the future has been here: this one must not touch the schema.
  server.execute(dbnameOf(conninfo), "INSERT INTO schema_version (version) VALUES (999)");
  try {
    store.migrate();
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("999"), std::string::npos) << e.what();
  }
}

TEST(PostgresStore, TheAuditTrailIsNotIndexedByMessageId) {
  auto& server = PostgresTestServer::shared();
  const std::string conninfo = server.createDatabase();
  PostgresStore store(conninfo);
  store.migrate();
  // A trail from before migration 10 had it: put it back, step the version back, migrate again.
  server.execute(dbnameOf(conninfo),
                 "CREATE INDEX audit_message_id ON audit (message_id); "
                 "DELETE FROM schema_version WHERE version = 10");
  store.migrate();
  // Raises (execute throws) when the audit table has an index of that name.
  auto check_absent = [&](const std::string& index) {
    server.execute(dbnameOf(conninfo),
                   "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_indexes WHERE tablename = 'audit' "
                   "AND indexname = '" +
                       index + "') THEN RAISE EXCEPTION 'index " + index +
                       " is there'; END IF; END $$");
  };
  EXPECT_NO_THROW(check_absent("audit_message_id"));
  EXPECT_THROW(check_absent("audit_link_time"), std::runtime_error) << "the reports' index stays";
}

TEST(PostgresStore, RecoversAfterTheServerDropsItsConnections) {
  auto& server = PostgresTestServer::shared();
  const std::string conninfo = server.createDatabase();
  PostgresStore store(conninfo);
  store.migrate();
  RegistrySnapshot snapshot = testing::sampleRegistry();
  store.seedRegistry(snapshot);
  std::vector<AuditRecord> batch = {testing::makeAuditRecord(1)};
  store.appendAudit(batch);

  // What a server restart or failover looks like from the broker's side.
  server.execute("postgres",
                 "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                     dbnameOf(conninfo) + "'");
  // Dead pooled connections are noticed (dropped while idle, or retried once on a fresh
  // connection): the first request after a restart does not fail.
  EXPECT_NO_THROW(store.registryVersion());
  EXPECT_EQ(store.loadRegistry().links.size(), 3u);
  server.execute("postgres",
                 "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                     dbnameOf(conninfo) + "'");
  std::vector<AuditRecord> after = {testing::makeAuditRecord(2)};
  EXPECT_NO_THROW(store.appendAudit(after));
  EXPECT_NO_THROW(store.ping(std::chrono::milliseconds(1000)));
  EXPECT_EQ(after[0].seq, batch[0].seq + 1);  // the chain goes on where it was
}

TEST(PostgresStore, AnAuditCommitPastItsDeadlineIsRefusedByTheServer) {
  auto& server = PostgresTestServer::shared();
  const std::string conninfo = server.createDatabase();
  PostgresStore store(conninfo);
  store.migrate();
  // Too little time left to commit safely: refused before anything is sent.
  std::vector<AuditRecord> late = {testing::makeAuditRecord(1)};
  EXPECT_THROW(store.appendAuditBefore(
                   late, std::chrono::steady_clock::now() + std::chrono::milliseconds(50)),
               StoreError);
  // What a server resumed after SIGSTOP does with a COMMIT it reads too late: the deferred
  // trigger refuses it.
  EXPECT_THROW(server.execute(dbnameOf(conninfo),
                              "BEGIN; SELECT set_config('renkei.commit_by', "
                              "(clock_timestamp() - interval '1 second')::text, true); "
                              "INSERT INTO audit VALUES (1, 't', 'm', 's', 'r', 'x', 'p', NULL, "
                              "'routed', '', 0, 'a', 'b', '', 'h'); COMMIT"),
               std::runtime_error);
  std::vector<AuditRecord> in_time = {testing::makeAuditRecord(2)};
  store.appendAuditBefore(in_time, std::chrono::steady_clock::now() + std::chrono::seconds(2));
  int count = 0;
  store.forEachAudit([&](const AuditRecord&) { return ++count, true; });
  EXPECT_EQ(count, 1);
}

// What the audit writer asks after a COMMIT whose answer was lost: did this batch land?
TEST(PostgresStore, AuditHashAtTellsWhichRecordIsAtASeq) {
  auto& server = PostgresTestServer::shared();
  PostgresStore store(server.createDatabase());
  store.migrate();
  std::vector<AuditRecord> batch = {testing::makeAuditRecord(1), testing::makeAuditRecord(2)};
  store.appendAudit(batch);
  const std::chrono::milliseconds timeout(2000);
  EXPECT_EQ(store.auditHashAt(batch[0].seq, timeout), batch[0].hash);
  EXPECT_EQ(store.auditHashAt(batch[1].seq, timeout), batch[1].hash);
  EXPECT_NE(batch[0].hash, batch[1].hash);
  EXPECT_EQ(store.auditHashAt(batch[1].seq + 1, timeout), std::nullopt);
}

}  // namespace
}  // namespace renkei
