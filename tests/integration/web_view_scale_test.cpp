// The admin web view at the scale of a city with ~200 systems and 2,000 links, in a real
// browser: Debian's headless Chromium loads the inventory, a search, page 2, the graph and the
// dashboard from the admin listener of a real broker whose store holds 2,000 links (created with
// the store API, as `renkei links import` does) and 30 days of traffic. It also measures how
// long the listener takes to render `/`.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>

#include "broker/reports/report_time.h"
#include "broker/store/sqlite_store.h"
#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/headless_chromium.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"

namespace renkei::testing {
namespace {

constexpr int kTenants = 10;
constexpr int kUnitsPerTenant = 20;
constexpr int kLinks = 2000;
constexpr int kExampleLinks = 7;  // the example configuration's own
// "2007": the total the pages count.
const std::string kTotal = std::to_string(kLinks + kExampleLinks);

// A 団体コード with its check digit: 0620T plus the digit the JIS X 0401 rule asks for.
std::string tenantCode(int t) {
  const std::string head = "062" + std::to_string(10 + t * 3);
  static constexpr int kWeights[5] = {6, 5, 4, 3, 2};
  int sum = 0;
  for (int i = 0; i < 5; ++i) sum += (head[i] - '0') * kWeights[i];
  return head + std::to_string((11 - sum % 11) % 10);
}

std::string unitId(int n) {
  return tenantCode(n / kUnitsPerTenant) + "/sys" + std::to_string(n % kUnitsPerTenant);
}

// The 200 units as <unit> elements added to the example configuration.
std::string unitElements() {
  std::string out;
  for (int n = 0; n < kTenants * kUnitsPerTenant; ++n) {
    out += "    <unit id=\"" + unitId(n) + "\" name=\"業務システム" + std::to_string(n) +
           "\" endpoint=\"http://127.0.0.1:9/\" owner=\"課" + std::to_string(n % 17) +
           "\" connection=\"plain\"/>\n";
  }
  return out + "  </units>";
}

// Link i: sender unit i % 200, receiver (7i + 3) % 200; every tenth link's legal basis is
// 地方税法, the rest 住民基本台帳法; department 課0..課16; vendor ベンダーA..D.
Link generatedLink(int i) {
  Link link;
  link.sender = unitId(i % 200);
  link.receiver = unitId((i * 7 + 3) % 200);
  if (link.receiver == link.sender) link.receiver = unitId((i + 1) % 200);
  link.service_name = "JohoShokai" + std::to_string(i % 5);
  link.service_version = "1";
  link.purpose_code = "PURPOSE-" + std::to_string(i);
  link.purpose_name = "事務" + std::to_string(i);
  link.legal_basis = i % 10 == 0 ? "地方税法 第294条" : "住民基本台帳法 第1条";
  link.department = "課" + std::to_string(i % 17);
  link.vendor = std::string("ベンダー") + static_cast<char>('A' + i % 4);
  link.review_date = "2030-03-31";
  // Active, five in a hundred suspended: the statuses the badges show.
  link.status = i % 20 == 0 ? LinkStatus::kSuspended : LinkStatus::kActive;
  return link;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

class WebViewScaleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    BrokerSetup setup;
    setup.config_edits = {{"  </units>", unitElements()}};
    broker_ = new RunningBroker(setup);
    // The registry and its history are written while the broker is stopped, as an import before
    // go-live would be; then the broker restarts on the same store.
    broker_->stop();
    {
      SqliteStore store(broker_->dbPath());
      const ChangeContext change{"情報政策課", "一括登録", ""};
      const auto now = reports::currentTime();
      std::vector<AuditRecord> batch;
      int64_t seq = 0;
      for (int i = 1; i <= kLinks; ++i) {
        const Link link = store.createLink(generatedLink(i), change);
        // Traffic over the last 30 days: link i routes i % 4 messages, every 50th is refused.
        for (int k = 0; k < i % 4 + (i % 50 == 0 ? 1 : 0); ++k) {
          AuditRecord record;
          record.time = reports::formatIsoTimestamp(now - std::chrono::hours((i * 13 + k) % 720));
          record.message_id = "scale-" + std::to_string(++seq);
          record.sender = link.sender;
          record.receiver = link.receiver;
          record.service = link.service_name + ":1";
          record.purpose = link.purpose_code;
          record.link_id = link.id;
          const bool refused = k == i % 4;
          record.outcome = refused ? "refused" : "routed";
          record.fault_code = refused ? "Client.LinkNotActive" : "";
          record.latency_us = 1500;
          batch.push_back(record);
        }
      }
      store.appendAudit(batch);
    }
    broker_->restart();
    admin_ = new AdminListener(*broker_);
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete broker_;
  }

  ChromiumDom load(const std::string& path) {
    ChromiumDom page = chromiumDumpDom(admin_->url(path));
    EXPECT_TRUE(page.ok) << page.error;
    return page;
  }

  static RunningBroker* broker_;
  static AdminListener* admin_;
};
RunningBroker* WebViewScaleTest::broker_ = nullptr;
AdminListener* WebViewScaleTest::admin_ = nullptr;

TEST_F(WebViewScaleTest, InventoryShowsTheFirstHundredOfTwoThousandWithAPager) {
  // Render time of `/` at 2,005 links, as the listener serves it (the traffic summary is warm
  // after the first request, as on a running broker).
  SoapClient http;
  const auto cold_start = std::chrono::steady_clock::now();
  const HttpAnswer cold = http.get(admin_->url("/"));
  const auto cold_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - cold_start)
                           .count();
  ASSERT_EQ(cold.status, 200);
  const auto warm_start = std::chrono::steady_clock::now();
  const HttpAnswer warm = http.get(admin_->url("/"));
  const auto warm_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - warm_start)
                           .count();
  ASSERT_EQ(warm.status, 200);
  std::cout << "[ render ] / at " << kLinks + kExampleLinks << " links: first " << cold_ms
            << " ms, then " << warm_ms << " ms, " << warm.body.size() << " bytes" << std::endl;
  EXPECT_LT(warm_ms, 2000);
  EXPECT_LT(warm.body.size(), 200u * 1024);  // a page of 100 rows, not 2,000

  const ChromiumDom page = load("/");
  ASSERT_TRUE(page.ok);
  const std::string& dom = page.dom;
  EXPECT_TRUE(contains(
      dom, kTotal + " 件 / of " + kTotal + " links — 1–100 件目を表示 shown (page 1 / 21)"))
      << dom.substr(0, 3000);
  EXPECT_EQ(count(dom, "<tr><td><a href=\"/links/"), 100u);
  EXPECT_TRUE(contains(dom, "<a href=\"/?page=21\">21</a>"));
  EXPECT_TRUE(contains(dom, "<span class=\"badge status-suspended\">suspended</span>"));
  EXPECT_TRUE(contains(dom, "業務システム"));
  EXPECT_TRUE(contains(dom, "+09:00</td>"));  // last seen in JST
}

TEST_F(WebViewScaleTest, SearchAndPageTwoNarrowAndMove) {
  // Every tenth link is under 地方税法; one in four of those is vendor B's... none, since
  // i % 10 == 0 means i % 4 is 0 or 2: vendors A and C only.
  const ChromiumDom tax =
      load("/?q=%E5%9C%B0%E6%96%B9%E7%A8%8E%E6%B3%95+%E3%83%99%E3%83%B3%E3%83%80%E3%83%BCC");
  ASSERT_TRUE(tax.ok);
  EXPECT_TRUE(contains(tax.dom, "100 件 / of " + kTotal + " links")) << tax.dom.substr(0, 3000);

  // Part of a unit id finds the sys7 of every tenant: links with i % 20 == 7, all active; the
  // busiest first (i % 4 == 3 routes three messages).
  const ChromiumDom partial = load("/?sender=sys7&status=active&sort=routed&dir=desc");
  ASSERT_TRUE(partial.ok);
  EXPECT_TRUE(contains(partial.dom, "100 件 / of " + kTotal + " links"))
      << partial.dom.substr(0, 3000);
  EXPECT_TRUE(contains(partial.dom, "<td class=\"num\">3</td>"));

  const ChromiumDom page2 = load("/?page=2");
  ASSERT_TRUE(page2.ok);
  EXPECT_TRUE(contains(page2.dom, "101–200 件目を表示 shown (page 2 / 21)"));
  EXPECT_TRUE(contains(page2.dom, "<strong aria-current=\"page\">2</strong>"));
  EXPECT_EQ(count(page2.dom, "<tr><td><a href=\"/links/"), 100u);

  const ChromiumDom bogus = load("/?status=bogus");
  ASSERT_TRUE(bogus.ok);
  EXPECT_TRUE(contains(bogus.dom, "status='bogus' is not allowed")) << bogus.dom;
  SoapClient http;
  EXPECT_EQ(http.get(admin_->url("/?status=bogus")).status, 400);

  const HttpAnswer csv = http.get(admin_->url("/?page=2&format=csv"));
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(count(csv.body, "\r\n"), 101u);  // header and the 100 rows of page 2
}

TEST_F(WebViewScaleTest, GraphIsTheTenantOverviewAndOneUnitsNeighbourhood) {
  const ChromiumDom overview = load("/graph");
  ASSERT_TRUE(overview.ok);
  EXPECT_TRUE(contains(overview.dom, "data-level=\"tenants\"")) << overview.dom.substr(0, 3000);
  EXPECT_TRUE(contains(overview.dom, "<svg"));
  EXPECT_TRUE(contains(overview.dom, kTotal + " 件の連携 links"));
  // One node per tenant (the example's two and the ten generated), each leading to its units.
  EXPECT_EQ(count(overview.dom, "<g id=\"node"), 12u);
  EXPECT_TRUE(contains(overview.dom, "/graph?tenant=" + tenantCode(3)));

  const ChromiumDom unit = load("/graph?unit=" + tenantCode(0) + "%2Fsys5");
  ASSERT_TRUE(unit.ok);
  EXPECT_TRUE(contains(unit.dom, "data-level=\"unit\""));
  EXPECT_TRUE(contains(unit.dom, "<svg"));
  EXPECT_LT(count(unit.dom, "<g id=\"edge"), 40u);
  EXPECT_TRUE(contains(unit.dom, "業務システム5")) << unit.dom.substr(0, 3000);
}

TEST_F(WebViewScaleTest, DashboardChartsTheDaysAndListsTheBusiestPairs) {
  const ChromiumDom page = load("/dashboard");
  ASSERT_TRUE(page.ok);
  const std::string& dom = page.dom;
  EXPECT_TRUE(contains(dom, "連携 " + kTotal + " 件 links:")) << dom.substr(0, 3000);
  EXPECT_TRUE(contains(dom, "<figure id=\"daily\"><svg"));
  EXPECT_EQ(count(dom, "<g class=\"day\""), 30u);
  EXPECT_TRUE(contains(dom, "<table id=\"busiest\">"));
  EXPECT_TRUE(contains(dom, "<table id=\"most-refused\">"));
  // The example's proposed link has no review date but is not active: not due. Its active
  // links without a date are.
  EXPECT_TRUE(contains(dom, "<table id=\"review-due\">"));
  EXPECT_TRUE(contains(dom, "概況 Dashboard</a>"));  // the header links here from every page
}

}  // namespace
}  // namespace renkei::testing
