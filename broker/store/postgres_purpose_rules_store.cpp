#include "broker/store/postgres_purpose_rules_store.h"

#include "broker/store/postgres_schema.h"

namespace renkei {

using mynumber::PurposeRule;
using mynumber::PurposeRules;
using mynumber::PurposeRulesVersion;

PostgresPurposeRulesStore::PostgresPurposeRulesStore(const std::string& conninfo)
    : connection_(conninfo) {}

PurposeRulesVersion PostgresPurposeRulesStore::addVersion(PurposeRulesVersion meta,
                                                          const std::vector<PurposeRule>& rules) {
  std::lock_guard lock(mutex_);
  meta.row_count = static_cast<int64_t>(rules.size());
  PgTransaction transaction(connection_, "loading purpose rules");
  // Loads through other brokers or CLIs queue here, so each numbers its version after the one
  // committed before it. A transaction-scoped advisory lock needs no table privilege beyond
  // what the serving role has (SELECT, INSERT), and is released at commit or rollback.
  connection_.query("SELECT pg_advisory_xact_lock($1, $2)",
                    {std::to_string(kPgLockClass), std::to_string(kPgPurposeRulesLock)},
                    "waiting for other purpose rules loads");
  const PgResult numbered = connection_.query(
      "INSERT INTO purpose_rule_versions (version, actor, loaded_at, file_sha256, "
      "source_file, row_count) SELECT COALESCE(MAX(version), 0) + 1, $1, $2, $3, $4, $5 "
      "FROM purpose_rule_versions RETURNING version",
      {meta.actor, meta.loaded_at, meta.file_sha256, meta.source_file,
       std::to_string(meta.row_count)},
      "recording the purpose rules version");
  meta.version = numbered.integer(0, 0);
  int64_t ordinal = 0;
  for (const PurposeRule& r : rules) {
    connection_.query(
        "INSERT INTO purpose_rules (version, ordinal, jimu_code, jimu_name, requester, "
        "provider, item_code, item_name, legal_basis, valid_from, valid_to) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        {std::to_string(meta.version), std::to_string(++ordinal), r.jimu_code, r.jimu_name,
         r.requester, r.provider, r.item_code, r.item_name, r.legal_basis, r.valid_from,
         r.valid_to},
        "storing a purpose rule");
  }
  transaction.commit();
  return meta;
}

std::vector<PurposeRulesVersion> PostgresPurposeRulesStore::versions() {
  std::lock_guard lock(mutex_);
  const PgResult r = connection_.exec(
      "SELECT version, actor, loaded_at, file_sha256, source_file, row_count "
      "FROM purpose_rule_versions ORDER BY version",
      "listing purpose rules versions");
  std::vector<PurposeRulesVersion> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(
        {r.integer(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.integer(i, 5)});
  }
  return out;
}

std::optional<PurposeRules> PostgresPurposeRulesStore::current() {
  std::lock_guard lock(mutex_);
  const PgResult r = connection_.exec("SELECT COALESCE(MAX(version), 0) FROM purpose_rule_versions",
                                      "finding the current purpose rules");
  const int64_t newest = r.integer(0, 0);
  if (newest == 0) return std::nullopt;
  return read(newest);
}

std::optional<PurposeRules> PostgresPurposeRulesStore::atVersion(int64_t version) {
  std::lock_guard lock(mutex_);
  return read(version);
}

std::optional<PurposeRules> PostgresPurposeRulesStore::read(int64_t version) {
  const std::string v = std::to_string(version);
  if (connection_
          .query("SELECT 1 FROM purpose_rule_versions WHERE version = $1", {v},
                 "reading a purpose rules version")
          .rows() == 0) {
    return std::nullopt;
  }
  const PgResult r = connection_.query(
      "SELECT jimu_code, jimu_name, requester, provider, item_code, item_name, legal_basis, "
      "valid_from, valid_to FROM purpose_rules WHERE version = $1 ORDER BY ordinal",
      {v}, "reading purpose rules");
  std::vector<PurposeRule> rules;
  for (int i = 0; i < r.rows(); ++i) {
    rules.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4),
                     r.text(i, 5), r.text(i, 6), r.text(i, 7), r.text(i, 8)});
  }
  return PurposeRules(version, std::move(rules));
}

}  // namespace renkei
