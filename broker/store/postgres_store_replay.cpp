// PostgresStore: replay claims shared by every broker instance on the database.
#include "broker/store/postgres_store.h"

namespace renkei {
namespace {
// Expired claims are deleted by whichever instance makes every this-many-th claim.
constexpr int64_t kSweepEvery = 1000;
}  // namespace

bool PostgresStore::claimMessage(const std::string& sender, const std::string& message_id,
                                 std::chrono::seconds retention,
                                 std::chrono::steady_clock::time_point until) {
  const std::string seconds = std::to_string(retention.count());
  // One statement, atomic across instances: a new claim inserts; an expired one is taken over;
  // a live one returns no row (a duplicate).
  const PgResult rows = pgWithRetry(pool_, until, [&](PgConnection& db) {
    return db.query(
        "INSERT INTO message_claims (sender, message_id, claimed_at) VALUES ($1, $2, now()) "
        "ON CONFLICT (sender, message_id) DO UPDATE SET claimed_at = now() "
        "WHERE message_claims.claimed_at < now() - make_interval(secs => $3::int) "
        "RETURNING 1",
        {sender, message_id, seconds}, "claiming a message id");
  });
  if (claims_made_.fetch_add(1) % kSweepEvery == kSweepEvery - 1) {
    pgWithRetry(pool_, until, [&](PgConnection& db) {
      return db.query(
          "DELETE FROM message_claims WHERE claimed_at < now() - "
          "make_interval(secs => $1::int)",
          {seconds}, "deleting expired message claims");
    });
  }
  return rows.rows() == 1;
}

}  // namespace renkei
