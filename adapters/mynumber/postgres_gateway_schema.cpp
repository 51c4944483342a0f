#include "adapters/mynumber/postgres_gateway_schema.h"

#include <string>
#include <utility>
#include <vector>

namespace renkei::mynumber {
namespace {

// Migration N is kMigrations[N - 1]; a released migration is never edited, only followed.
const std::vector<const char*> kMigrations = {
    R"(
CREATE TABLE fugo_map (
  atena_no    TEXT PRIMARY KEY,
  fugo        TEXT NOT NULL,
  acquired_at TEXT NOT NULL
);
CREATE INDEX fugo_map_fugo ON fugo_map(fugo);
CREATE TABLE provision_records (
  seq            BIGINT PRIMARY KEY,
  record_id      TEXT NOT NULL UNIQUE,
  atena_no       TEXT NOT NULL,
  requester      TEXT NOT NULL,
  provider       TEXT NOT NULL,
  jimu_code      TEXT NOT NULL,
  jimu_tetsuzuki TEXT NOT NULL,
  items          TEXT NOT NULL,
  requested_at   TEXT NOT NULL,
  provided_at    TEXT NOT NULL,
  result         TEXT NOT NULL,
  detail         TEXT NOT NULL,
  unit           TEXT NOT NULL,
  prev_hash      TEXT NOT NULL,
  hash           TEXT NOT NULL
);
CREATE INDEX provision_records_person ON provision_records(atena_no, seq);
CREATE TABLE provision_checkpoints (
  id          BIGSERIAL PRIMARY KEY,
  seq         BIGINT NOT NULL,
  head_hash   TEXT NOT NULL,
  time        TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  signature   TEXT NOT NULL,
  tsa_token   TEXT NOT NULL
);
CREATE TABLE provision_purges (
  id          BIGSERIAL PRIMARY KEY,
  purged_at   TEXT NOT NULL,
  cutoff      TEXT NOT NULL,
  first_seq   BIGINT NOT NULL,
  last_seq    BIGINT NOT NULL,
  count       BIGINT NOT NULL,
  anchor_hash TEXT NOT NULL,
  actor       TEXT NOT NULL
);
CREATE TABLE fukuhon (
  atena_no     TEXT NOT NULL,
  item         TEXT NOT NULL,
  fugo         TEXT NOT NULL,
  teikyo_joho  TEXT NOT NULL,
  fukaiji_code TEXT NOT NULL,
  version      BIGINT NOT NULL,
  updated_at   TEXT NOT NULL,
  batch_id     TEXT NOT NULL,
  PRIMARY KEY (atena_no, item)
);
CREATE INDEX fukuhon_fugo ON fukuhon(fugo, item);
CREATE TABLE fukuhon_history (
  atena_no     TEXT NOT NULL,
  item         TEXT NOT NULL,
  version      BIGINT NOT NULL,
  fugo         TEXT NOT NULL,
  teikyo_joho  TEXT NOT NULL,
  fukaiji_code TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  batch_id     TEXT NOT NULL,
  replaced_at  TEXT NOT NULL,
  PRIMARY KEY (atena_no, item, version)
);
CREATE INDEX fukuhon_history_fugo ON fukuhon_history(fugo, item, version);
CREATE TABLE fukuhon_batch_records (
  batch_id   TEXT NOT NULL,
  record_no  BIGINT NOT NULL,
  digest     TEXT NOT NULL,
  version    BIGINT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (batch_id, record_no)
);
)",
};

}  // namespace

int gatewayPostgresSchemaVersion() { return static_cast<int>(kMigrations.size()); }

void lockGatewayPg(PgConnection& connection, int32_t key, const char* doing) {
  connection.query("SELECT pg_advisory_xact_lock($1, $2)",
                   {std::to_string(kGatewayPgLockClass), std::to_string(key)}, doing);
}

void openGatewayPostgresSchema(PgConnection& connection) {
  {
    PgTransaction tx(connection, "migrating the gateway's schema");
    lockGatewayPg(connection, kGatewayPgMigrationLock, "waiting to migrate the gateway's schema");
    connection.exec(
        "CREATE SCHEMA IF NOT EXISTS mynumber_gateway; "
        "CREATE TABLE IF NOT EXISTS mynumber_gateway.schema_version ("
        "version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now()); "
        "SET LOCAL search_path TO mynumber_gateway",
        "creating the gateway's schema");
    const int64_t current = connection
                                .exec("SELECT COALESCE(MAX(version), 0) FROM schema_version",
                                      "reading the gateway's schema version")
                                .integer(0, 0);
    if (current > gatewayPostgresSchemaVersion()) {
      throw StoreError("the gateway's PostgreSQL schema is at version " + std::to_string(current) +
                       ", newer than this gateway knows (" +
                       std::to_string(gatewayPostgresSchemaVersion()) +
                       "): run the newer renkei-mynumber-gateway");
    }
    for (int v = static_cast<int>(current) + 1; v <= gatewayPostgresSchemaVersion(); ++v) {
      connection.exec(kMigrations[v - 1], "migrating the gateway's schema");
      connection.query("INSERT INTO schema_version (version) VALUES ($1)", {std::to_string(v)},
                       "recording the gateway's schema version");
    }
    tx.commit();
  }
  connection.exec("SET search_path TO mynumber_gateway", "selecting the gateway's schema");
}

GatewayPgSession::GatewayPgSession(std::string conninfo) : conninfo_(std::move(conninfo)) { db(); }

PgConnection& GatewayPgSession::db() {
  if (!connection_ || !connection_->healthy()) {
    connection_.reset();
    auto fresh = std::make_unique<PgConnection>(conninfo_);
    openGatewayPostgresSchema(*fresh);
    connection_ = std::move(fresh);
  }
  return *connection_;
}

}  // namespace renkei::mynumber
