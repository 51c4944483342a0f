#pragma once
// Picking records out of a broker's audit trail by what they are, not by their place: the
// trail opens with one record per link the configuration seeded (seeding is evidence too), so
// "the third record" depends on the configuration, while "the third exchange" does not.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "broker/audit/admin_audit.h"
#include "broker/core/audit_record.h"
#include "tests/integration/support/sqlite_count.h"

namespace renkei::testing {

// A link seeded from the configuration file (store/link_seeding.h).
inline bool isSeedRecord(const AuditRecord& r) {
  return r.outcome == kAdminOutcome && r.service == "registry" && r.purpose == "created" &&
         r.operator_id == "config";
}

// The trail without the seeding records: traffic and admin acts, in order.
inline std::vector<AuditRecord> withoutSeeding(std::vector<AuditRecord> records) {
  std::erase_if(records, isSeedRecord);
  return records;
}

// Exchanges only: no seeding, no admin change or read.
inline std::vector<AuditRecord> exchangesIn(std::vector<AuditRecord> records) {
  std::erase_if(records, [](const AuditRecord& r) { return r.outcome == kAdminOutcome; });
  return records;
}

// The seq of the n-th exchange (1-based) in a broker's SQLite file, -1 when there is none: for
// tests that tamper with one record by SQL.
inline int64_t exchangeSeq(const std::string& db_path, int n) {
  return countIn(db_path,
                 "SELECT seq FROM audit WHERE outcome <> 'admin' ORDER BY seq LIMIT 1 "
                 "OFFSET " +
                     std::to_string(n - 1));
}

}  // namespace renkei::testing
