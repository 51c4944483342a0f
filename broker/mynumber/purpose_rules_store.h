#pragma once
// Where the purpose rules live: numbered versions, each the whole table as one file gave it,
// with who loaded it, when, from which file (its SHA-256) and how many rows. A load never
// changes an older version, so "which rules were in force when this request was refused" can
// always be answered; the newest version is the one in force. SQLite and PostgreSQL
// implementations in broker/store/; purpose_rules_store_factory.h opens the configured one.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "broker/mynumber/purpose_rules.h"

namespace renkei::mynumber {

struct PurposeRulesVersion {
  int64_t version = 0;
  std::string actor;        // who loaded it (--actor)
  std::string loaded_at;    // UTC, "2026-12-02T05:00:00.123Z"
  std::string file_sha256;  // of the file's bytes
  std::string source_file;  // the path as given to the load
  int64_t row_count = 0;
};

class PurposeRulesStore {
 public:
  virtual ~PurposeRulesStore() = default;

  // Stores `rules` as a new version, one above the newest (1 for the first), in one
  // transaction; `meta.version` and `meta.row_count` are the store's to fill in.
  virtual PurposeRulesVersion addVersion(PurposeRulesVersion meta,
                                         const std::vector<PurposeRule>& rules) = 0;
  // Oldest first.
  virtual std::vector<PurposeRulesVersion> versions() = 0;
  // The newest version; nullopt before the first load (then nothing is permitted).
  virtual std::optional<PurposeRules> current() = 0;
  virtual std::optional<PurposeRules> atVersion(int64_t version) = 0;
};

}  // namespace renkei::mynumber
