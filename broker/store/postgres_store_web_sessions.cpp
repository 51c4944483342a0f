// PostgresStore: web view sessions (web_session_row.h), by their token's digest, shared by every
// broker instance on the store: a login on one is honoured by the others.
#include "broker/store/postgres_store.h"

namespace renkei {

void PostgresStore::addWebSession(const WebSessionRow& session) {
  PgLease db = pool_.acquire();
  db->query(
      "INSERT INTO web_sessions (token_sha256, user_name, created_ms, last_used_ms) "
      "VALUES ($1, $2, $3, $4)",
      {session.token_sha256, session.user, std::to_string(session.created_ms),
       std::to_string(session.last_used_ms)},
      "storing a web session");
}

std::optional<WebSessionRow> PostgresStore::findWebSession(const std::string& token_sha256) {
  PgLease db = pool_.acquire();
  const PgResult row = db->query(
      "SELECT token_sha256, user_name, created_ms, last_used_ms FROM web_sessions "
      "WHERE token_sha256 = $1",
      {token_sha256}, "reading a web session");
  if (row.rows() == 0) return std::nullopt;
  return WebSessionRow{row.text(0, 0), row.text(0, 1), row.integer(0, 2), row.integer(0, 3)};
}

void PostgresStore::touchWebSession(const std::string& token_sha256, int64_t last_used_ms) {
  PgLease db = pool_.acquire();
  db->query(
      "UPDATE web_sessions SET last_used_ms = $2 WHERE token_sha256 = $1 AND last_used_ms < $2",
      {token_sha256, std::to_string(last_used_ms)}, "refreshing a web session");
}

std::string PostgresStore::deleteWebSession(const std::string& token_sha256) {
  PgLease db = pool_.acquire();
  const PgResult row =
      db->query("DELETE FROM web_sessions WHERE token_sha256 = $1 RETURNING user_name",
                {token_sha256}, "ending a web session");
  return row.rows() == 0 ? std::string() : row.text(0, 0);
}

int64_t PostgresStore::deleteIdleWebSessions(int64_t idle_since_ms) {
  PgLease db = pool_.acquire();
  return db
      ->query("DELETE FROM web_sessions WHERE last_used_ms < $1", {std::to_string(idle_since_ms)},
              "pruning idle web sessions")
      .affected();
}

}  // namespace renkei
