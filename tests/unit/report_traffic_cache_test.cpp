// TrafficCache: the admin listener's summary reads only what was appended since the last page,
// gives the same numbers as a full pass, and starts over when the registry changes.
#include "broker/reports/traffic_cache.h"

#include <gtest/gtest.h>

#include "broker/store/sqlite_store.h"
#include "tests/unit/store_test_support.h"

namespace renkei::reports {
namespace {

using renkei::testing::makeAuditRecord;
using renkei::testing::sampleRegistry;
using renkei::testing::TempDir;

class TrafficCacheTest : public ::testing::Test {
 protected:
  TrafficCacheTest() : store_(dir_.file("renkei.db")) {
    store_.migrate();
    RegistrySnapshot registry = sampleRegistry();
    store_.seedRegistry(registry);
    seeded_ = static_cast<int64_t>(registry.links.size());
  }

  void append(int from, int to) {
    std::vector<AuditRecord> batch;
    for (int n = from; n < to; ++n) batch.push_back(makeAuditRecord(n));
    store_.appendAudit(batch);
  }

  TempDir dir_;
  SqliteStore store_;
  int64_t seeded_ = 0;  // seeding's records (one per link) come first in the trail
};

TEST_F(TrafficCacheTest, LaterCallsReadOnlyTheNewRecordsAndAgreeWithAFullPass) {
  TrafficCache cache(store_);
  append(1, 31);  // 20 routed on link 1, 10 refused
  TrafficSummary first = cache.summary();
  EXPECT_EQ(first.records, 30);
  EXPECT_EQ(first.links.at(1).routed, 20);
  EXPECT_EQ(cache.recordsRead(), seeded_ + 30);

  append(31, 40);  // 6 routed, 3 refused
  RegistrySnapshot registry;
  TrafficSummary second = cache.summary(&registry);
  EXPECT_EQ(cache.recordsRead(), seeded_ + 39) << "the first 30 records were read again";
  EXPECT_EQ(second.records, 39);
  EXPECT_EQ(second.links.at(1).routed, 26);
  ASSERT_EQ(second.refused.size(), 1u);
  EXPECT_EQ(second.refused[0].count, 13);
  EXPECT_EQ(registry.links.size(), 3u);

  const TrafficSummary full = summarizeTraffic(store_);
  EXPECT_EQ(full.records, second.records);
  EXPECT_EQ(full.links.at(1).routed, second.links.at(1).routed);
  EXPECT_EQ(full.refused[0].count, second.refused[0].count);

  cache.summary();
  EXPECT_EQ(cache.recordsRead(), seeded_ + 39) << "nothing new, nothing read";
}

TEST_F(TrafficCacheTest, ARegistryChangeStartsTheSummaryOver) {
  TrafficCache cache(store_);
  append(1, 11);
  ASSERT_EQ(cache.summary().units.size(), 4u);
  ChangeContext change;
  change.actor = "tanaka";
  change.reason = "障害調査";
  store_.transitionLink(1, LinkStatus::kSuspended, change);

  RegistrySnapshot registry;
  const TrafficSummary after = cache.summary(&registry);
  // 10 + 11 after the seeding records twice: the change itself is a record of the chain (not
  // traffic).
  EXPECT_EQ(cache.recordsRead(), 2 * seeded_ + 21)
      << "the registry moved: every record is read again";
  EXPECT_EQ(after.records, 10);
  EXPECT_EQ(registry.links[0].status, LinkStatus::kSuspended);
  // The fan figures follow the new registry: kokuho has no active link out any more.
  bool kokuho_seen = false;
  for (const UnitFan& fan : after.units) {
    if (fan.unit != "062022/kokuho") continue;
    kokuho_seen = true;
    EXPECT_EQ(fan.active_links_out, 0);
  }
  EXPECT_TRUE(kokuho_seen);
}

}  // namespace
}  // namespace renkei::reports
