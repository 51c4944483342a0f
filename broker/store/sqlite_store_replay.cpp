// SqliteStore: the recent authorized exchanges that prime the in-memory replay guard at start.
#include <limits>

#include "broker/store/sqlite_store.h"

namespace renkei {
namespace {
constexpr int64_t kPageSize = 500;
}

void SqliteStore::forEachRecentClaim(
    const std::string& since_utc,
    const std::function<bool(const std::string&, const std::string&, const std::string&)>& visit) {
  struct Row {
    std::string sender, message_id, time;
  };
  int64_t before = std::numeric_limits<int64_t>::max();
  for (;;) {
    std::vector<Row> page;
    int64_t scanned = 0;
    bool reached_window_start = false;
    {
      std::lock_guard lock(mutex_);
      // Backwards by seq (the primary key): the tail only, however long the trail.
      StatementUse st(connection_.cached(
          "SELECT seq, sender, message_id, time, link_id FROM audit WHERE seq < ?1 "
          "ORDER BY seq DESC LIMIT ?2"));
      st->bind(1, before);
      st->bind(2, kPageSize);
      while (st->step("reading recent message ids")) {
        ++scanned;
        before = st->columnInt(0);
        std::string time = st->columnText(3);
        if (time < since_utc) {
          reached_window_start = true;
          break;
        }
        // Only authorized exchanges (they have a link) claimed their message id.
        if (!st->columnIsNull(4)) page.push_back({st->columnText(1), st->columnText(2), time});
      }
    }
    for (const auto& row : page) {
      if (!visit(row.sender, row.message_id, row.time)) return;
    }
    if (reached_window_start || scanned < kPageSize) return;
  }
}

}  // namespace renkei
