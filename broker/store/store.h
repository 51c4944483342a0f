#pragma once
// Persistence for the registry, the audit trail, admin users and shared replay claims.
// Implementations: SqliteStore (embedded default) and PostgresStore. Every method throws
// StoreError on failure.
//
// The registry and the trail are declared by the components that own them (RegistryStore in
// broker/registry, AuditTrail in broker/audit) and only implemented here, so neither of those
// includes the store: the dependency points up, from store to what it persists.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "broker/audit/audited_registry.h"
#include "broker/core/admin_user.h"
#include "broker/core/audit_record.h"
#include "broker/core/store_error.h"
#include "broker/store/web_session_row.h"

namespace renkei {

class Store : public AuditedRegistry {
 public:
  ~Store() override = default;

  // Creates tables if missing. Idempotent.
  virtual void migrate() = 0;

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
};

}  // namespace renkei
