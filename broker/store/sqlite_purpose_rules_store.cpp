#include "broker/store/sqlite_purpose_rules_store.h"

namespace renkei {

using mynumber::PurposeRule;
using mynumber::PurposeRules;
using mynumber::PurposeRulesVersion;

SqlitePurposeRulesStore::SqlitePurposeRulesStore(const std::string& path) : connection_(path) {
  const std::string doing = "configuring SQLite purpose rules " + path;
  connection_.exec("PRAGMA journal_mode = WAL", doing.c_str());
  connection_.exec("PRAGMA synchronous = FULL", doing.c_str());
  connection_.exec("PRAGMA busy_timeout = 5000", doing.c_str());
  connection_.exec("PRAGMA foreign_keys = ON", doing.c_str());
}

PurposeRulesVersion SqlitePurposeRulesStore::addVersion(PurposeRulesVersion meta,
                                                        const std::vector<PurposeRule>& rules) {
  std::lock_guard lock(mutex_);
  SqliteTransaction transaction(connection_, "loading purpose rules");
  meta.version = connection_.queryInt("SELECT COALESCE(MAX(version), 0) FROM purpose_rule_versions",
                                      "numbering the purpose rules version") +
                 1;
  meta.row_count = static_cast<int64_t>(rules.size());
  {
    StatementUse insert(connection_.cached(
        "INSERT INTO purpose_rule_versions (version, actor, loaded_at, file_sha256, source_file, "
        "row_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    insert->bind(1, meta.version);
    insert->bind(2, meta.actor);
    insert->bind(3, meta.loaded_at);
    insert->bind(4, meta.file_sha256);
    insert->bind(5, meta.source_file);
    insert->bind(6, meta.row_count);
    insert->step("recording the purpose rules version");
  }
  int64_t ordinal = 0;
  for (const PurposeRule& r : rules) {
    StatementUse insert(connection_.cached(
        "INSERT INTO purpose_rules (version, ordinal, jimu_code, jimu_name, requester, provider, "
        "item_code, item_name, legal_basis, valid_from, valid_to) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
    insert->bind(1, meta.version);
    insert->bind(2, ++ordinal);
    insert->bind(3, r.jimu_code);
    insert->bind(4, r.jimu_name);
    insert->bind(5, r.requester);
    insert->bind(6, r.provider);
    insert->bind(7, r.item_code);
    insert->bind(8, r.item_name);
    insert->bind(9, r.legal_basis);
    insert->bind(10, r.valid_from);
    insert->bind(11, r.valid_to);
    insert->step("storing a purpose rule");
  }
  transaction.commit();
  return meta;
}

std::vector<PurposeRulesVersion> SqlitePurposeRulesStore::versions() {
  std::lock_guard lock(mutex_);
  StatementUse select(
      connection_.cached("SELECT version, actor, loaded_at, file_sha256, source_file, row_count "
                         "FROM purpose_rule_versions ORDER BY version"));
  std::vector<PurposeRulesVersion> out;
  while (select->step("listing purpose rules versions")) {
    out.push_back({select->columnInt(0), select->columnText(1), select->columnText(2),
                   select->columnText(3), select->columnText(4), select->columnInt(5)});
  }
  return out;
}

std::optional<PurposeRules> SqlitePurposeRulesStore::current() {
  int64_t newest = 0;
  {
    std::lock_guard lock(mutex_);
    newest = connection_.queryInt("SELECT COALESCE(MAX(version), 0) FROM purpose_rule_versions",
                                  "finding the current purpose rules");
  }
  if (newest == 0) return std::nullopt;
  return atVersion(newest);
}

std::optional<PurposeRules> SqlitePurposeRulesStore::atVersion(int64_t version) {
  std::lock_guard lock(mutex_);
  {
    StatementUse known(
        connection_.cached("SELECT 1 FROM purpose_rule_versions WHERE version = ?1"));
    known->bind(1, version);
    if (!known->step("reading a purpose rules version")) return std::nullopt;
  }
  StatementUse select(connection_.cached(
      "SELECT jimu_code, jimu_name, requester, provider, item_code, item_name, legal_basis, "
      "valid_from, valid_to FROM purpose_rules WHERE version = ?1 ORDER BY ordinal"));
  select->bind(1, version);
  std::vector<PurposeRule> rules;
  while (select->step("reading purpose rules")) {
    PurposeRule r;
    r.jimu_code = select->columnText(0);
    r.jimu_name = select->columnText(1);
    r.requester = select->columnText(2);
    r.provider = select->columnText(3);
    r.item_code = select->columnText(4);
    r.item_name = select->columnText(5);
    r.legal_basis = select->columnText(6);
    r.valid_from = select->columnText(7);
    r.valid_to = select->columnText(8);
    rules.push_back(std::move(r));
  }
  return PurposeRules(version, std::move(rules));
}

}  // namespace renkei
