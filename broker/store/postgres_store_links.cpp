// PostgresStore: registry changes made while brokers run (CLI, admin service, any instance),
// each one transaction that changes the link, appends its history and raises the registry
// version.
#include "broker/audit/link_content.h"
#include "broker/registry/change_time.h"
#include "broker/registry/link_edit.h"
#include "broker/registry/link_lifecycle.h"
#include "broker/store/postgres_link_rows.h"
#include "broker/store/postgres_store.h"

namespace renkei {

void PostgresStore::lockRegistry(PgConnection& db) {
  // Every registry writer takes this row lock first and in the same order, so writers from all
  // instances queue here instead of deadlocking on link rows; readers are never blocked.
  const PgResult row = db.exec("SELECT version FROM registry_version WHERE id = 1 FOR UPDATE",
                               "locking the registry");
  if (row.rows() != 1) {
    throw StoreError("locking the registry: the registry_version row is missing");
  }
}

void PostgresStore::bumpRegistryVersion(PgConnection& db) {
  db.exec("UPDATE registry_version SET version = version + 1 WHERE id = 1",
          "raising the registry version");
}

std::optional<Link> PostgresStore::linkById(PgConnection& db, int64_t link_id, bool for_update) {
  const PgResult result =
      db.query(std::string("SELECT ") + kPgLinkColumns + " FROM links WHERE id = $1" +
                   (for_update ? " FOR UPDATE" : ""),
               {std::to_string(link_id)}, "reading link " + std::to_string(link_id));
  if (result.rows() == 0) return std::nullopt;
  return readPgLink(result, 0);
}

std::optional<Link> PostgresStore::linkByKey(PgConnection& db, const Link& key) {
  const PgResult result =
      db.query(std::string("SELECT ") + kPgLinkColumns +
                   " FROM links WHERE sender = $1 AND receiver = $2 AND service_name = $3 AND "
                   "service_version = $4 AND purpose_code = $5",
               {key.sender, key.receiver, key.service_name, key.service_version, key.purpose_code},
               "looking up link " + describeLinkKey(key));
  if (result.rows() == 0) return std::nullopt;
  return readPgLink(result, 0);
}

std::string PostgresStore::proposerOf(PgConnection& db, int64_t link_id) {
  const PgResult result = db.query(
      "SELECT actor FROM link_history WHERE link_id = $1 AND action = 'created' "
      "ORDER BY seq LIMIT 1",
      {std::to_string(link_id)}, "reading who proposed link " + std::to_string(link_id));
  return result.rows() == 0 ? std::string() : result.text(0, 0);
}

int64_t PostgresStore::insertLink(PgConnection& db, const Link& link) {
  // The usual failure is a foreign key: a unit the registry does not know.
  const PgResult result =
      db.query(kPgLinkInsert, pgLinkParams(link),
               "inserting link " + describeLinkKey(link) + " (are both units known?)");
  return result.integer(0, 0);
}

LinkChange PostgresStore::appendHistory(PgConnection& db, const LinkChange& row,
                                        const ChangeContext& change) {
  LinkChange stored = row;
  stored.at = changeTime(change);
  stored.actor = change.actor;
  stored.reason = change.reason;
  const PgResult result = db.query(
      "INSERT INTO link_history (link_id, at, actor, action, from_status, to_status, reason, "
      "field, old_value, new_value) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
      "RETURNING seq",
      {std::to_string(stored.link_id), stored.at, stored.actor, stored.action, stored.from_status,
       stored.to_status, stored.reason, stored.field, stored.before, stored.after},
      "appending link history");
  stored.seq = result.integer(0, 0);
  return stored;
}

LinkChange PostgresStore::recordChange(PgConnection& db, const LinkChange& row,
                                       const ChangeContext& change) {
  // The history row and its audit record carry the same time.
  const ChangeContext stamped{change.actor, change.reason, changeTime(change)};
  LinkChange stored = appendHistory(db, row, stamped);
  appendAdminAudit(db, row, stamped);
  return stored;
}

Link PostgresStore::createLink(const Link& link, const ChangeContext& change) {
  PgLease db = pool_.acquire();
  PgTransaction transaction(*db, "creating a link");
  lockRegistry(*db);
  if (auto existing = linkByKey(*db, link)) {
    throw StoreError("link " + describeLinkKey(link) + " already exists as link " +
                     std::to_string(existing->id) + " (" + linkStatusName(existing->status) + ")");
  }
  Link created = link;
  created.id = insertLink(*db, created);
  recordChange(*db, linkCreationRow(created), change);
  bumpRegistryVersion(*db);
  transaction.commit();
  return created;
}

LinkEdit PostgresStore::updateLinkDetails(const Link& link, const ChangeContext& change) {
  PgLease db = pool_.acquire();
  PgTransaction transaction(*db, "updating link details");
  lockRegistry(*db);
  // Compared under the registry lock: two officers editing at once each see what the other
  // stored.
  auto stored = linkById(*db, link.id, /*for_update=*/true);
  if (!stored) throw StoreError("there is no link " + std::to_string(link.id));
  if (auto refusal = editRefusal(stored->status)) {
    throw LifecycleError("link " + std::to_string(link.id) + ": " + *refusal);
  }
  LinkEdit edit;
  const auto differences = linkDetailDifferences(*stored, link);
  if (differences.empty()) {
    edit.link = *stored;
    return edit;  // nothing written; the transaction rolls back empty
  }
  // Key, status and approver stay: they change only through createLink and transitionLink.
  db->query(
      "UPDATE links SET purpose_name = $2, legal_basis = $3, valid_from = $4, valid_to = $5, "
      "data_items = $6, department = $7, vendor = $8, review_date = $9, note = $10 "
      "WHERE id = $1",
      {std::to_string(link.id), link.purpose_name, link.legal_basis, link.valid_from, link.valid_to,
       link.data_items, link.department, link.vendor, link.review_date, link.note},
      "updating link details");
  // One time for every row of this edit: they are one change.
  const ChangeContext stamped{change.actor, change.reason, changeTime(change)};
  const std::string status = linkStatusName(stored->status);
  for (LinkChange row : differences) {
    row.link_id = link.id;
    row.action = "edited";
    row.from_status = status;
    row.to_status = status;
    edit.changes.push_back(recordChange(*db, row, stamped));
  }
  bumpRegistryVersion(*db);
  edit.link = *linkById(*db, link.id, /*for_update=*/false);
  transaction.commit();
  return edit;
}

Link PostgresStore::recordLinkReview(int64_t link_id, const std::string& next_review_date,
                                     const ChangeContext& change) {
  PgLease db = pool_.acquire();
  PgTransaction transaction(*db, "recording a link review");
  lockRegistry(*db);
  auto stored = linkById(*db, link_id, /*for_update=*/true);
  if (!stored) throw StoreError("there is no link " + std::to_string(link_id));
  if (auto refusal = editRefusal(stored->status)) {
    throw LifecycleError("link " + std::to_string(link_id) + ": " + *refusal);
  }
  db->query("UPDATE links SET review_date = $2 WHERE id = $1",
            {std::to_string(link_id), next_review_date}, "recording a link review");
  const std::string status = linkStatusName(stored->status);
  recordChange(*db,
               {.link_id = link_id,
                .action = "reviewed",
                .from_status = status,
                .to_status = status,
                .field = "reviewDate",
                .before = stored->review_date,
                .after = next_review_date},
               change);
  bumpRegistryVersion(*db);
  auto reviewed = linkById(*db, link_id, /*for_update=*/false);
  transaction.commit();
  return *reviewed;
}

Link PostgresStore::transitionLink(int64_t link_id, LinkStatus to, const ChangeContext& change) {
  PgLease db = pool_.acquire();
  PgTransaction transaction(*db, "changing a link's status");
  lockRegistry(*db);
  // FOR UPDATE as well as the registry lock: the status check must hold on its own, whatever
  // other writers lock first in future.
  auto stored = linkById(*db, link_id, /*for_update=*/true);
  if (!stored) throw StoreError("there is no link " + std::to_string(link_id));
  if (auto refusal = lifecycleRefusal(stored->status, to)) {
    throw LifecycleError("link " + std::to_string(link_id) + ": " + *refusal);
  }
  if (auto refusal = governanceRefusal(*stored, to, proposerOf(*db, link_id), change.actor,
                                       governanceRules())) {
    throw GovernanceError(refusal->rule, refusal->message);
  }
  db->query(
      "UPDATE links SET status = $2, approver = CASE WHEN $3::boolean THEN $4 ELSE approver END "
      "WHERE id = $1",
      {std::to_string(link_id), std::string(linkStatusName(to)),
       std::string(to == LinkStatus::kApproved ? "true" : "false"), change.actor},
      "changing a link's status");
  recordChange(*db,
               {.link_id = link_id,
                .action = lifecycleAction(stored->status, to),
                .from_status = linkStatusName(stored->status),
                .to_status = linkStatusName(to)},
               change);
  bumpRegistryVersion(*db);
  auto moved = linkById(*db, link_id, /*for_update=*/false);
  transaction.commit();
  return *moved;
}

std::optional<Link> PostgresStore::findLink(int64_t link_id) {
  return pgWithRetry(pool_, kNoDeadline,
                     [&](PgConnection& db) { return linkById(db, link_id, /*for_update=*/false); });
}

std::vector<LinkChange> PostgresStore::linkHistory(int64_t link_id) {
  const PgResult result = pgWithRetry(pool_, kNoDeadline, [&](PgConnection& db) {
    return db.query(
        "SELECT seq, link_id, at, actor, action, from_status, to_status, reason, field, "
        "old_value, new_value FROM link_history WHERE link_id = $1 ORDER BY seq",
        {std::to_string(link_id)}, "reading link history");
  });
  std::vector<LinkChange> history;
  for (int i = 0; i < result.rows(); ++i) {
    history.push_back({result.integer(i, 0), result.integer(i, 1), result.text(i, 2),
                       result.text(i, 3), result.text(i, 4), result.text(i, 5), result.text(i, 6),
                       result.text(i, 7), result.text(i, 8), result.text(i, 9),
                       result.text(i, 10)});
  }
  return history;
}

}  // namespace renkei
