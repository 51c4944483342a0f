// An approver's and a viewer's day at the admin web view of a city with 2,000 links, in real
// headless Chromium driven through Selenium (tests/integration/browser/approve_flow.py): the
// approver logs in, finds a proposed link by search, approves it with a reason and sees the
// badge change; the viewer sees no action form and a POST forged from the page is refused. The
// broker is real (its admin listener, store and users made with the real `renkei users`); what
// the browser did is checked again in the link's history.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/scale_registry.h"
#include "tests/integration/support/web_client.h"

namespace renkei::testing {
namespace {

constexpr const char* kPython = "/usr/bin/python3";  // Debian's, where python3-selenium lives
constexpr const char* kSearch = "転居届照合";

// The link the approver looks for, and another proposed one the viewer tries: proposed by
// 情報政策課 (so an approver other than them may approve), with a real legal basis.
Link proposedLink(int n, const std::string& purpose_name) {
  Link link = generatedLink(n);
  link.purpose_code = "PROPOSED-" + std::to_string(n);
  link.purpose_name = purpose_name;
  link.status = LinkStatus::kProposed;
  return link;
}

// "key=value" lines as the script prints them.
std::map<std::string, std::string> keyValues(const std::string& text) {
  std::map<std::string, std::string> values;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const size_t eq = line.find('=');
    if (eq != std::string::npos) values[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return values;
}

class WebBrowserApproveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BrokerSetup setup;
    setup.config_edits = {{"  </units>", unitElements()}};
    broker_ = std::make_unique<RunningBroker>(setup);
    broker_->stop();
    writeScaleRegistry(broker_->dbPath());
    {
      SqliteStore store(broker_->dbPath());
      const ChangeContext change{"情報政策課", "住基異動の照合を追加", ""};
      store.createLink(proposedLink(1, std::string(kSearch) + "事務"), change);
      store.createLink(proposedLink(2, "児童手当照合事務"), change);
    }
    config_ = " --config " + broker_->configPath();
    const std::string boss = addUser("boss", "administrator", "");
    const std::string boss_file = broker_->dbPath() + ".boss-token";
    std::ofstream(boss_file) << boss << "\n";
    approver_ = addUser("shonin", "approver", " --token-file " + boss_file);
    viewer_ = addUser("miru", "viewer", " --token-file " + boss_file);
    broker_->restart();
    admin_ = std::make_unique<AdminListener>(*broker_);
  }

  std::string addUser(const std::string& name, const std::string& role, const std::string& as) {
    const CommandOutput added =
        runRenkeiCommand("users add " + name + " --role " + role + as + config_);
    EXPECT_EQ(added.status, 0) << added.text;
    return tokenIn(added.text);
  }

  std::unique_ptr<RunningBroker> broker_;
  std::unique_ptr<AdminListener> admin_;
  std::string config_;
  std::string approver_, viewer_;
};

TEST_F(WebBrowserApproveTest, ApproverApprovesAFoundLinkAndAViewerCannot) {
  const std::string script =
      std::string(RENKEI_SOURCE_DIR) + "/tests/integration/browser/approve_flow.py";
  const std::string base = admin_->url("");
  const CommandOutput run = runCommand(std::string(kPython) + " " + script + " " + base + " " +
                                       kSearch + " shonin " + approver_ + " miru " + viewer_);
  auto seen = keyValues(run.text);
  ASSERT_EQ(run.status, 0) << run.text;

  EXPECT_NE(seen["approver_bar"].find("(shonin, approver)"), std::string::npos) << run.text;
  EXPECT_EQ(seen["search_hits"], "1") << run.text;  // one of 2,009 links
  EXPECT_EQ(seen["badge_before"], "proposed");
  EXPECT_EQ(seen["badge_after"], "approved");
  EXPECT_EQ(seen["after_url"], seen["link"]);
  std::cout << "[ browser ] approve at " << kLinks + kExampleLinks + 2
            << " links: " << seen["approve_ms"] << " ms from the click to the approved badge"
            << std::endl;

  EXPECT_NE(seen["viewer_bar"].find("(miru, viewer)"), std::string::npos) << run.text;
  EXPECT_EQ(seen["viewer_badge"], "proposed");
  EXPECT_EQ(seen["viewer_action_forms"], "0");
  EXPECT_EQ(seen["forged_without_csrf"], "403");
  EXPECT_EQ(seen["forged_with_viewer_csrf"], "403");
  EXPECT_EQ(seen["viewer_badge_after"], "proposed");

  // What the browser did is the registry's record: approved by the logged-in approver with
  // the reason typed; the viewer's link untouched.
  const std::string id = seen["link"].substr(std::string("/links/").size());
  const std::string history = runRenkeiCommand("links show " + id + config_).text;
  EXPECT_NE(history.find("by shonin: 法令確認済 2,000件棚卸し"), std::string::npos) << history;
  const std::string other = seen["viewer_link"].substr(std::string("/links/").size());
  const std::string untouched = runRenkeiCommand("links show " + other + config_).text;
  EXPECT_EQ(untouched.find("approved"), std::string::npos) << untouched;
}

}  // namespace
}  // namespace renkei::testing
