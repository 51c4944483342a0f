// The admin web view in a real browser: Debian's headless Chromium loads the pages from the
// admin listener of a real broker after real traffic (routed and refused), and the test checks
// the DOM the browser built, not just the bytes the server sent.
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/headless_chromium.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"
#include "tests/support/text_contains.h"

namespace renkei::testing {
namespace {

// The browser is tests/integration/support/headless_chromium.h's.
using BrowserResult = ChromiumDom;
BrowserResult dumpDom(const std::string& url) { return chromiumDumpDom(url); }

std::string* text(struct soap* soap, const std::string& value) {
  std::string* out = soap_new_std__string(soap);
  *out = value;
  return out;
}

class WebViewTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    juki_ = new UnitProcess("unit_juki");
    kokuho_ = new UnitProcess("unit_kokuho");
  }
  static void TearDownTestSuite() {
    delete juki_;
    delete kokuho_;
  }
  void SetUp() override {
    broker_ = std::make_unique<RunningBroker>(
        BrokerSetup{{{"062022/juki", juki_->url()}, {"062022/kokuho", kokuho_->url()}}});
    admin_ = std::make_unique<AdminListener>(*broker_);
  }

  // One routed exchange, and refused ones: twice on a merely proposed link, once across
  // tenants without a link.
  void sendTraffic() {
    SoapClient client;
    EXPECT_EQ(client.post(broker_->url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml")).status,
              200);
    const std::string proposed = trafficFile("shikaku-joho-shokai.juminzei-to-kokuho.xml");
    for (int i = 0; i < 2; ++i) {
      client.post(broker_->url("/services/ShikakuJohoShokai"), proposed);
    }
    client.post(broker_->url(), trafficFile("ido-joho-shokai.cross-tenant.xml"));
  }

  BrowserResult load(const std::string& path) {
    BrowserResult page = dumpDom(admin_->url(path));
    EXPECT_TRUE(page.ok) << page.error;
    return page;
  }

  static UnitProcess* juki_;
  static UnitProcess* kokuho_;
  std::unique_ptr<RunningBroker> broker_;
  std::unique_ptr<AdminListener> admin_;
};
UnitProcess* WebViewTest::juki_ = nullptr;
UnitProcess* WebViewTest::kokuho_ = nullptr;

TEST_F(WebViewTest, InventoryShowsTheLinksWithPurposeAndLegalBasis) {
  sendTraffic();
  const BrowserResult page = load("/");
  ASSERT_TRUE(page.ok) << page.error;
  const std::string& dom = page.dom;
  EXPECT_TRUE(contains(dom, "<table id=\"links\">")) << dom;
  EXPECT_TRUE(contains(dom, "062022/kokuho（国民健康保険システム）")) << dom;
  EXPECT_TRUE(contains(dom, "062022/juki（住民基本台帳システム）")) << dom;
  EXPECT_TRUE(contains(dom, "IdoJohoShokai:1"));
  EXPECT_TRUE(contains(dom, "国民健康保険の資格管理に関する事務"));
  EXPECT_TRUE(contains(dom, "国民健康保険法 第9条、住民基本台帳法 第1条"));
  EXPECT_TRUE(contains(dom, "地方税法 第294条"));
  // The subscription links of the 異動 file adapter are links like the others.
  EXPECT_TRUE(contains(dom, "062022/juki-batch（住民基本台帳 異動ファイル連携 (renkei-file)）"))
      << dom;
  EXPECT_TRUE(contains(dom, "JuminIdoTsuchi:1")) << dom;
  EXPECT_TRUE(contains(dom, "7 件 / of 7 links")) << dom;
}

TEST_F(WebViewTest, InventoryFiltersByQueryString) {
  const BrowserResult page = load("/?status=proposed");
  ASSERT_TRUE(page.ok) << page.error;
  EXPECT_TRUE(contains(page.dom, "1 件 / of 7 links")) << page.dom;
  EXPECT_TRUE(contains(page.dom, "062022/juminzei（個人住民税システム）"));
  EXPECT_FALSE(contains(page.dom, "国民健康保険法 第9条"));

  const BrowserResult tenant = load("/?tenant=062014");
  ASSERT_TRUE(tenant.ok) << tenant.error;
  EXPECT_TRUE(contains(tenant.dom, "0 件 / of 7 links")) << tenant.dom;
}

TEST_F(WebViewTest, RefusedPageShowsTheRefusedAttemptsGroupedWithCounts) {
  sendTraffic();
  const BrowserResult page = load("/refused");
  ASSERT_TRUE(page.ok) << page.error;
  const std::string& dom = page.dom;
  EXPECT_TRUE(contains(dom, "<table id=\"refused\">")) << dom;
  // The proposed link's two attempts are one row with count 2.
  EXPECT_TRUE(contains(dom,
                       "<td>062022/juminzei</td><td>062022/kokuho</td>"
                       "<td>ShikakuJohoShokai:1</td><td>JUMINZEI-FUKA</td>"
                       "<td>Client.LinkNotRegistered</td><td class=\"num\">2</td>"))
      << dom;
  EXPECT_TRUE(contains(dom, "<td>062014/kokuho</td>")) << dom;  // the cross-tenant attempt
  EXPECT_TRUE(contains(dom, "監査記録 4 件")) << dom;
}

TEST_F(WebViewTest, LinkDetailShowsGovernanceFieldsHistoryAndTraffic) {
  sendTraffic();
  AdminClient client(admin_->url());
  _reg__ListLinksRequest list;
  list.Sender = text(client.soap(), "062022/kokuho");
  list.Receiver = text(client.soap(), "062022/juki");
  _reg__ListLinksResponse links;
  ASSERT_EQ(client.proxy().ListLinks(&list, links), SOAP_OK);
  ASSERT_EQ(links.Link.size(), 1u);
  const int64_t id = links.Link[0]->Id;
  reg__LinkTransition suspend;
  suspend.LinkId = id;
  suspend.Actor = "情報政策課";
  suspend.Reason = text(client.soap(), "見直し中");
  reg__LinkResult result;
  ASSERT_EQ(client.proxy().SuspendLink(&suspend, result), SOAP_OK);

  const BrowserResult page = load("/links/" + std::to_string(id));
  ASSERT_TRUE(page.ok) << page.error;
  const std::string& dom = page.dom;
  EXPECT_TRUE(contains(
      dom, "<th>状態 Status</th><td><span class=\"badge status-suspended\">suspended</span></td>"))
      << dom;
  EXPECT_TRUE(contains(
      dom, "<th>根拠法令 Legal basis</th><td>国民健康保険法 第9条、住民基本台帳法 第1条</td>"));
  EXPECT_TRUE(contains(dom, "<th>中継 Routed</th><td class=\"num\">1</td>")) << dom;
  EXPECT_TRUE(contains(dom, "<td>suspended</td><td>情報政策課</td>")) << dom;
  EXPECT_TRUE(contains(dom, "見直し中"));
}

TEST_F(WebViewTest, ValuesSomebodyRegisteredAreShownAsTextNeverRunAsMarkup) {
  AdminClient client(admin_->url());
  _reg__ProposeLinkRequest propose =
      client.proposal("062022/juki", "062022/juminzei", "KazeiJohoShokai", "JUKI-TEST", "vendor");
  propose.Details->PurposeName = text(client.soap(), "<script>document.title='pwned'</script>");
  reg__LinkResult result;
  ASSERT_EQ(client.proxy().ProposeLink(&propose, result), SOAP_OK) << client.faultReason();

  const BrowserResult page = load("/");
  ASSERT_TRUE(page.ok) << page.error;
  EXPECT_FALSE(contains(page.dom, "<script>")) << page.dom;
  EXPECT_FALSE(contains(page.dom, "pwned</title>")) << page.dom;
  EXPECT_TRUE(contains(page.dom, "&lt;script&gt;document.title='pwned'&lt;/script&gt;"))
      << page.dom;
}

TEST_F(WebViewTest, GraphPageShowsTheLinkGraphAsInlineSvg) {
  sendTraffic();
  const BrowserResult page = load("/graph");
  ASSERT_TRUE(page.ok) << page.error;
  EXPECT_TRUE(contains(page.dom, "<svg")) << page.dom;
  EXPECT_TRUE(contains(page.dom, "062022/kokuho")) << page.dom;
}

TEST_F(WebViewTest, AdminWsdlIsServedWithThisListenersAddress) {
  const BrowserResult page = load("/registry.wsdl");
  ASSERT_TRUE(page.ok) << page.error;
  EXPECT_TRUE(contains(page.dom, "RegistryAdminSoap11Binding")) << page.dom;
  EXPECT_TRUE(contains(page.dom, "127.0.0.1:" + std::to_string(admin_->port()))) << page.dom;
}

}  // namespace
}  // namespace renkei::testing
