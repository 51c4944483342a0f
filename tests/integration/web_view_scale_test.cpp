// The admin web view at the scale of a city with ~200 systems and 2,000 links, in a real
// browser: Debian's headless Chromium loads the inventory, a search, page 2, the graph and the
// dashboard from the admin listener of a real broker whose store holds 2,000 links (created with
// the store API, as `renkei links import` does) and 30 days of traffic. It also measures how
// long the listener takes to render `/`.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>

#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/headless_chromium.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/scale_registry.h"
#include "tests/integration/support/soap_client.h"
#include "tests/support/text_contains.h"

namespace renkei::testing {
namespace {

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
    writeScaleRegistry(broker_->dbPath());
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
