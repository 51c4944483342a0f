#include "broker/store/sqlite_schema.h"

#include <iterator>
#include <string>

#include "broker/store/store.h"

namespace renkei {

namespace {

// Append new migrations at the end; never edit one that has shipped. The SQL sticks to what
// PostgreSQL also accepts (TEXT, BIGINT, UNIQUE, REFERENCES) so the later PostgreSQL store can
// mirror it closely; SQLite's "INTEGER PRIMARY KEY" is its rowid alias (BIGSERIAL there).
constexpr const char* kMigrations[] = {
    // 1: registry and audit trail.
    R"sql(
CREATE TABLE units (
  id       TEXT PRIMARY KEY,
  tenant   TEXT NOT NULL,
  name     TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  owner    TEXT NOT NULL
);
CREATE TABLE services (
  name             TEXT NOT NULL,
  version          TEXT NOT NULL,
  request_ns       TEXT NOT NULL,
  request_element  TEXT NOT NULL,
  response_ns      TEXT NOT NULL,
  response_element TEXT NOT NULL,
  wsdl_file        TEXT NOT NULL,
  PRIMARY KEY (name, version)
);
-- service_name is not a foreign key: a link may name a notification topic rather than a
-- request/response service.
CREATE TABLE links (
  id              INTEGER PRIMARY KEY,
  sender          TEXT NOT NULL REFERENCES units (id),
  receiver        TEXT NOT NULL REFERENCES units (id),
  service_name    TEXT NOT NULL,
  service_version TEXT NOT NULL,
  purpose_code    TEXT NOT NULL,
  purpose_name    TEXT NOT NULL,
  legal_basis     TEXT NOT NULL,
  status          TEXT NOT NULL,
  valid_from      TEXT NOT NULL,
  valid_to        TEXT NOT NULL,
  cross_tenant    INTEGER NOT NULL,
  UNIQUE (sender, receiver, service_name, service_version, purpose_code)
);
-- link_id has no foreign key on purpose: the trail must outlive any registry change.
CREATE TABLE audit (
  seq             INTEGER PRIMARY KEY,
  time            TEXT NOT NULL,
  message_id      TEXT NOT NULL,
  sender          TEXT NOT NULL,
  receiver        TEXT NOT NULL,
  service         TEXT NOT NULL,
  purpose         TEXT NOT NULL,
  link_id         INTEGER,
  outcome         TEXT NOT NULL,
  fault_code      TEXT NOT NULL,
  latency_us      INTEGER NOT NULL,
  request_sha256  TEXT NOT NULL,
  response_sha256 TEXT NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL
);
CREATE INDEX audit_message_id ON audit (message_id);
CREATE INDEX audit_link_time ON audit (link_id, time);
)sql",
    // 2: governance details on links, append-only link history, registry version.
    R"sql(
ALTER TABLE links ADD COLUMN data_items  TEXT NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN department  TEXT NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN vendor      TEXT NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN approver    TEXT NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN review_date TEXT NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN note        TEXT NOT NULL DEFAULT '';
CREATE TABLE link_history (
  seq         INTEGER PRIMARY KEY,
  link_id     INTEGER NOT NULL REFERENCES links (id),
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  reason      TEXT NOT NULL
);
CREATE INDEX link_history_link ON link_history (link_id, seq);
-- History is evidence for IT governance: the database itself refuses to rewrite it, so a bug
-- (or a careless UPDATE) cannot quietly change who approved what.
CREATE TRIGGER link_history_no_update BEFORE UPDATE ON link_history
BEGIN SELECT RAISE(ABORT, 'link_history is append-only'); END;
CREATE TRIGGER link_history_no_delete BEFORE DELETE ON link_history
BEGIN SELECT RAISE(ABORT, 'link_history is append-only'); END;
-- Links that existed before history did get one row saying so, rather than no past at all.
INSERT INTO link_history (link_id, at, actor, action, from_status, to_status, reason)
  SELECT id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration', 'created', '', status,
         'recorded when link history was introduced'
  FROM links ORDER BY id;
-- One row; brokers poll it to notice changes made by the CLI or by other broker processes.
CREATE TABLE registry_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO registry_version (id, version) VALUES (1, 1);
)sql",
    // 3: who acted (chain format 2), signed checkpoints of the chain head, and append-only
    // guards. Rows written before keep format 1 and verify with the old serialization.
    R"sql(
ALTER TABLE audit ADD COLUMN format             INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN operator_id        TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN case_reference     TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN peer_address       TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN instance_id        TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN authenticated_unit TEXT NOT NULL DEFAULT '';
CREATE TABLE audit_checkpoint (
  id          INTEGER PRIMARY KEY,
  seq         INTEGER NOT NULL,
  head_hash   TEXT NOT NULL,
  time        TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  signature   TEXT NOT NULL,
  tsa_token   TEXT NOT NULL DEFAULT ''
);
-- The guards stop mistakes and casual edits. Someone who can write the file can drop them;
-- signed checkpoints (and an exported bundle kept elsewhere) are what catch that.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only'); END;
CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only'); END;
)sql",
    // 4: the 通知 outbox (broker/notify). A notification's bytes stay only until every copy is
    // done or discarded. The partial index serves the dispatcher's "first pending copy for this
    // receiver and subject" check.
    R"sql(
CREATE TABLE notifications (
  id            INTEGER PRIMARY KEY,
  message_id    TEXT NOT NULL,
  sender        TEXT NOT NULL,
  topic         TEXT NOT NULL,
  topic_version TEXT NOT NULL,
  purpose       TEXT NOT NULL,
  subject       TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  soap_action   TEXT NOT NULL,
  body          TEXT NOT NULL,
  posted_at     TEXT NOT NULL,
  UNIQUE (sender, message_id)
);
CREATE TABLE deliveries (
  id              INTEGER PRIMARY KEY,
  notification_id INTEGER NOT NULL REFERENCES notifications (id),
  receiver        TEXT NOT NULL,
  link_id         INTEGER NOT NULL,
  purpose         TEXT NOT NULL,
  subject         TEXT NOT NULL,
  state           TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  lease_owner     TEXT,
  lease_until_ms  INTEGER,
  created_ms      INTEGER NOT NULL,
  finished_ms     INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_ms);
CREATE INDEX deliveries_order ON deliveries (receiver, subject, id) WHERE state = 'pending';
CREATE INDEX deliveries_notification ON deliveries (notification_id);
)sql",  // 5: My Number purpose rules (broker/mynumber): every load a new version, old ones kept.
    R"sql(
CREATE TABLE purpose_rule_versions (
  version     INTEGER PRIMARY KEY,
  actor       TEXT NOT NULL,
  loaded_at   TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  source_file TEXT NOT NULL,
  row_count   INTEGER NOT NULL
);
CREATE TABLE purpose_rules (
  version     INTEGER NOT NULL REFERENCES purpose_rule_versions (version),
  ordinal     INTEGER NOT NULL,
  jimu_code   TEXT NOT NULL,
  jimu_name   TEXT NOT NULL,
  requester   TEXT NOT NULL,
  provider    TEXT NOT NULL,
  item_code   TEXT NOT NULL,
  item_name   TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_to    TEXT NOT NULL,
  PRIMARY KEY (version, ordinal)
);
)sql",
    // 6: edits and reviews name the field they changed and its value before and after, one
    // history row per field. Earlier rows (status changes, whole-link edits) keep '' there.
    R"sql(
ALTER TABLE link_history ADD COLUMN field     TEXT NOT NULL DEFAULT '';
ALTER TABLE link_history ADD COLUMN old_value TEXT NOT NULL DEFAULT '';
ALTER TABLE link_history ADD COLUMN new_value TEXT NOT NULL DEFAULT '';
)sql",
    // 7: admin users (admin_user.h): who may use the admin listener and the CLI's changes, with
    // a role. Only the token's SHA-256 is kept. Users are disabled, never deleted: the audit
    // trail names them as actors.
    R"sql(
CREATE TABLE admin_users (
  name          TEXT PRIMARY KEY,
  display_name  TEXT NOT NULL DEFAULT '',
  role          TEXT NOT NULL CHECK (role IN ('viewer', 'proposer', 'approver', 'administrator')),
  token_sha256  TEXT NOT NULL,
  cert_subject  TEXT UNIQUE,
  created_at    TEXT NOT NULL,
  disabled_at   TEXT NOT NULL DEFAULT ''
);
)sql",
    // 8: web view sessions (web_session_row.h), so a restart logs nobody out. Only the token's
    // SHA-256 is kept; rows go on logout and once idle (not evidence: logins are audit records).
    R"sql(
CREATE TABLE web_sessions (
  token_sha256  TEXT PRIMARY KEY,
  user_name     TEXT NOT NULL REFERENCES admin_users (name),
  created_ms    BIGINT NOT NULL,
  last_used_ms  BIGINT NOT NULL
);
CREATE INDEX web_sessions_last_used ON web_sessions (last_used_ms);
)sql",
    // 9: the audit trail loses its MessageId index. No query of the broker reads it, and keyed by
    // random UUIDs it made every record's insert touch a random leaf page: a page more of WAL per
    // record in each group commit, about 8% of the 1 KiB exchange rate (bench/RESULTS.md). An
    // investigator who looks exchanges up by MessageId on a large trail creates it again
    // (README, "Stores"); no later migration drops it a second time.
    R"sql(
DROP INDEX IF EXISTS audit_message_id;
)sql",
};

constexpr int kVersion = static_cast<int>(std::size(kMigrations));

}  // namespace

int sqliteSchemaVersion() { return kVersion; }

void migrateSqliteSchema(SqliteConnection& connection) {
  // One write transaction around read-version-then-migrate: two brokers starting on the same file
  // cannot both apply a migration, and SQLite's DDL is transactional, so a failed step leaves
  // the previous version intact.
  SqliteTransaction transaction(connection, "migrating schema");
  const auto current = connection.queryInt("PRAGMA user_version", "reading schema version");
  if (current > kVersion) {
    throw StoreError("database schema version " + std::to_string(current) +
                     " is newer than this broker supports (" + std::to_string(kVersion) + ")");
  }
  for (int version = static_cast<int>(current) + 1; version <= kVersion; ++version) {
    const std::string doing = "migrating schema to version " + std::to_string(version);
    connection.exec(kMigrations[version - 1], doing.c_str());
    // PRAGMA takes no bound parameters; the value is our own integer.
    connection.exec("PRAGMA user_version = " + std::to_string(version), doing.c_str());
  }
  transaction.commit();
}

}  // namespace renkei
