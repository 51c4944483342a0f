// TrafficSummary on the hand-computed trail of report_test_data.h.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "broker/reports/traffic_summary.h"
#include "tests/unit/support/report_test_data.h"

namespace renkei::reports {
namespace {

using renkei::testing::reportRecords;
using renkei::testing::reportRegistry;

TEST(TrafficSummaryTest, LinkUsageCountsOutcomesTimesAndLatency) {
  const RegistrySnapshot registry = reportRegistry();
  const TrafficSummary s = summarizeTraffic(registry, reportRecords());
  ASSERT_EQ(s.links.size(), 7u);  // every registered link, used or not
  const LinkUsage& l1 = s.links.at(1);
  EXPECT_EQ(l1.routed, 2);
  EXPECT_EQ(l1.failed, 1);
  EXPECT_EQ(l1.refused, 0);
  EXPECT_EQ(l1.first_seen, "2024-01-10T09:00:00.000Z");
  EXPECT_EQ(l1.last_seen, "2024-05-21T10:00:00.000Z");
  EXPECT_EQ(l1.last_routed, "2024-05-20T10:00:00.000Z");
  EXPECT_EQ(l1.meanLatencyUs(), 2000);  // the 10 s timeout is not a latency
  // Record 3 names no link id; its key finds link 3.
  EXPECT_EQ(s.links.at(3).routed, 1);
  EXPECT_EQ(s.links.at(3).meanLatencyUs(), 500);
  EXPECT_EQ(s.links.at(6).routed, 0);
  EXPECT_EQ(s.links.at(6).last_seen, "");
  EXPECT_EQ(s.records, 13);
  EXPECT_EQ(s.first_record_time, "2024-01-10T09:00:00.000Z");
  EXPECT_EQ(s.last_record_time, "2024-05-26T00:00:00.000Z");
}

TEST(TrafficSummaryTest, RefusedAttemptsAreGroupedLargestFirst) {
  const RegistrySnapshot registry = reportRegistry();
  const TrafficSummary s = summarizeTraffic(registry, reportRecords());
  ASSERT_EQ(s.refused.size(), 5u);
  EXPECT_EQ(s.refused[0].sender, "062022/juminzei");
  EXPECT_EQ(s.refused[0].count, 3);
  EXPECT_EQ(s.refused[0].first_seen, "2024-04-10T00:00:00.000Z");
  EXPECT_EQ(s.refused[0].last_seen, "2024-04-15T00:00:00.000Z");
  EXPECT_EQ(s.refused[1].sender, "062014/kokuho");
  EXPECT_EQ(s.refused[1].count, 2);
  EXPECT_EQ(s.refused[2].fault_code, "Client.InvalidXml");
  EXPECT_EQ(s.refused[3].sender, "062022/kokuho");
  EXPECT_EQ(s.refused[4].sender, "bogus");
}

TEST(TrafficSummaryTest, OrderOfRecordsDoesNotMatter) {
  const RegistrySnapshot registry = reportRegistry();
  auto records = reportRecords();
  const TrafficSummary in_order = summarizeTraffic(registry, records);
  std::mt19937 shuffle_seed(7);
  std::shuffle(records.begin(), records.end(), shuffle_seed);
  const TrafficSummary shuffled = summarizeTraffic(registry, records);
  ASSERT_EQ(shuffled.refused.size(), in_order.refused.size());
  for (std::size_t i = 0; i < in_order.refused.size(); ++i) {
    EXPECT_EQ(shuffled.refused[i].first_seen, in_order.refused[i].first_seen);
    EXPECT_EQ(shuffled.refused[i].last_seen, in_order.refused[i].last_seen);
  }
  EXPECT_EQ(shuffled.links.at(1).last_routed, in_order.links.at(1).last_routed);
}

TEST(TrafficSummaryTest, StreamingAccumulatorMatchesTheVectorForm) {
  const RegistrySnapshot registry = reportRegistry();
  TrafficAccumulator accumulator(registry);
  for (const auto& record : reportRecords()) accumulator.add(record);
  const TrafficSummary s = accumulator.finish();
  EXPECT_EQ(s.records, 13);
  EXPECT_EQ(s.refused.size(), 5u);
}

TEST(TrafficSummaryTest, FanCountsActiveLinksAndAuthorizedTraffic) {
  const RegistrySnapshot registry = reportRegistry();
  const TrafficSummary s = summarizeTraffic(registry, reportRecords());
  ASSERT_EQ(s.units.size(), 5u);
  const UnitFan& juki = s.units[2];
  ASSERT_EQ(juki.unit, "062022/juki");
  EXPECT_EQ(juki.active_links_out, 1);
  EXPECT_EQ(juki.active_links_in, 3);
  EXPECT_EQ(juki.link_partners_in, 3);
  EXPECT_EQ(juki.exchanges_in, 4);
  EXPECT_EQ(juki.traffic_partners_in, 2);
}

TEST(TrafficSummaryTest, TenantsCountWhatTouchesThem) {
  const RegistrySnapshot registry = reportRegistry();
  const TrafficSummary s = summarizeTraffic(registry, reportRecords());
  ASSERT_EQ(s.tenants.size(), 2u);  // "bogus" and the empty sender make no tenant
  EXPECT_EQ(s.tenants[0].tenant, "062014");
  EXPECT_EQ(s.tenants[0].links, 1);
  EXPECT_EQ(s.tenants[0].cross_tenant_links, 1);
  EXPECT_EQ(s.tenants[0].refused, 2);
  EXPECT_EQ(s.tenants[1].tenant, "062022");
  EXPECT_EQ(s.tenants[1].links, 7);
  EXPECT_EQ(s.tenants[1].routed, 4);
  EXPECT_EQ(s.tenants[1].failed, 1);
  EXPECT_EQ(s.tenants[1].refused, 7);
}

}  // namespace
}  // namespace renkei::reports
