#include "broker/store/postgres_store.h"

#include "broker/audit/link_content.h"
#include "broker/store/link_seeding.h"
#include "broker/store/postgres_grants.h"
#include "broker/store/postgres_link_rows.h"
#include "broker/store/postgres_schema.h"

namespace renkei {

PostgresStore::PostgresStore(const std::string& conninfo, PostgresStoreOptions options)
    : pool_(conninfo, options.pool_size), audit_pool_(conninfo, options.audit_pool_size) {
  // Fail at start with "connecting to PostgreSQL host=...: ..." rather than on the first message.
  PgLease probe = pool_.acquire();
}

void PostgresStore::migrate() {
  PgLease db = pool_.acquire();
  migratePostgresSchema(*db);
}

std::string PostgresStore::currentRole() {
  PgLease db = pool_.acquire();
  return db->exec("SELECT current_user", "reading the connected role").text(0, 0);
}

void PostgresStore::grantServingRole(const std::string& role) {
  PgLease db = pool_.acquire();
  renkei::grantServingRole(*db, role);
}

void PostgresStore::seedRegistry(RegistrySnapshot& snapshot) {
  PgLease db = pool_.acquire();
  PgTransaction transaction(*db, "seeding the registry");
  // Two brokers starting together seed the same links; the registry lock makes the second wait
  // and then find the first one's rows instead of colliding on the unique key.
  lockRegistry(*db);
  bool changed = false;
  for (const auto& unit : snapshot.units) changed = upsertUnit(*db, unit) || changed;
  for (const auto& service : snapshot.services) changed = upsertService(*db, service) || changed;
  for (auto& link : snapshot.links) changed = seedLink(*db, link) || changed;
  // Only a real change moves the version: a broker restarting with the same configuration must
  // not make every other instance reload.
  if (changed) bumpRegistryVersion(*db);
  transaction.commit();
}

bool PostgresStore::upsertUnit(PgConnection& db, const Unit& unit) {
  const PgResult result = db.query(
      "INSERT INTO units (id, tenant, name, endpoint, owner) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (id) DO UPDATE SET tenant = excluded.tenant, name = excluded.name, "
      "endpoint = excluded.endpoint, owner = excluded.owner "
      "WHERE (units.tenant, units.name, units.endpoint, units.owner) IS DISTINCT FROM "
      "(excluded.tenant, excluded.name, excluded.endpoint, excluded.owner)",
      {unit.id, unit.tenant, unit.name, unit.endpoint, unit.owner}, "seeding unit " + unit.id);
  return result.affected() > 0;
}

bool PostgresStore::upsertService(PgConnection& db, const ServiceDef& service) {
  const PgResult result = db.query(
      "INSERT INTO services (name, version, request_ns, request_element, response_ns, "
      "response_element, wsdl_file) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (name, version) DO UPDATE SET request_ns = excluded.request_ns, "
      "request_element = excluded.request_element, response_ns = excluded.response_ns, "
      "response_element = excluded.response_element, wsdl_file = excluded.wsdl_file "
      "WHERE (services.request_ns, services.request_element, services.response_ns, "
      "services.response_element, services.wsdl_file) IS DISTINCT FROM (excluded.request_ns, "
      "excluded.request_element, excluded.response_ns, excluded.response_element, "
      "excluded.wsdl_file)",
      {service.name, service.version, service.request_ns, service.request_element,
       service.response_ns, service.response_element, service.wsdl_file},
      "seeding service " + service.name + ":" + service.version);
  return result.affected() > 0;
}

bool PostgresStore::seedLink(PgConnection& db, Link& link) {
  // After the first seed the registry is the truth: a link it already has keeps its status and
  // details (an operator may have suspended it), and the caller sees the stored state.
  if (auto stored = linkByKey(db, link)) {
    link = std::move(*stored);
    return false;
  }
  link.id = insertLink(db, link);
  // Only a link new to the registry gets rows: a restart on the same configuration writes none.
  recordChange(db, linkCreationRow(link), linkSeedChange(link));
  return true;
}

RegistrySnapshot PostgresStore::loadRegistry() {
  return pgWithRetry(pool_, kNoDeadline, [](PgConnection& db) { return loadRegistryOn(db); });
}

RegistrySnapshot PostgresStore::loadRegistryOn(PgConnection& connection) {
  PgConnection* db = &connection;
  PgTransaction transaction(*db, "loading the registry");
  // One snapshot for all three reads: units, services and links come from the same committed
  // state even while another instance changes the registry.
  db->exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", "loading the registry");
  RegistrySnapshot snapshot;
  const PgResult units =
      db->exec("SELECT id, tenant, name, endpoint, owner FROM units ORDER BY id", "loading units");
  for (int i = 0; i < units.rows(); ++i) {
    snapshot.units.push_back(
        {units.text(i, 0), units.text(i, 1), units.text(i, 2), units.text(i, 3), units.text(i, 4)});
  }
  const PgResult services = db->exec(
      "SELECT name, version, request_ns, request_element, response_ns, response_element, "
      "wsdl_file FROM services ORDER BY name, version",
      "loading services");
  for (int i = 0; i < services.rows(); ++i) {
    snapshot.services.push_back({services.text(i, 0), services.text(i, 1), services.text(i, 2),
                                 services.text(i, 3), services.text(i, 4), services.text(i, 5),
                                 services.text(i, 6)});
  }
  const PgResult links = db->exec(
      std::string("SELECT ") + kPgLinkColumns + " FROM links ORDER BY id", "loading links");
  for (int i = 0; i < links.rows(); ++i) snapshot.links.push_back(readPgLink(links, i));
  transaction.commit();
  return snapshot;
}

int64_t PostgresStore::registryVersion() {
  const PgResult result = pgWithRetry(pool_, kNoDeadline, [](PgConnection& db) {
    return db.exec("SELECT version FROM registry_version WHERE id = 1",
                   "reading the registry version");
  });
  if (result.rows() != 1) {
    throw StoreError("reading the registry version: the registry_version row is missing");
  }
  return result.integer(0, 0);
}

void PostgresStore::ping(std::chrono::milliseconds timeout) {
  // Through the audit pool: what the audit writer needs to know is whether it can commit.
  pgWithRetry(audit_pool_, std::chrono::steady_clock::now() + timeout,
              [](PgConnection& db) { db.exec("SELECT 1", "pinging the store"); });
}

}  // namespace renkei
