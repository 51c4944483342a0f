// The admin web view in a real browser: Debian's headless Chromium loads the pages from the
// admin listener of a real broker after real traffic (routed and refused), and the test checks
// the DOM the browser built, not just the bytes the server sent.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

struct BrowserResult {
  bool ok = false;
  std::string dom;
  std::string error;
};

// chromium --headless --dump-dom <url>, in its own process group with a fresh profile, killed
// (group and all) after 30 s so a hung browser fails the test instead of stalling ctest.
BrowserResult dumpDom(const std::string& url) {
  BrowserResult result;
  if (access(kChromium, X_OK) != 0) {
    result.error = std::string(kChromium) +
                   " is missing: install the Debian package 'chromium' (./renkei.sh deps does)";
    return result;
  }
  char profile_template[] = "/tmp/renkei-chromium-XXXXXX";
  const std::string profile = mkdtemp(profile_template);
  int out[2];
  if (pipe(out) != 0) {
    result.error = "pipe failed";
    return result;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(out[1], STDOUT_FILENO);
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    std::vector<std::string> args = {kChromium,
                                     "--headless",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--disable-quic",
                                     "--no-first-run",
                                     "--disable-background-networking",
                                     "--disable-component-update",
                                     "--disable-sync",
                                     "--user-data-dir=" + profile,
                                     "--dump-dom",
                                     url};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(kChromium, argv.data());
    _exit(127);
  }
  close(out[1]);
  setpgid(pid, pid);  // also from the parent, so the kill below cannot miss the group
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool exited = false;
  int status = 0;
  char buffer[65536];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fd{out[0], POLLIN, 0};
    if (poll(&fd, 1, 100) > 0) {
      const ssize_t n = read(out[0], buffer, sizeof buffer);
      if (n > 0) {
        result.dom.append(buffer, static_cast<size_t>(n));
        continue;
      }
    }
    // Helper processes may keep the pipe open after the browser is done: the main process
    // exiting is what counts.
    if (waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      while (poll(&fd, 1, 50) > 0) {
        const ssize_t n = read(out[0], buffer, sizeof buffer);
        if (n <= 0) break;
        result.dom.append(buffer, static_cast<size_t>(n));
      }
      break;
    }
  }
  kill(-pid, SIGKILL);
  if (!exited) waitpid(pid, &status, 0);
  close(out[0]);
  std::error_code ignored;
  std::filesystem::remove_all(profile, ignored);
  if (!exited) {
    result.error = "chromium did not finish loading " + url + " within 30 s";
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    result.error = "chromium failed on " + url + " (status " + std::to_string(status) + ")";
  } else {
    result.ok = true;
  }
  return result;
}

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

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

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
  EXPECT_TRUE(contains(dom, "5 件 / of 5 links")) << dom;
}

TEST_F(WebViewTest, InventoryFiltersByQueryString) {
  const BrowserResult page = load("/?status=proposed");
  ASSERT_TRUE(page.ok) << page.error;
  EXPECT_TRUE(contains(page.dom, "1 件 / of 5 links")) << page.dom;
  EXPECT_TRUE(contains(page.dom, "062022/juminzei（個人住民税システム）"));
  EXPECT_FALSE(contains(page.dom, "国民健康保険法 第9条"));

  const BrowserResult tenant = load("/?tenant=062014");
  ASSERT_TRUE(tenant.ok) << tenant.error;
  EXPECT_TRUE(contains(tenant.dom, "0 件 / of 5 links")) << tenant.dom;
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
  EXPECT_TRUE(contains(dom, "<th>状態 Status</th><td>suspended</td>")) << dom;
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
