#include "adapters/mynumber/record_retention.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "broker/core/japan_date.h"
#include "broker/core/utc_timestamp.h"

namespace renkei::mynumber {

std::string retentionCutoff(const std::string& today, int years) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(today.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) {
    throw std::invalid_argument("not a date (YYYY-MM-DD): '" + today + "'");
  }
  using namespace std::chrono;
  year_month_day cutoff{year{y - years}, month{static_cast<unsigned>(m)},
                        day{static_cast<unsigned>(d)}};
  if (!cutoff.ok()) cutoff = year_month_day{cutoff.year() / cutoff.month() / last};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(cutoff.year()),
                static_cast<unsigned>(cutoff.month()), static_cast<unsigned>(cutoff.day()));
  return buf;
}

PurgeResult purgeExpiredRecords(GatewayStore& store, int years, const std::string& actor,
                                const CheckpointSigner* signer, const std::string& instance_id) {
  return store.purgeBefore(retentionCutoff(jstDateToday(), years), actor, utcTimestampNow(), signer,
                           instance_id);
}

std::string describePurge(const PurgeResult& result, const std::string& cutoff) {
  if (result.count == 0) return "no record requested before " + cutoff + " (nothing to purge)";
  return "purged " + std::to_string(result.count) + " record(s) (seq " +
         std::to_string(result.first_seq) + "-" + std::to_string(result.last_seq) +
         ") requested before " + cutoff +
         (result.signed_anchor ? ", anchor signed" : ", anchor NOT signed (no checkpoint key)");
}

}  // namespace renkei::mynumber
