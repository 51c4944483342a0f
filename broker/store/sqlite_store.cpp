#include "broker/store/sqlite_store.h"

#include <limits>

#include "broker/audit/audit_hash.h"
#include "broker/audit/link_content.h"
#include "broker/store/link_seeding.h"
#include "broker/store/sqlite_audit_rows.h"
#include "broker/store/sqlite_link_rows.h"
#include "broker/store/sqlite_schema.h"

namespace renkei {

namespace {

// Bounded so forEachAudit's memory does not grow with the trail.
constexpr int64_t kAuditPageSize = 500;

}  // namespace

SqliteStore::SqliteStore(const std::string& path) : connection_(path) {
  const std::string doing = "configuring SQLite database " + path;
  // WAL lets readers (reports, verification) run beside the writer; FULL fsyncs the WAL on every
  // commit, which is what makes "acknowledged means durable" true.
  connection_.exec("PRAGMA journal_mode = WAL", doing.c_str());
  connection_.exec("PRAGMA synchronous = FULL", doing.c_str());
  connection_.exec("PRAGMA busy_timeout = 5000", doing.c_str());
  connection_.exec("PRAGMA foreign_keys = ON", doing.c_str());
}

void SqliteStore::migrate() {
  std::lock_guard lock(mutex_);
  migrateSqliteSchema(connection_);
}

void SqliteStore::seedRegistry(RegistrySnapshot& snapshot) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(connection_, "seeding the registry");
  bool changed = false;
  for (const auto& unit : snapshot.units) changed = upsertUnit(unit) || changed;
  for (const auto& service : snapshot.services) changed = upsertService(service) || changed;
  for (auto& link : snapshot.links) changed = seedLink(link) || changed;
  // Only a real change moves the version: a broker restarting with the same file must not make
  // every other broker on the store reload and log a change.
  if (changed) bumpRegistryVersion();
  transaction.commit();
}

bool SqliteStore::upsertUnit(const Unit& unit) {
  StatementUse st(connection_.cached(
      "INSERT INTO units (id, tenant, name, endpoint, owner) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (id) DO UPDATE SET tenant = excluded.tenant, name = excluded.name, "
      "endpoint = excluded.endpoint, owner = excluded.owner "
      "WHERE (units.tenant, units.name, units.endpoint, units.owner) IS NOT "
      "(excluded.tenant, excluded.name, excluded.endpoint, excluded.owner)"));
  st->bind(1, unit.id);
  st->bind(2, unit.tenant);
  st->bind(3, unit.name);
  st->bind(4, unit.endpoint);
  st->bind(5, unit.owner);
  const std::string doing = "seeding unit " + unit.id;
  st->step(doing.c_str());
  return connection_.changes() > 0;
}

bool SqliteStore::upsertService(const ServiceDef& service) {
  StatementUse st(connection_.cached(
      "INSERT INTO services (name, version, request_ns, request_element, response_ns, "
      "response_element, wsdl_file) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
      "ON CONFLICT (name, version) DO UPDATE SET request_ns = excluded.request_ns, "
      "request_element = excluded.request_element, response_ns = excluded.response_ns, "
      "response_element = excluded.response_element, wsdl_file = excluded.wsdl_file "
      "WHERE (services.request_ns, services.request_element, services.response_ns, "
      "services.response_element, services.wsdl_file) IS NOT (excluded.request_ns, "
      "excluded.request_element, excluded.response_ns, excluded.response_element, "
      "excluded.wsdl_file)"));
  st->bind(1, service.name);
  st->bind(2, service.version);
  st->bind(3, service.request_ns);
  st->bind(4, service.request_element);
  st->bind(5, service.response_ns);
  st->bind(6, service.response_element);
  st->bind(7, service.wsdl_file);
  const std::string doing = "seeding service " + service.name + ":" + service.version;
  st->step(doing.c_str());
  return connection_.changes() > 0;
}

bool SqliteStore::seedLink(Link& link) {
  // After the first seed the registry is the truth: a link it already has keeps its status and
  // details (an operator may have suspended it), and the caller sees the stored state.
  if (auto stored = linkByKey(link)) {
    link = std::move(*stored);
    return false;
  }
  link.id = insertLink(link);
  // Only a link new to the registry gets rows: a restart on the same file writes nothing.
  recordChange(linkCreationRow(link), linkSeedChange(link));
  return true;
}

RegistrySnapshot SqliteStore::loadRegistry() {
  std::lock_guard lock(mutex_);
  RegistrySnapshot snapshot;
  // One read transaction: units, services and links come from the same committed state even
  // while the CLI or another broker changes the registry.
  connection_.exec("BEGIN", "loading the registry");
  try {
    {
      StatementUse st(
          connection_.cached("SELECT id, tenant, name, endpoint, owner FROM units ORDER BY id"));
      while (st->step("loading units")) {
        snapshot.units.push_back({st->columnText(0), st->columnText(1), st->columnText(2),
                                  st->columnText(3), st->columnText(4)});
      }
    }
    {
      StatementUse st(connection_.cached(
          "SELECT name, version, request_ns, request_element, response_ns, response_element, "
          "wsdl_file FROM services ORDER BY name, version"));
      while (st->step("loading services")) {
        snapshot.services.push_back({st->columnText(0), st->columnText(1), st->columnText(2),
                                     st->columnText(3), st->columnText(4), st->columnText(5),
                                     st->columnText(6)});
      }
    }
    {
      StatementUse st(connection_.cached(std::string("SELECT ") + kSqliteLinkColumns +
                                         " FROM links ORDER BY id"));
      while (st->step("loading links")) snapshot.links.push_back(readLinkRow(*st));
    }
  } catch (...) {
    connection_.exec("ROLLBACK", "loading the registry");
    throw;
  }
  connection_.exec("COMMIT", "loading the registry");
  return snapshot;
}

void SqliteStore::appendAudit(std::vector<AuditRecord>& batch) {
  appendAuditBefore(batch, std::chrono::steady_clock::time_point::max());
}

void SqliteStore::ping(std::chrono::milliseconds) {
  std::lock_guard lock(mutex_);
  connection_.queryInt("SELECT 1", "pinging the audit store");
}

void SqliteStore::appendAuditBefore(std::vector<AuditRecord>& batch,
                                    std::chrono::steady_clock::time_point commit_by) {
  if (batch.empty()) return;
  std::lock_guard lock(mutex_);
  // Reading the head inside the write transaction is what keeps the chain linear even when
  // another broker process appends to the same file.
  SqliteTransaction transaction(connection_, "appending audit batch");
  chainAndInsertAudit(batch);
  // The commit runs on this thread, so checking before it is enough: past the deadline the
  // caller has been answered a fault, and the batch rolls back to be retried as what it was told.
  if (std::chrono::steady_clock::now() > commit_by) {
    throw StoreError("appending audit batch: commit deadline passed (busy or slow disk)");
  }
  transaction.commit();
  ++audit_transactions_;
}

void SqliteStore::chainAndInsertAudit(std::vector<AuditRecord>& batch) {
  int64_t seq = 0;
  std::string prev_hash;
  {
    StatementUse head(connection_.cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"));
    if (head->step("reading the audit chain head")) {
      seq = head->columnInt(0);
      prev_hash = head->columnText(1);
    }
  }
  StatementUse insert(connection_.cached(
      std::string("INSERT INTO audit (") + kSqliteAuditColumns +
      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
      "?19, ?20, ?21)"));
  linkToChain(batch, seq, std::move(prev_hash));
  for (const auto& r : batch) {
    bindSqliteAuditRow(*insert, r);
    insert->step("appending an audit record");
    insert->reset();
  }
}

void SqliteStore::forEachAuditAfter(int64_t after_seq,
                                    const std::function<bool(const AuditRecord&)>& visit) {
  int64_t after = after_seq;
  for (;;) {
    std::vector<AuditRecord> page;
    {
      std::lock_guard lock(mutex_);
      StatementUse st(connection_.cached(std::string("SELECT ") + kSqliteAuditColumns +
                                         " FROM audit WHERE seq > ?1 ORDER BY seq LIMIT ?2"));
      st->bind(1, after);
      st->bind(2, kAuditPageSize);
      while (st->step("reading the audit trail")) page.push_back(readSqliteAuditRow(*st));
    }
    for (const auto& record : page) {
      if (!visit(record)) return;
    }
    if (static_cast<int64_t>(page.size()) < kAuditPageSize) return;
    after = page.back().seq;
  }
}

std::vector<AuditRecord> SqliteStore::auditRecordsWithMessageId(const std::string& message_id) {
  std::lock_guard lock(mutex_);
  StatementUse st(connection_.cached(std::string("SELECT ") + kSqliteAuditColumns +
                                     " FROM audit WHERE message_id = ?1 ORDER BY seq"));
  st->bind(1, message_id);
  std::vector<AuditRecord> found;
  while (st->step("reading the audit trail")) found.push_back(readSqliteAuditRow(*st));
  return found;
}

std::optional<Store::AuditHead> SqliteStore::auditHead() {
  std::lock_guard lock(mutex_);
  StatementUse head(connection_.cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"));
  if (!head->step("reading the audit chain head")) return std::nullopt;
  return AuditHead{head->columnInt(0), head->columnText(1)};
}

void SqliteStore::appendCheckpoint(AuditCheckpoint& c) {
  std::lock_guard lock(mutex_);
  StatementUse insert(connection_.cached(
      "INSERT INTO audit_checkpoint (seq, head_hash, time, instance_id, key_id, signature, "
      "tsa_token) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  insert->bind(1, c.seq);
  insert->bind(2, c.head_hash);
  insert->bind(3, c.time);
  insert->bind(4, c.instance_id);
  insert->bind(5, c.key_id);
  insert->bind(6, c.signature);
  insert->bind(7, c.tsa_token);
  insert->step("storing an audit checkpoint");
  c.id = connection_.queryInt("SELECT last_insert_rowid()", "storing an audit checkpoint");
}

std::vector<AuditCheckpoint> SqliteStore::auditCheckpoints() {
  std::lock_guard lock(mutex_);
  std::vector<AuditCheckpoint> checkpoints;
  StatementUse st(connection_.cached(std::string("SELECT ") + kSqliteCheckpointColumns +
                                     " FROM audit_checkpoint ORDER BY id"));
  while (st->step("reading audit checkpoints")) checkpoints.push_back(readSqliteCheckpointRow(*st));
  return checkpoints;
}

int64_t SqliteStore::auditTransactions() const {
  std::lock_guard lock(mutex_);
  return audit_transactions_;
}

}  // namespace renkei
