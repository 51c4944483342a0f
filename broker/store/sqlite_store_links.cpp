// SqliteStore: registry changes made while brokers run (CLI, admin service), each one
// transaction that changes the link, appends its history and raises the registry version.
#include "broker/audit/admin_audit.h"
#include "broker/audit/link_content.h"
#include "broker/registry/change_time.h"
#include "broker/registry/link_edit.h"
#include "broker/registry/link_lifecycle.h"
#include "broker/store/sqlite_link_rows.h"
#include "broker/store/sqlite_store.h"

namespace renkei {

namespace {

std::string describeKey(const Link& link) {
  return link.sender + " -> " + link.receiver + " " + link.service_name + ":" +
         link.service_version + " purpose " + link.purpose_code;
}

}  // namespace

std::optional<Link> SqliteStore::linkById(int64_t link_id) {
  StatementUse st(connection_.cached(std::string("SELECT ") + kSqliteLinkColumns +
                                     " FROM links WHERE id = ?1"));
  st->bind(1, link_id);
  if (!st->step("reading a link")) return std::nullopt;
  return readLinkRow(*st);
}

std::optional<Link> SqliteStore::linkByKey(const Link& key) {
  StatementUse st(connection_.cached(
      std::string("SELECT ") + kSqliteLinkColumns +
      " FROM links WHERE sender = ?1 AND receiver = ?2 AND service_name = ?3 AND "
      "service_version = ?4 AND purpose_code = ?5"));
  st->bind(1, key.sender);
  st->bind(2, key.receiver);
  st->bind(3, key.service_name);
  st->bind(4, key.service_version);
  st->bind(5, key.purpose_code);
  if (!st->step("looking a link up by its key")) return std::nullopt;
  return readLinkRow(*st);
}

int64_t SqliteStore::insertLink(const Link& link) {
  StatementUse st(connection_.cached(kSqliteLinkInsert));
  bindLinkColumns(*st, link, 1);
  // The usual failure is a foreign key: a unit the registry does not know.
  const std::string doing = "inserting link " + describeKey(link) + " (are both units known?)";
  if (!st->step(doing.c_str())) throw StoreError(doing + ": no id returned");
  return st->columnInt(0);
}

std::string SqliteStore::proposerOf(int64_t link_id) {
  StatementUse st(
      connection_.cached("SELECT actor FROM link_history WHERE link_id = ?1 AND action = 'created' "
                         "ORDER BY seq LIMIT 1"));
  st->bind(1, link_id);
  return st->step("reading who proposed the link") ? st->columnText(0) : std::string();
}

LinkChange SqliteStore::appendHistory(const LinkChange& row, const ChangeContext& change) {
  LinkChange stored = row;
  stored.at = changeTime(change);
  stored.actor = change.actor;
  stored.reason = change.reason;
  StatementUse st(connection_.cached(
      "INSERT INTO link_history (link_id, at, actor, action, from_status, to_status, reason, "
      "field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
      "RETURNING seq"));
  st->bind(1, stored.link_id);
  st->bind(2, stored.at);
  st->bind(3, stored.actor);
  st->bind(4, stored.action);
  st->bind(5, stored.from_status);
  st->bind(6, stored.to_status);
  st->bind(7, stored.reason);
  st->bind(8, stored.field);
  st->bind(9, stored.before);
  st->bind(10, stored.after);
  if (!st->step("appending link history")) {
    throw StoreError("appending link history: no seq returned");
  }
  stored.seq = st->columnInt(0);
  return stored;
}

void SqliteStore::appendAdminAudit(const LinkChange& row, const ChangeContext& change) {
  std::vector<AuditRecord> record{adminAuditRecord(row, change)};
  chainAndInsertAudit(record);
}

LinkChange SqliteStore::recordChange(const LinkChange& row, const ChangeContext& change) {
  // The history row and its audit record carry the same time.
  const ChangeContext stamped{change.actor, change.reason, changeTime(change)};
  LinkChange stored = appendHistory(row, stamped);
  appendAdminAudit(row, stamped);
  return stored;
}

void SqliteStore::bumpRegistryVersion() {
  StatementUse st(
      connection_.cached("UPDATE registry_version SET version = version + 1 WHERE id = 1"));
  st->step("raising the registry version");
}

Link SqliteStore::createLink(const Link& link, const ChangeContext& change) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(connection_, "creating a link");
  if (auto existing = linkByKey(link)) {
    throw StoreError("link " + describeKey(link) + " already exists as link " +
                     std::to_string(existing->id) + " (" + linkStatusName(existing->status) + ")");
  }
  Link created = link;
  created.id = insertLink(created);
  recordChange(linkCreationRow(created), change);
  bumpRegistryVersion();
  transaction.commit();
  return created;
}

LinkEdit SqliteStore::updateLinkDetails(const Link& link, const ChangeContext& change) {
  std::lock_guard lock(mutex_);
  // Compared under the write lock: two officers editing at once each see what the other stored.
  SqliteTransaction transaction(connection_, "updating link details");
  auto stored = linkById(link.id);
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
  {
    StatementUse st(connection_.cached(
        "UPDATE links SET purpose_name = ?2, legal_basis = ?3, valid_from = ?4, valid_to = ?5, "
        "data_items = ?6, department = ?7, vendor = ?8, review_date = ?9, note = ?10 "
        "WHERE id = ?1"));
    st->bind(1, link.id);
    st->bind(2, link.purpose_name);
    st->bind(3, link.legal_basis);
    st->bind(4, link.valid_from);
    st->bind(5, link.valid_to);
    st->bind(6, link.data_items);
    st->bind(7, link.department);
    st->bind(8, link.vendor);
    st->bind(9, link.review_date);
    st->bind(10, link.note);
    st->step("updating link details");
  }
  // One time for every row of this edit: they are one change.
  const ChangeContext stamped{change.actor, change.reason, changeTime(change)};
  const std::string status = linkStatusName(stored->status);
  for (LinkChange row : differences) {
    row.link_id = link.id;
    row.action = "edited";
    row.from_status = status;
    row.to_status = status;
    edit.changes.push_back(recordChange(row, stamped));
  }
  bumpRegistryVersion();
  edit.link = *linkById(link.id);
  transaction.commit();
  return edit;
}

Link SqliteStore::recordLinkReview(int64_t link_id, const std::string& next_review_date,
                                   const ChangeContext& change) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(connection_, "recording a link review");
  auto stored = linkById(link_id);
  if (!stored) throw StoreError("there is no link " + std::to_string(link_id));
  if (auto refusal = editRefusal(stored->status)) {
    throw LifecycleError("link " + std::to_string(link_id) + ": " + *refusal);
  }
  {
    StatementUse st(connection_.cached("UPDATE links SET review_date = ?2 WHERE id = ?1"));
    st->bind(1, link_id);
    st->bind(2, next_review_date);
    st->step("recording a link review");
  }
  const std::string status = linkStatusName(stored->status);
  recordChange({.link_id = link_id,
                .action = "reviewed",
                .from_status = status,
                .to_status = status,
                .field = "reviewDate",
                .before = stored->review_date,
                .after = next_review_date},
               change);
  bumpRegistryVersion();
  auto reviewed = linkById(link_id);
  transaction.commit();
  return *reviewed;
}

Link SqliteStore::transitionLink(int64_t link_id, LinkStatus to, const ChangeContext& change) {
  std::lock_guard lock(mutex_);
  // BEGIN IMMEDIATE holds the write lock from the status read to the commit, so of two admins
  // racing to move the same link only the first sees the status it expects.
  SqliteTransaction transaction(connection_, "changing a link's status");
  auto stored = linkById(link_id);
  if (!stored) throw StoreError("there is no link " + std::to_string(link_id));
  if (auto refusal = lifecycleRefusal(stored->status, to)) {
    throw LifecycleError("link " + std::to_string(link_id) + ": " + *refusal);
  }
  if (auto refusal =
          governanceRefusal(*stored, to, proposerOf(link_id), change.actor, governanceRules())) {
    throw GovernanceError(refusal->rule, refusal->message);
  }
  {
    StatementUse st(connection_.cached(
        "UPDATE links SET status = ?2, approver = CASE WHEN ?3 THEN ?4 ELSE approver END "
        "WHERE id = ?1"));
    st->bind(1, link_id);
    st->bind(2, std::string_view(linkStatusName(to)));
    st->bind(3, int64_t{to == LinkStatus::kApproved ? 1 : 0});
    st->bind(4, change.actor);
    st->step("changing a link's status");
  }
  recordChange({.link_id = link_id,
                .action = lifecycleAction(stored->status, to),
                .from_status = linkStatusName(stored->status),
                .to_status = linkStatusName(to)},
               change);
  bumpRegistryVersion();
  auto moved = linkById(link_id);
  transaction.commit();
  return *moved;
}

std::optional<Link> SqliteStore::findLink(int64_t link_id) {
  std::lock_guard lock(mutex_);
  return linkById(link_id);
}

std::vector<LinkChange> SqliteStore::linkHistory(int64_t link_id) {
  std::lock_guard lock(mutex_);
  StatementUse st(connection_.cached(
      "SELECT seq, link_id, at, actor, action, from_status, to_status, reason, field, old_value, "
      "new_value FROM link_history WHERE link_id = ?1 ORDER BY seq"));
  st->bind(1, link_id);
  std::vector<LinkChange> history;
  while (st->step("reading link history")) {
    history.push_back({st->columnInt(0), st->columnInt(1), st->columnText(2), st->columnText(3),
                       st->columnText(4), st->columnText(5), st->columnText(6), st->columnText(7),
                       st->columnText(8), st->columnText(9), st->columnText(10)});
  }
  return history;
}

int64_t SqliteStore::registryVersion() {
  std::lock_guard lock(mutex_);
  StatementUse st(connection_.cached("SELECT version FROM registry_version WHERE id = 1"));
  if (!st->step("reading the registry version")) {
    throw StoreError("reading the registry version: the registry_version row is missing");
  }
  return st->columnInt(0);
}

}  // namespace renkei
