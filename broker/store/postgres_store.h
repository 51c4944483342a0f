#pragma once
// The Store on PostgreSQL, for several broker instances sharing one database (scale-out behind
// a load balancer; PostgreSQL's own replication gives HA). Everything that must stay consistent
// across instances is decided inside the database, never in process memory:
//  - the audit chain head is read and extended under a transaction-scoped advisory lock, so
//    batches from every instance form one gapless chain;
//  - registry changes lock the registry_version row first, which serializes them across
//    instances and raises the version in the same commit that changes the data;
//  - transitionLink checks the stored status under that lock, so two racing admins cannot both
//    win.
// Thread-safe. Registry and read work share one small pool; audit appends have their own
// connections so a long report or verification never delays an acknowledgement.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "broker/store/postgres_pool.h"
#include "broker/store/store.h"

namespace renkei {

struct PostgresStoreOptions {
  size_t pool_size = 4;        // registry and reads
  size_t audit_pool_size = 2;  // appendAudit only
};

class PostgresStore : public Store {
 public:
  // `conninfo` is a libpq connection string or URI ("host=... dbname=... user=..."). Connects
  // once at construction so a wrong address or password fails at start, not at the first
  // message. Call migrate() before anything else.
  explicit PostgresStore(const std::string& conninfo,
                         PostgresStoreOptions options = PostgresStoreOptions());

  void migrate() override;
  // The role this store connects as (SELECT current_user).
  std::string currentRole();
  // As the schema owner: lets `role` serve (postgres_grants.h).
  void grantServingRole(const std::string& role);
  void seedRegistry(RegistrySnapshot& snapshot) override;
  RegistrySnapshot loadRegistry() override;
  Link createLink(const Link& link, const ChangeContext& change) override;
  LinkEdit updateLinkDetails(const Link& link, const ChangeContext& change) override;
  Link recordLinkReview(int64_t link_id, const std::string& next_review_date,
                        const ChangeContext& change) override;
  Link transitionLink(int64_t link_id, LinkStatus to, const ChangeContext& change) override;
  std::optional<Link> findLink(int64_t link_id) override;
  std::vector<LinkChange> linkHistory(int64_t link_id) override;
  int64_t registryVersion() override;
  std::vector<AdminUser> adminUsers() override;
  void createAdminUser(const AdminUser& user, AuditRecord record) override;
  void updateAdminUser(const AdminUser& user, AuditRecord record) override;
  void addWebSession(const WebSessionRow& session) override;
  std::optional<WebSessionRow> findWebSession(const std::string& token_sha256) override;
  void touchWebSession(const std::string& token_sha256, int64_t last_used_ms) override;
  std::string deleteWebSession(const std::string& token_sha256) override;
  int64_t deleteIdleWebSessions(int64_t idle_since_ms) override;
  void appendAudit(std::vector<AuditRecord>& batch) override;
  void appendAuditBefore(std::vector<AuditRecord>& batch,
                         std::chrono::steady_clock::time_point commit_by) override;
  std::optional<std::string> auditHashAt(int64_t seq, std::chrono::milliseconds timeout) override;
  void ping(std::chrono::milliseconds timeout) override;
  std::optional<AuditHead> auditHead() override;
  void appendCheckpoint(AuditCheckpoint& checkpoint) override;
  std::vector<AuditCheckpoint> auditCheckpoints() override;
  std::vector<AuditRecord> auditRecordsWithMessageId(const std::string& message_id) override;
  // Reads in pages, borrowing a connection per page and calling `visit` without one, so the
  // visitor may call back into the store.
  void forEachAuditAfter(int64_t after_seq,
                         const std::function<bool(const AuditRecord&)>& visit) override;
  // Replay claims live in message_claims, shared and durable: nothing to prime from the trail.
  bool sharesReplayClaims() const override { return true; }
  bool claimMessage(const std::string& sender, const std::string& message_id,
                    std::chrono::seconds retention,
                    std::chrono::steady_clock::time_point until) override;

  // How many appendAudit transactions committed in this instance (group commit at work).
  int64_t auditTransactions() const { return audit_transactions_.load(); }

 private:
  // Registry helpers: the caller holds a connection and, for writes, an open transaction in
  // which it has called lockRegistry().
  static constexpr std::chrono::steady_clock::time_point kNoDeadline =
      std::chrono::steady_clock::time_point::max();
  static RegistrySnapshot loadRegistryOn(PgConnection& db);
  static void appendAuditOn(PgConnection& db, std::vector<AuditRecord>& batch,
                            std::chrono::steady_clock::time_point commit_by);
  // Assigns seq and hashes after the head and inserts; the caller holds the chain lock in an
  // open transaction (an audit batch's, or a registry change's for its admin record).
  static void chainAndInsertAudit(PgConnection& db, std::vector<AuditRecord>& batch);
  static void appendAdminAudit(PgConnection& db, const LinkChange& row,
                               const ChangeContext& change);
  // Appends one record to the chain (taking the chain lock) in the caller's transaction.
  static void appendAuditRecordOn(PgConnection& db, AuditRecord record);
  static void lockRegistry(PgConnection& db);
  static void bumpRegistryVersion(PgConnection& db);
  static std::optional<Link> linkById(PgConnection& db, int64_t link_id, bool for_update);
  static std::optional<Link> linkByKey(PgConnection& db, const Link& key);
  // The actor of the link's creation row: who proposed it (or "config" for a seeded link).
  static std::string proposerOf(PgConnection& db, int64_t link_id);
  static int64_t insertLink(PgConnection& db, const Link& link);
  // Inserts `row` (link_id, action, statuses and, for edits, field/before/after) with the
  // change's time, actor and reason; returns the row as stored, seq included.
  static LinkChange appendHistory(PgConnection& db, const LinkChange& row,
                                  const ChangeContext& change);
  // The history row and audit record of one registry change, in the caller's transaction.
  static LinkChange recordChange(PgConnection& db, const LinkChange& row,
                                 const ChangeContext& change);
  static bool upsertUnit(PgConnection& db, const Unit& unit);
  static bool upsertService(PgConnection& db, const ServiceDef& service);
  static bool seedLink(PgConnection& db, Link& link);

  PgPool pool_;
  PgPool audit_pool_;
  std::atomic<int64_t> audit_transactions_{0};
  std::atomic<int64_t> claims_made_{0};  // message claims by this instance: paces the sweep
};

}  // namespace renkei
