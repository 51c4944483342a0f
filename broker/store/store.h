#pragma once
// Persistence for the registry and the audit trail. Implementations: SqliteStore (embedded
// default); PostgreSQL comes later. Every method throws StoreError on failure.
#include <chrono>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "broker/audit/audit_checkpoint.h"
#include "broker/audit/audit_record.h"
#include "broker/registry/link_governance.h"
#include "broker/registry/types.h"
#include "broker/store/admin_user.h"
#include "broker/store/web_session_row.h"

namespace renkei {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Store {
 public:
  virtual ~Store() = default;

  // Creates tables if missing. Idempotent.
  virtual void migrate() = 0;

  // Seeds the registry from configuration: units and services are upserted by id / name+version.
  // Links are matched by (sender, receiver, service, version, purpose): a link the store does not
  // have is created (history: "created", actor "config", and its audit record, as for
  // createLink); a link it has keeps its stored status and details and gets no new rows, because
  // after the first seed the registry, not the file, is the truth.
  // Every link in `snapshot` gets its id (and its stored state) written back.
  virtual void seedRegistry(RegistrySnapshot& snapshot) = 0;
  virtual RegistrySnapshot loadRegistry() = 0;

  // Registry changes. Each runs in one transaction, appends to the link's history and raises
  // the registry version.
  //
  // Inserts a new link with its given status (usually kProposed); StoreError if a link with the
  // same (sender, receiver, service, version, purpose) exists. Returns it with its id.
  virtual Link createLink(const Link& link, const ChangeContext& change) = 0;
  // Sets the governance details and validity of link.id to those of `link` (never its key,
  // status or approver). Compared inside the transaction with what is stored: each field that
  // differs gets its own history row ("edited", field, before, after) and audit record; when
  // none differs nothing is written and the registry version stays. StoreError if there is no
  // such link; LifecycleError if it is retired (retired is final).
  virtual LinkEdit updateLinkDetails(const Link& link, const ChangeContext& change) = 0;
  // Records that the link was reviewed (change.reason says what was found) and sets its review
  // date to `next_review_date`: one history row ("reviewed", field reviewDate, before, after)
  // even when the date stays the same, because the review itself is the fact recorded. The date
  // is the caller's to validate. StoreError if there is no such link; LifecycleError if it is
  // retired.
  virtual Link recordLinkReview(int64_t link_id, const std::string& next_review_date,
                                const ChangeContext& change) = 0;
  // Moves a link to `to` if the lifecycle (link_lifecycle.h) allows it from the status stored
  // now, checked inside the transaction so two racing admins cannot both win; otherwise throws
  // LifecycleError. The governance rules (setGovernanceRules) are checked there too: approval by
  // the link's proposer, or approving or activating it without a real legal basis, throws
  // GovernanceError. StoreError if there is no such link. Approval records change.actor as the
  // link's approver.
  // The placeholder words transitionLink refuses as a legal basis: the defaults until the
  // configuration's are set (openStore does). Set before the store is shared between threads.
  void setGovernanceRules(GovernanceRules rules) { governance_ = std::move(rules); }
  const GovernanceRules& governanceRules() const { return governance_; }
  virtual Link transitionLink(int64_t link_id, LinkStatus to, const ChangeContext& change) = 0;
  virtual std::optional<Link> findLink(int64_t link_id) = 0;
  // Oldest first.
  virtual std::vector<LinkChange> linkHistory(int64_t link_id) = 0;
  // Increases with every registry change, from any process; brokers poll it and reload.
  virtual int64_t registryVersion() = 0;

  // Appends records to the hash chain in one transaction: reads the chain head, assigns seq,
  // prev_hash and hash (audit::chainHash) to each record in order, inserts them, commits.
  // When this returns, the records are durable.
  virtual void appendAudit(std::vector<AuditRecord>& batch) = 0;
  // appendAudit with a deadline, for the audit writer whose callers wait on it: gives up (throws)
  // rather than commit after `commit_by`. PostgreSQL enforces it on the server too, so a COMMIT
  // that reaches a hung server and is only executed after it resumes is refused there instead of
  // landing behind the broker's back. The default ignores the deadline (stores without waits).
  virtual void appendAuditBefore(std::vector<AuditRecord>& batch,
                                 std::chrono::steady_clock::time_point commit_by) {
    (void)commit_by;
    appendAudit(batch);
  }
  // One cheap round trip (SELECT 1), bounded by `timeout`; throws StoreError when the store
  // cannot be reached. The audit writer probes with it while the store is down.
  virtual void ping(std::chrono::milliseconds timeout) = 0;
  // Visits the records with seq > after_seq in seq order; stop by returning false. Records are
  // committed in seq order, so a reader that remembers the last seq it saw can pick up exactly
  // the records appended since (reports::TrafficCache does).
  virtual void forEachAuditAfter(int64_t after_seq,
                                 const std::function<bool(const AuditRecord&)>& visit) = 0;
  // Replay protection (broker/replay). The sender and message id of every authorized exchange
  // (a record with a link) whose time is at or after `since_utc` (ISO 8601 UTC, the format of
  // AuditRecord::time), newest first; stop by returning false. Walks the trail backwards by seq,
  // so it reads only the recent tail however long the trail is.
  virtual void forEachRecentClaim(
      const std::string& since_utc,
      const std::function<bool(const std::string& sender, const std::string& message_id,
                               const std::string& time)>& visit) {
    (void)since_utc;  // a store without a trail (test fakes) has nothing to remember
    (void)visit;
  }
  // True when claimMessage is shared by every broker instance on this store (PostgreSQL).
  virtual bool sharesReplayClaims() const { return false; }
  // Claims (sender, message_id) for every instance at once: true when it was not claimed within
  // `retention` (and now is), false for a duplicate. Only where sharesReplayClaims(). Gives up
  // (throws) at `until`: a caller waits for it like for its audit record.
  virtual bool claimMessage(const std::string& sender, const std::string& message_id,
                            std::chrono::seconds retention,
                            std::chrono::steady_clock::time_point until) {
    (void)sender;
    (void)message_id;
    (void)retention;
    (void)until;
    throw StoreError("this store keeps no shared replay claims");
  }
  // The last record's seq and hash; nullopt while the trail is empty.
  struct AuditHead {
    int64_t seq = 0;
    std::string hash;
  };
  virtual std::optional<AuditHead> auditHead() = 0;
  // Stores a signed checkpoint (its id is assigned). Checkpoints are append-only, like the trail.
  virtual void appendCheckpoint(AuditCheckpoint& checkpoint) = 0;
  // Every checkpoint, oldest first. Few: one per N records or T seconds.
  virtual std::vector<AuditCheckpoint> auditCheckpoints() = 0;

  // Admin users (admin_user.h), oldest first, disabled ones included: a disabled user still
  // counts, so disabling the last user never reopens the listener's bootstrap mode.
  virtual std::vector<AdminUser> adminUsers() = 0;
  // Adds `user` and appends `record` (its audit record) in one transaction. StoreError naming
  // the clash when the name or the certificate subject is taken.
  virtual void createAdminUser(const AdminUser& user, AuditRecord record) = 0;
  // Sets the display name, role, token digest, certificate subject and disabled time of the user
  // named user.name, and appends `record`, in one transaction. StoreError if there is no such
  // user or the certificate subject is another user's.
  virtual void updateAdminUser(const AdminUser& user, AuditRecord record) = 0;
  // Web view sessions (web_session_row.h). Not evidence (logins and logouts are audit records
  // of their own): rows are deleted on logout and once idle. Each call is its own transaction.
  virtual void addWebSession(const WebSessionRow& session) = 0;
  virtual std::optional<WebSessionRow> findWebSession(const std::string& token_sha256) = 0;
  // Moves last_used_ms forward, never back (two requests of one session may race).
  virtual void touchWebSession(const std::string& token_sha256, int64_t last_used_ms) = 0;
  // Deletes the session and returns its user, or "" when there was none: of two requests ending
  // one session, only one learns it did.
  virtual std::string deleteWebSession(const std::string& token_sha256) = 0;
  // Deletes every session last used before `idle_since_ms`; returns how many.
  virtual int64_t deleteIdleWebSessions(int64_t idle_since_ms) = 0;

  // The whole trail, from the smallest possible seq, so a row planted at seq <= 0 is still
  // shown to the verifier.
  void forEachAudit(const std::function<bool(const AuditRecord&)>& visit) {
    forEachAuditAfter(std::numeric_limits<int64_t>::min(), visit);
  }

 private:
  GovernanceRules governance_;
};

}  // namespace renkei
