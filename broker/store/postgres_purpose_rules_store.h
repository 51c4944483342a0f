#pragma once
// The purpose rules on PostgreSQL (tables from PostgresStore's migration 6), shared by every
// broker instance and the CLI. Versions are numbered MAX + 1 inside the load's transaction;
// the primary key turns two loads racing for one number into a unique violation, and the loser
// tries again with the next number. The database refuses UPDATE and DELETE on both tables:
// an old version is evidence of what was in force.
#include <mutex>
#include <string>

#include "broker/mynumber/purpose_rules_store.h"
#include "broker/store/postgres_connection.h"

namespace renkei {

class PostgresPurposeRulesStore : public mynumber::PurposeRulesStore {
 public:
  // Connects at once, so a wrong address fails at start.
  explicit PostgresPurposeRulesStore(const std::string& conninfo);

  mynumber::PurposeRulesVersion addVersion(
      mynumber::PurposeRulesVersion meta, const std::vector<mynumber::PurposeRule>& rules) override;
  std::vector<mynumber::PurposeRulesVersion> versions() override;
  std::optional<mynumber::PurposeRules> current() override;
  std::optional<mynumber::PurposeRules> atVersion(int64_t version) override;

 private:
  // Callers hold mutex_.
  std::optional<mynumber::PurposeRules> read(int64_t version);

  std::mutex mutex_;
  PgConnection connection_;
};

}  // namespace renkei
