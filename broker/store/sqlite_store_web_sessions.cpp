// SqliteStore: web view sessions (web_session_row.h), by their token's digest.
#include "broker/store/sqlite_store.h"

namespace renkei {

void SqliteStore::addWebSession(const WebSessionRow& session) {
  std::lock_guard lock(mutex_);
  StatementUse st(connection_.cached(
      "INSERT INTO web_sessions (token_sha256, user_name, created_ms, last_used_ms) "
      "VALUES (?1, ?2, ?3, ?4)"));
  st->bind(1, session.token_sha256);
  st->bind(2, session.user);
  st->bind(3, session.created_ms);
  st->bind(4, session.last_used_ms);
  st->step("storing a web session");
}

std::optional<WebSessionRow> SqliteStore::findWebSession(const std::string& token_sha256) {
  std::lock_guard lock(mutex_);
  StatementUse st(connection_.cached(
      "SELECT token_sha256, user_name, created_ms, last_used_ms FROM web_sessions "
      "WHERE token_sha256 = ?1"));
  st->bind(1, token_sha256);
  if (!st->step("reading a web session")) return std::nullopt;
  return WebSessionRow{st->columnText(0), st->columnText(1), st->columnInt(2), st->columnInt(3)};
}

void SqliteStore::touchWebSession(const std::string& token_sha256, int64_t last_used_ms) {
  std::lock_guard lock(mutex_);
  StatementUse st(connection_.cached(
      "UPDATE web_sessions SET last_used_ms = ?2 WHERE token_sha256 = ?1 AND last_used_ms < ?2"));
  st->bind(1, token_sha256);
  st->bind(2, last_used_ms);
  st->step("refreshing a web session");
}

std::string SqliteStore::deleteWebSession(const std::string& token_sha256) {
  std::lock_guard lock(mutex_);
  StatementUse st(
      connection_.cached("DELETE FROM web_sessions WHERE token_sha256 = ?1 RETURNING user_name"));
  st->bind(1, token_sha256);
  std::string user;
  // Stepped to the end so the DELETE completes before the statement is reset.
  while (st->step("ending a web session")) user = st->columnText(0);
  return user;
}

int64_t SqliteStore::deleteIdleWebSessions(int64_t idle_since_ms) {
  std::lock_guard lock(mutex_);
  StatementUse st(connection_.cached("DELETE FROM web_sessions WHERE last_used_ms < ?1"));
  st->bind(1, idle_since_ms);
  st->step("pruning idle web sessions");
  return connection_.changes();
}

}  // namespace renkei
