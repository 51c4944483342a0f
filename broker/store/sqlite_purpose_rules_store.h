#pragma once
// The purpose rules on the SQLite file the Store uses (tables from its migration 5), over a
// connection of their own. Same pragmas as SqliteStore: a version that addVersion returned is on
// disk. BEGIN IMMEDIATE numbers versions: two loads at once queue, never share a number.
#include <mutex>
#include <string>

#include "broker/mynumber/purpose_rules_store.h"
#include "broker/store/sqlite_connection.h"

namespace renkei {

class SqlitePurposeRulesStore : public mynumber::PurposeRulesStore {
 public:
  explicit SqlitePurposeRulesStore(const std::string& path);

  mynumber::PurposeRulesVersion addVersion(
      mynumber::PurposeRulesVersion meta, const std::vector<mynumber::PurposeRule>& rules) override;
  std::vector<mynumber::PurposeRulesVersion> versions() override;
  std::optional<mynumber::PurposeRules> current() override;
  std::optional<mynumber::PurposeRules> atVersion(int64_t version) override;

 private:
  std::mutex mutex_;
  SqliteConnection connection_;
};

}  // namespace renkei
