// The dashboard and its chart: what a 課長 sees at a glance, from the hand-checked report data.
#include <gtest/gtest.h>

#include "broker/admin/svg_chart.h"
#include "broker/admin/web_pages.h"
#include "tests/unit/support/report_test_data.h"

namespace renkei::admin {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SvgChart, StacksEachDaysOutcomesAndScalesToTheBusiestDay) {
  reports::DailyCounts days;
  days["2024-05-20"] = {10, 2, 1};  // routed, refused, failed
  days["2024-05-31"] = {3, 0, 0};
  days["2024-04-01"] = {99, 0, 0};  // outside the window: not drawn
  DailyChartOptions options;
  options.last_day = "2024-05-31";
  options.days = 14;
  options.label = "test chart";
  const std::string svg = dailyChartSvg(days, options);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\"", 0),
            0u);
  EXPECT_TRUE(has(svg, "aria-label=\"test chart\""));
  std::size_t groups = 0;
  for (auto at = svg.find("<g class=\"day\""); at != std::string::npos;
       at = svg.find("<g class=\"day\"", at + 1)) {
    ++groups;
  }
  EXPECT_EQ(groups, 14u);
  EXPECT_TRUE(has(svg, "<title>2024-05-20: 中継 routed 10, 失敗 failed 1, 拒否 refused 2</title>"));
  EXPECT_TRUE(has(svg, "計 total 16"));  // the April day is outside
  EXPECT_FALSE(has(svg, "2024-04-01"));
  EXPECT_TRUE(has(svg, ">15</text>"));  // y axis: 13 at most, in steps of 5
  EXPECT_FALSE(has(svg, "<script"));
  EXPECT_FALSE(has(svg, "href"));  // nothing fetched from anywhere
}

TEST(SvgChart, SaysSoWhenTheWindowIsEmpty) {
  DailyChartOptions options;
  options.last_day = "2024-05-31";
  EXPECT_TRUE(has(dailyChartSvg({}, options), "No exchanges in these 30 days"));
}

TEST(AdminDashboard, ShowsTrafficPairsAndTheRegistrysOpenChores) {
  const RegistrySnapshot registry = renkei::testing::reportRegistry();
  const auto traffic = reports::summarizeTraffic(registry, renkei::testing::reportRecords());
  const std::string body = dashboardBody(registry, traffic, renkei::testing::reportNow());
  EXPECT_TRUE(has(body, "連携 7 件 links:")) << body;
  EXPECT_TRUE(has(body,
                  "<a href=\"/?status=active\"><span class=\"badge status-active\">active"
                  "</span> 4</a>"));
  // The chart ends today (2024-06-01 JST) and holds the last 30 days' 4 records.
  EXPECT_TRUE(has(body, "<figure id=\"daily\"><svg"));
  EXPECT_TRUE(has(body, "計 total 4")) << body;
  EXPECT_TRUE(has(body, "<title>2024-05-20: 中継 routed 1, 失敗 failed 0, 拒否 refused 0</title>"));
  // Busiest pair: kokuho -> juki (2 routed on link 1), linked to the filtered inventory.
  EXPECT_TRUE(
      has(body,
          "<table id=\"busiest\"><thead><tr><th>送信元 Sender</th><th>受信先 Receiver</th>"
          "<th>中継 Routed</th></tr></thead><tbody>\n<tr><td>062022/kokuho（国民健康保険シ"
          "ステム）</td><td>062022/juki（住民基本台帳システム）</td><td class=\"num\">2</td>"))
      << body;
  EXPECT_TRUE(has(body, "href=\"/?sender=062022%2Fkokuho&amp;receiver=062022%2Fjuki\""));
  // Most refused: juminzei -> kokuho, three attempts.
  const auto refused = body.find("<table id=\"most-refused\">");
  ASSERT_NE(refused, std::string::npos);
  EXPECT_NE(body.find("<td>062022/juminzei（個人住民税システム）</td><td>062022/kokuho（国民健康"
                      "保険システム）</td><td class=\"num\">3</td>",
                      refused),
            std::string::npos);
  // Reviews due as `renkei report review-due` lists them, links to each link's page.
  EXPECT_TRUE(has(body, "<table id=\"review-due\">"));
  EXPECT_TRUE(has(body, "<td><a href=\"/links/2\">2</a></td>"));
  EXPECT_TRUE(has(body, "<td>overdue</td>"));
  // Links whose legal basis is missing or a placeholder: 3 ("-"), 4 ("未定"), 5 ("").
  const auto no_basis = body.find("<table id=\"no-legal-basis\">");
  ASSERT_NE(no_basis, std::string::npos);
  EXPECT_NE(body.find("<td>未定</td>", no_basis), std::string::npos);
  EXPECT_TRUE(has(body, "<h2>根拠法令のない連携 Links without a legal basis</h2>\n<p>3 件</p>"));
}

}  // namespace
}  // namespace renkei::admin
