// The web view's edit form, logins as evidence, bearer tokens on form posts and the CSV
// download's file name, as an officer (or their script) meets them: a real `renkei serve`,
// users made with the real `renkei users` CLI, requests over real HTTP, and what `renkei links
// show`, `renkei audit verify` and the audit table say afterwards.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>

#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/web_client.h"
#include "tests/support/text_contains.h"

namespace renkei::testing {
namespace {

class AdminWebEditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<BrokerProcess>(BrokerSetup{});
    config_ = " --config " + broker_->configPath();
    boss_ = addUser("boss", "administrator", "");
    const std::string boss_file = broker_->dbPath() + ".boss-token";
    std::ofstream(boss_file) << boss_ << "\n";
    const std::string as = " --token-file " + boss_file;
    viewer_ = addUser("miru", "viewer", as);
    proposer_ = addUser("teian", "proposer", as);
    const CommandOutput list =
        renkei("links list --format csv --sender 062022/kokuho --service IdoJohoShokai:1");
    const size_t row = list.text.find('\n') + 1;
    id_ = list.text.substr(row, list.text.find(',', row) - row);
    ASSERT_FALSE(id_.empty()) << list.text;
    page_ = broker_->adminUrl("/links/" + id_);
  }

  CommandOutput renkei(const std::string& args) { return runRenkeiCommand(args + config_); }

  std::string addUser(const std::string& name, const std::string& role, const std::string& as) {
    const CommandOutput added = renkei("users add " + name + " --role " + role + as);
    EXPECT_EQ(added.status, 0) << added.text;
    return tokenIn(added.text);
  }

  // Logs in through the form and returns the session cookie.
  std::string logIn(const std::string& user, const std::string& token) {
    const WebAnswer login =
        request(broker_->adminUrl("/login"), {}, "user=" + user + "&token=" + token);
    EXPECT_EQ(login.status, 303) << login.body;
    return sessionCookie(login.headers);
  }

  std::string history() {
    const std::string show = renkei("links show " + id_).text;
    const size_t at = show.find("history (oldest first)");
    return at == std::string::npos ? show : show.substr(at);
  }

  // "purpose|operator|peer|case reference" of each login record, oldest first.
  std::string sessionRecords() {
    return runCommand("sqlite3 " + broker_->dbPath() +
                      " \"SELECT purpose, operator_id, peer_address, case_reference FROM audit "
                      "WHERE service = 'admin-users' AND purpose NOT LIKE 'user-%' ORDER BY "
                      "seq\"")
        .text;
  }

  std::unique_ptr<BrokerProcess> broker_;
  std::string config_;
  std::string boss_, viewer_, proposer_;
  std::string id_;
  std::string page_;
};

TEST_F(AdminWebEditTest, ProposerEditsDescriptiveFieldsWithHistoryAsTheCliWrites) {
  const std::string cookie = logIn("teian", proposer_);
  const WebAnswer shown = request(page_, {"Cookie: " + cookie});
  ASSERT_EQ(shown.status, 200);
  ASSERT_TRUE(contains(shown.body, "id=\"action-update\"")) << shown.body;
  // The form starts from the stored values.
  EXPECT_TRUE(contains(shown.body,
                       "name=\"legalBasis\" value=\"国民健康保険法 第9条、住民基本台帳法 "
                       "第1条\""))
      << shown.body;
  const std::string csrf = csrfIn(shown.body);
  const std::string before = history();

  // A review date in the past: the form again, with the message and what was typed; nothing
  // written.
  const std::string fields =
      "legalBasis=%E5%9B%BD%E6%B0%91%E5%81%A5%E5%BA%B7%E4%BF%9D%E9%99%BA"
      "%E6%B3%95+%E7%AC%AC9%E6%9D%A1%E7%AC%AC2%E9%A0%85"  // 国民健康保険法 第9条第2項
      "&department=%E4%BF%9D%E9%99%BA%E5%B9%B4%E9%87%91%E8%AA%B2"  // 保険年金課
      "&reason=%E6%9D%A1%E4%BE%8B%E6%94%B9%E6%AD%A3";              // 条例改正
  const std::string typed = "csrf=" + csrf + "&" + fields;
  const WebAnswer past =
      request(page_ + "/update", {"Cookie: " + cookie}, typed + "&reviewDate=2020-04-01");
  EXPECT_EQ(past.status, 400);
  EXPECT_TRUE(contains(past.body, "id=\"edit-error\"")) << past.body;
  EXPECT_TRUE(contains(past.body, "reviewDate is in the past (2020-04-01; today is ")) << past.body;
  EXPECT_TRUE(contains(past.body, "value=\"国民健康保険法 第9条第2項\"")) << past.body;
  EXPECT_TRUE(contains(past.body, "value=\"2020-04-01\"")) << past.body;
  EXPECT_EQ(history(), before);

  // No reason: asked for, nothing written.
  const WebAnswer no_reason =
      request(page_ + "/update", {"Cookie: " + cookie}, "csrf=" + csrf + "&department=%E8%AA%B2");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_TRUE(contains(no_reason.body, "A reason is required")) << no_reason.body;
  EXPECT_EQ(history(), before);

  // Without the session's CSRF token: refused.
  EXPECT_EQ(request(page_ + "/update", {"Cookie: " + cookie}, fields).status, 403);

  const WebAnswer saved = request(page_ + "/update", {"Cookie: " + cookie}, typed);
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_TRUE(contains(saved.headers, "Location: /links/" + id_));
  const std::string after = history();
  // The rows `renkei links update` writes, under the logged-in user.
  EXPECT_TRUE(contains(after,
                       "edited     legalBasis \"国民健康保険法 第9条、住民基本台帳法 第1条\" "
                       "-> \"国民健康保険法 第9条第2項\"  by teian: 条例改正"))
      << after;
  EXPECT_TRUE(contains(after, "edited     department \"\" -> \"保険年金課\"  by teian: 条例改正"))
      << after;
  EXPECT_EQ(std::count(after.begin(), after.end(), '\n'),
            std::count(before.begin(), before.end(), '\n') + 2)
      << after;  // two fields changed, two rows; the unchanged ones wrote nothing
  EXPECT_TRUE(contains(renkei("audit verify").text, "audit trail OK"));

  // A viewer sees the link but no edit form, and cannot post one.
  const std::string viewer_cookie = logIn("miru", viewer_);
  const WebAnswer viewer_page = request(page_, {"Cookie: " + viewer_cookie});
  EXPECT_EQ(viewer_page.status, 200);
  EXPECT_FALSE(contains(viewer_page.body, "action-update"));
  const WebAnswer viewer_post = request(page_ + "/update", {"Cookie: " + viewer_cookie},
                                        "csrf=" + csrfIn(viewer_page.body) + "&note=x&reason=y");
  EXPECT_EQ(viewer_post.status, 403);
  EXPECT_TRUE(contains(viewer_post.body, "needs the proposer role")) << viewer_post.body;
}

TEST_F(AdminWebEditTest, BearerTokenPostsNeedNoCsrfButCookiePostsStillDo) {
  // A script with a bearer token: no session, no CSRF token, and the change is made.
  const WebAnswer scripted = request(page_ + "/update", {"Authorization: Bearer " + proposer_},
                                     "note=%E5%A4%9C%E9%96%93%E4%B8%80%E6%8B%AC&reason=batch");
  EXPECT_EQ(scripted.status, 303) << scripted.body;
  EXPECT_TRUE(contains(history(), "edited     note \"\" -> \"夜間一括\"  by teian: batch"))
      << history();
  // A token that is not valid is not a login.
  EXPECT_EQ(request(page_ + "/update", {"Authorization: Bearer " + std::string(64, 'a')},
                    "note=x&reason=y")
                .status,
            401);
  // A viewer's token: authenticated, but the role still decides.
  EXPECT_EQ(
      request(page_ + "/update", {"Authorization: Bearer " + viewer_}, "note=x&reason=y").status,
      403);
  // The browser's cookie alone is not enough.
  const std::string cookie = logIn("teian", proposer_);
  EXPECT_EQ(request(page_ + "/update", {"Cookie: " + cookie}, "note=x&reason=y").status, 403);
}

TEST_F(AdminWebEditTest, LoginsLogoutsAndRefusedLoginsAreAuditRecordsWithoutTokens) {
  const WebAnswer wrong =
      request(broker_->adminUrl("/login"), {}, "user=teian&token=" + std::string(64, 'f'));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_TRUE(contains(wrong.body, "login-error"));
  // Someone else's valid token under the proposer's name: refused too.
  EXPECT_EQ(request(broker_->adminUrl("/login"), {}, "user=teian&token=" + viewer_).status, 401);

  const std::string cookie = logIn("teian", proposer_);
  const WebAnswer page = request(page_, {"Cookie: " + cookie});
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(
      request(broker_->adminUrl("/logout"), {"Cookie: " + cookie}, "csrf=" + csrfIn(page.body))
          .status,
      303);

  const std::string records = sessionRecords();
  EXPECT_EQ(records,
            "login-refused|teian|127.0.0.1|web login refused for teian: the token is not valid "
            "or its user is disabled\n"
            "login-refused|teian|127.0.0.1|web login refused for teian: the token is another "
            "user's\n"
            "login|teian|127.0.0.1|web login by teian (proposer)\n"
            "logout|teian|127.0.0.1|web logout by teian\n");
  // No token material anywhere in the trail: neither the tokens tried nor the one that worked.
  const std::string everything =
      runCommand("sqlite3 " + broker_->dbPath() + " \"SELECT * FROM audit\"").text;
  EXPECT_FALSE(contains(everything, std::string(64, 'f')));
  EXPECT_FALSE(contains(everything, viewer_));
  EXPECT_FALSE(contains(everything, proposer_));
  EXPECT_TRUE(contains(renkei("audit verify").text, "audit trail OK"));
}

TEST_F(AdminWebEditTest, CsvDownloadIsAnAttachmentWithAJapaneseNameAndAnAsciiFallback) {
  const WebAnswer csv =
      request(broker_->adminUrl("/?format=csv"), {"Authorization: Bearer " + viewer_});
  ASSERT_EQ(csv.status, 200);
  // 連携一覧-YYYYMMDD.csv, percent-encoded as RFC 8187 says, and the plain name beside it.
  EXPECT_TRUE(contains(csv.headers, "Content-Disposition: attachment; filename=\"renkei-links-"))
      << csv.headers;
  EXPECT_TRUE(
      contains(csv.headers, ".csv\"; filename*=UTF-8''%E9%80%A3%E6%90%BA%E4%B8%80%E8%A6%A7-"))
      << csv.headers;
  // A page is not a download.
  const WebAnswer html = request(broker_->adminUrl("/"), {"Authorization: Bearer " + viewer_});
  EXPECT_FALSE(contains(html.headers, "Content-Disposition")) << html.headers;
}

}  // namespace
}  // namespace renkei::testing
