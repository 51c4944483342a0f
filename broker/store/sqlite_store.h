#pragma once
// The embedded default Store: one SQLite file, WAL journal, synchronous=FULL so that an
// acknowledged exchange survives power loss. One connection behind a mutex; SQLite serializes
// writers anyway, and the audit writer batches, so a pool would buy little.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "broker/store/sqlite_connection.h"
#include "broker/store/store.h"

namespace renkei {

class SqliteStore : public Store {
 public:
  // Opens (creating if needed) the database file; the parent directory must exist.
  // Call migrate() before anything else.
  explicit SqliteStore(const std::string& path);

  void migrate() override;
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
  void appendAudit(std::vector<AuditRecord>& batch) override;
  void appendAuditBefore(std::vector<AuditRecord>& batch,
                         std::chrono::steady_clock::time_point commit_by) override;
  void ping(std::chrono::milliseconds timeout) override;
  std::optional<AuditHead> auditHead() override;
  void appendCheckpoint(AuditCheckpoint& checkpoint) override;
  std::vector<AuditCheckpoint> auditCheckpoints() override;
  std::vector<AuditRecord> auditRecordsWithMessageId(const std::string& message_id) override;
  // Reads in pages and calls `visit` without holding the lock, so a long verification does not
  // stall audit writes and the visitor may call back into the store.
  void forEachAuditAfter(int64_t after_seq,
                         const std::function<bool(const AuditRecord&)>& visit) override;
  void forEachRecentClaim(
      const std::string& since_utc,
      const std::function<bool(const std::string& sender, const std::string& message_id,
                               const std::string& time)>& visit) override;

  std::vector<AdminUser> adminUsers() override;
  void createAdminUser(const AdminUser& user, AuditRecord record) override;
  void updateAdminUser(const AdminUser& user, AuditRecord record) override;
  void addWebSession(const WebSessionRow& session) override;
  std::optional<WebSessionRow> findWebSession(const std::string& token_sha256) override;
  void touchWebSession(const std::string& token_sha256, int64_t last_used_ms) override;
  std::string deleteWebSession(const std::string& token_sha256) override;
  int64_t deleteIdleWebSessions(int64_t idle_since_ms) override;

  // How many appendAudit transactions committed; lets tests and metrics see group commit work.
  int64_t auditTransactions() const;

 private:
  // Callers hold mutex_ and, for writes, a transaction. The bool results say whether a row
  // changed, so seeding raises the registry version only when it changed something.
  bool upsertUnit(const Unit& unit);
  bool upsertService(const ServiceDef& service);
  bool seedLink(Link& link);
  std::optional<Link> linkById(int64_t link_id);
  std::optional<Link> linkByKey(const Link& key);
  // The actor of the link's creation row: who proposed it (or "config" for a seeded link).
  std::string proposerOf(int64_t link_id);
  int64_t insertLink(const Link& link);
  // Inserts `row` (link_id, action, statuses and, for edits, field/before/after) with the
  // change's time, actor and reason; returns the row as stored, seq included.
  LinkChange appendHistory(const LinkChange& row, const ChangeContext& change);
  void bumpRegistryVersion();
  // Assigns seq and hashes after the current head and inserts; the caller holds mutex_ and a
  // write transaction (an audit batch's, or a registry change's for its admin record).
  void chainAndInsertAudit(std::vector<AuditRecord>& batch);
  void appendAdminAudit(const LinkChange& row, const ChangeContext& change);
  // The history row and audit record of one registry change, in the caller's transaction.
  LinkChange recordChange(const LinkChange& row, const ChangeContext& change);

  std::vector<AdminUser> adminUsersLocked();  // the caller holds mutex_

  mutable std::mutex mutex_;
  SqliteConnection connection_;
  int64_t audit_transactions_ = 0;
};

}  // namespace renkei
