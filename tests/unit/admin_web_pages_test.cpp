#include <gtest/gtest.h>

#include "broker/admin/web_pages.h"
#include "tests/support/text_contains.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/support/report_test_data.h"

namespace renkei::admin {
namespace {

using renkei::testing::contains;

TEST(AdminWebPages, InventoryShowsUnitNamesAndEscapesEveryValue) {
  RegistrySnapshot registry = renkei::testing::sampleRegistry();
  registry.links[0].id = 7;
  registry.links[0].legal_basis = "<b>法</b> & \"条例\"";
  InventoryQuery query;
  query.sender = "\"><script>";
  reports::LinkUsage usage;
  InventoryPage page;
  page.rows = {{&registry.links[0], &usage}};
  page.matching = 1;
  const std::string body = inventoryBody(registry, page, query);
  EXPECT_TRUE(contains(body, "<a href=\"/links/7\">7</a>"));
  EXPECT_TRUE(contains(body, "062022/kokuho（国民健康保険）"));
  EXPECT_TRUE(contains(body, "&lt;b&gt;法&lt;/b&gt; &amp; &quot;条例&quot;"));
  EXPECT_TRUE(contains(body, "value=\"&quot;&gt;&lt;script&gt;\""));
  EXPECT_FALSE(contains(body, "<script>"));
  EXPECT_TRUE(contains(body, "1 件 / of 3 links"));
}

TEST(AdminWebPages, RefusedShowsOneRowPerGroup) {
  reports::TrafficSummary traffic;
  traffic.refused.push_back({"062014/kokuho", "062022/juki", "IdoJohoShokai:1", "KOKUHO-SHIKAKU",
                             "Client.LinkNotRegistered", 3, "2025-06-01T09:00:00.000Z",
                             "2025-06-02T10:00:00.000Z"});
  traffic.records = 10;
  const std::string body = refusedBody({}, traffic);
  // Times in JST: 09:00 UTC is 18:00 in Japan, and the page says so.
  EXPECT_TRUE(contains(body,
                       "<td>062014/kokuho</td><td>062022/juki</td><td>IdoJohoShokai:1</td>"
                       "<td>KOKUHO-SHIKAKU</td><td>Client.LinkNotRegistered</td>"
                       "<td class=\"num\">3</td><td>none</td><td>2025-06-01 18:00:00 +09:00</td>"
                       "<td>2025-06-02 19:00:00 +09:00</td>"));
  EXPECT_TRUE(contains(refusedBody({}, {}), "No refused attempts"));
}

TEST(AdminWebPages, RefusedNamesTheRegisteredLinkAndItsStatusAsTheCliReportDoes) {
  const RegistrySnapshot registry = renkei::testing::reportRegistry();
  const auto traffic = reports::summarizeTraffic(registry, renkei::testing::reportRecords());
  const std::string body = refusedBody(registry, traffic);
  EXPECT_TRUE(contains(body, "<th>登録された連携 Registered link</th>")) << body;
  // Three attempts on link 5, which is only proposed: a pending approval, with its page linked.
  EXPECT_TRUE(contains(body,
                       "<td>Client.LinkNotRegistered</td><td class=\"num\">3</td>"
                       "<td><a href=\"/links/5\">#5</a> proposed</td>"))
      << body;
  EXPECT_TRUE(contains(body, "<td class=\"num\">1</td><td>none</td>")) << body;  // "bogus"
}

TEST(AdminWebPages, LinkDetailShowsHistoryAndTraffic) {
  RegistrySnapshot registry = renkei::testing::sampleRegistry();
  LinkRecord record;
  record.link = registry.links[0];
  record.link.id = 3;
  record.link.approver = "情報政策課";
  record.history.push_back(
      {1, 3, "2025-06-01T09:00:00.000Z", "config", "created", "", "active", ""});
  record.history.push_back({2, 3, "2025-07-01T09:00:00.000Z", "sato", "edited", "active", "active",
                            "条例改正", "legalBasis", "国民健康保険法第9条",
                            "国民健康保険法第9条<第2項>"});
  reports::LinkUsage usage;
  usage.routed = 4;
  usage.routed_latency_us_total = 4000;
  usage.last_seen = "2025-07-01T15:30:00.000Z";
  usage.days["2025-07-02"] = {4, 1, 0};
  const std::string body =
      linkBody(registry, record, usage, renkei::testing::reportNow() + std::chrono::days{396});
  EXPECT_TRUE(contains(body, "<th>承認者 Approver</th><td>情報政策課</td>"));
  EXPECT_TRUE(contains(body, "<th>中継 Routed</th><td class=\"num\">4</td>"));
  EXPECT_TRUE(contains(body, "<td class=\"num\">1000</td>"));
  EXPECT_TRUE(contains(body, "<td>created</td><td>config</td>"));
  EXPECT_TRUE(contains(body, "<td>2025-06-01 18:00:00 +09:00</td><td>created</td>"));
  EXPECT_TRUE(contains(body, "<th>最終 Last seen (JST)</th><td>2025-07-02 00:30:00 +09:00</td>"));
  EXPECT_TRUE(contains(body, "<span class=\"badge status-active\">active</span>"));
  // Its traffic chart: one bar group per day, the day with traffic carrying its numbers.
  EXPECT_TRUE(contains(body, "<figure id=\"link-daily\"><svg"));
  EXPECT_TRUE(
      contains(body, "<title>2025-07-02: 中継 routed 4, 失敗 failed 0, 拒否 refused 1</title>"))
      << body;
  // An edit shows the field and its values before and after, escaped.
  EXPECT_TRUE(contains(body, "<th>項目 Field</th><th>変更前 Before</th><th>変更後 After</th>"));
  EXPECT_TRUE(contains(body,
                       "<td>legalBasis</td><td>国民健康保険法第9条</td>"
                       "<td>国民健康保険法第9条&lt;第2項&gt;</td><td>条例改正</td>"));
}

}  // namespace
}  // namespace renkei::admin
