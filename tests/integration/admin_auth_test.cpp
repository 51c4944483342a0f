// People and roles on the admin side (broker/admin/admin_caller.h) as an officer meets them: a
// real `renkei serve`, users made with the real `renkei users` CLI, SOAP and web requests over
// real HTTP. Before any user exists the listener is open as it always was (bootstrap).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>

#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/web_client.h"

namespace renkei::testing {
namespace {

std::string soapEnvelope(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
         "xmlns:reg=\"urn:renkei:registry:v1\"><s:Body>" +
         body + "</s:Body></s:Envelope>";
}

std::string listLinks() { return soapEnvelope("<reg:ListLinksRequest/>"); }

std::string approve(const std::string& id, const std::string& actor) {
  return soapEnvelope("<reg:ApproveLinkRequest><reg:LinkId>" + id + "</reg:LinkId><reg:Actor>" +
                      actor +
                      "</reg:Actor><reg:Reason>確認済</reg:Reason></reg:ApproveLinkRequest>");
}

WebAnswer postSoap(const std::string& url, const std::string& envelope,
                   const std::string& token = "") {
  std::vector<std::string> headers = {"Expect:"};
  if (!token.empty()) headers.push_back("Authorization: Bearer " + token);
  return request(url, headers, envelope, "text/xml; charset=utf-8");
}

class AdminAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<BrokerProcess>(BrokerSetup{});
    config_ = " --config " + broker_->configPath();
    soap_url_ = broker_->adminUrl("/");
  }
  void TearDown() override { unsetenv("RENKEI_ADMIN_TOKEN"); }

  CommandOutput renkei(const std::string& args) { return runRenkeiCommand(args + config_); }

  // Adds a user through the CLI (as `admin_token_file_`'s administrator once one exists) and
  // returns their token.
  std::string addUser(const std::string& name, const std::string& role) {
    const std::string as = admin_token_file_.empty() ? "" : " --token-file " + admin_token_file_;
    const CommandOutput added = renkei("users add " + name + " --role " + role + as);
    EXPECT_EQ(added.status, 0) << added.text;
    EXPECT_NE(added.text.find("not shown again"), std::string::npos) << added.text;
    return tokenIn(added.text);
  }

  // The administrator "boss" and one user per other role.
  void addStaff() {
    boss_ = addUser("boss", "administrator");
    admin_token_file_ = broker_->dbPath() + ".boss-token";
    std::ofstream(admin_token_file_) << boss_ << "\n";
    viewer_ = addUser("miru", "viewer");
    proposer_ = addUser("teian", "proposer");
    approver_ = addUser("shonin", "approver");
  }

  // The id of the link the example configuration seeds as proposed.
  std::string proposedLinkId() {
    const CommandOutput list = renkei("links list --status proposed --format csv");
    const size_t row = list.text.find('\n') + 1;
    return list.text.substr(row, list.text.find(',', row) - row);
  }

  std::string historyOf(const std::string& id) { return renkei("links show " + id).text; }

  std::unique_ptr<BrokerProcess> broker_;
  std::string config_;
  std::string soap_url_;
  std::string admin_token_file_;
  std::string boss_, viewer_, proposer_, approver_;
};

TEST_F(AdminAuthTest, WithoutUsersTheListenerIsOpenAsBeforeAndServeWarns) {
  EXPECT_EQ(postSoap(soap_url_, listLinks()).status, 200);
  EXPECT_EQ(request(broker_->adminUrl("/"), {}).status, 200);
  EXPECT_NE(broker_->stderrText().find("no admin users"), std::string::npos)
      << broker_->stderrText();
  const CommandOutput list = renkei("users list");
  EXPECT_EQ(list.status, 0);
  EXPECT_NE(list.text.find("bootstrap"), std::string::npos) << list.text;
  // The first user must be able to add the next one.
  const CommandOutput viewer_first = renkei("users add miru --role viewer");
  EXPECT_EQ(viewer_first.status, 1) << viewer_first.text;
  EXPECT_NE(viewer_first.text.find("must be an administrator"), std::string::npos);
}

TEST_F(AdminAuthTest, SoapNeedsATokenAndTheRoleForTheOperation) {
  addStaff();
  const WebAnswer anonymous = postSoap(soap_url_, listLinks());
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_NE(anonymous.body.find("Client.Unauthenticated"), std::string::npos) << anonymous.body;
  EXPECT_EQ(postSoap(soap_url_, listLinks(), "0123" + viewer_.substr(4)).status, 401);

  const WebAnswer viewer_list = postSoap(soap_url_, listLinks(), viewer_);
  EXPECT_EQ(viewer_list.status, 200) << viewer_list.body;
  EXPECT_NE(viewer_list.body.find("ListLinksResponse"), std::string::npos);

  const std::string id = proposedLinkId();
  const WebAnswer viewer_approve = postSoap(soap_url_, approve(id, ""), viewer_);
  EXPECT_EQ(viewer_approve.status, 403);
  EXPECT_NE(viewer_approve.body.find("Client.NotPermitted"), std::string::npos);
  EXPECT_NE(viewer_approve.body.find("needs the approver role"), std::string::npos)
      << viewer_approve.body;
  EXPECT_NE(historyOf(id).find("proposed"), std::string::npos);

  // Somebody else's name in Actor is refused, not recorded.
  const WebAnswer impostor = postSoap(soap_url_, approve(id, "市長"), approver_);
  EXPECT_EQ(impostor.status, 403) << impostor.body;
  EXPECT_NE(impostor.body.find("not the authenticated user shonin"), std::string::npos);

  const WebAnswer approved = postSoap(soap_url_, approve(id, ""), approver_);
  EXPECT_EQ(approved.status, 200) << approved.body;
  const std::string history = historyOf(id);
  EXPECT_NE(history.find("by shonin"), std::string::npos) << history;
  EXPECT_EQ(history.find("市長"), std::string::npos) << history;

  // A disabled user's token stops working at once.
  EXPECT_EQ(renkei("users disable miru --token-file " + admin_token_file_).status, 0);
  EXPECT_EQ(postSoap(soap_url_, listLinks(), viewer_).status, 401);
}

TEST_F(AdminAuthTest, ProposerProposesThroughTheGeneratedClientUnderTheirOwnName) {
  addStaff();
  AdminClient client(soap_url_);
  client.soap()->bearer = proposer_.c_str();
  _reg__ProposeLinkRequest propose =
      client.proposal("062022/juki", "062022/kokuho", "ShikakuJohoShokai", "JUKI-IDO-TSUCHI", "");
  std::string purpose = "住民異動に伴う資格確認の事務", basis = "住民基本台帳法 第7条";
  propose.Details->PurposeName = &purpose;
  propose.Details->LegalBasis = &basis;
  reg__LinkResult result;
  ASSERT_EQ(client.proxy().ProposeLink(&propose, result), SOAP_OK) << client.faultReason();
  const std::string id = std::to_string(result.Link->Id);
  const std::string history = historyOf(id);
  EXPECT_NE(history.find("by teian"), std::string::npos) << history;

  // The audit trail names the user too (operator of the admin record).
  const std::string exported = broker_->dbPath() + ".bundle";
  ASSERT_EQ(renkei("audit export --out " + exported).status, 0);
  std::ifstream in(exported);
  const std::string bundle((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(bundle.find("\"teian\""), std::string::npos);
  EXPECT_NE(bundle.find("user-added"), std::string::npos);
}

TEST_F(AdminAuthTest, WebLoginApproveWithCsrfAndRefusals) {
  addStaff();
  const std::string id = proposedLinkId();
  const std::string page = broker_->adminUrl("/links/" + id);

  const WebAnswer anonymous = request(page, {});
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_NE(anonymous.body.find("action=\"/login\""), std::string::npos);
  EXPECT_EQ(request(broker_->adminUrl("/healthz"), {}).status, 200);
  EXPECT_EQ(request(broker_->adminUrl("/login"), {}, "token=wrong").status, 401);

  // The viewer logs in, sees the link but no action, and cannot approve even with a token.
  const WebAnswer viewer_login = request(broker_->adminUrl("/login"), {}, "token=" + viewer_);
  EXPECT_EQ(viewer_login.status, 303);
  const std::string viewer_cookie = sessionCookie(viewer_login.headers);
  ASSERT_FALSE(viewer_cookie.empty()) << viewer_login.headers;
  const WebAnswer viewer_page = request(page, {"Cookie: " + viewer_cookie});
  EXPECT_EQ(viewer_page.status, 200);
  EXPECT_EQ(viewer_page.body.find("action-approve"), std::string::npos);
  const WebAnswer viewer_post = request(page + "/approve", {"Cookie: " + viewer_cookie},
                                        "csrf=" + csrfIn(viewer_page.body) + "&reason=ok");
  EXPECT_EQ(viewer_post.status, 403);
  EXPECT_NE(viewer_post.body.find("needs the approver role"), std::string::npos);

  // The approver: HttpOnly, SameSite=Strict session; the form carries the CSRF token.
  const WebAnswer login = request(broker_->adminUrl("/login"), {}, "token=" + approver_);
  ASSERT_EQ(login.status, 303);
  EXPECT_NE(login.headers.find("HttpOnly"), std::string::npos);
  EXPECT_NE(login.headers.find("SameSite=Strict"), std::string::npos);
  const std::string cookie = sessionCookie(login.headers);
  const WebAnswer approver_page = request(page, {"Cookie: " + cookie});
  ASSERT_EQ(approver_page.status, 200);
  EXPECT_NE(approver_page.body.find("action-approve"), std::string::npos);
  const std::string csrf = csrfIn(approver_page.body);
  ASSERT_EQ(csrf.size(), 64u);

  EXPECT_EQ(request(page + "/approve", {"Cookie: " + cookie}, "reason=ok").status, 403);
  EXPECT_EQ(request(page + "/approve", {"Cookie: " + cookie},
                    "csrf=" + viewer_.substr(0, 64) + "&reason=ok")
                .status,
            403);
  EXPECT_EQ(request(page + "/approve", {"Cookie: " + cookie}, "csrf=" + csrf).status, 400);
  EXPECT_NE(historyOf(id).find("proposed"), std::string::npos);

  const WebAnswer approved = request(page + "/approve", {"Cookie: " + cookie},
                                     "csrf=" + csrf + "&reason=%E7%A2%BA%E8%AA%8D");
  EXPECT_EQ(approved.status, 303) << approved.body;
  EXPECT_NE(approved.headers.find("Location: /links/" + id), std::string::npos);
  const std::string history = historyOf(id);
  EXPECT_NE(history.find("by shonin: 確認"), std::string::npos) << history;

  // Logged out: the cookie no longer opens anything.
  EXPECT_EQ(request(broker_->adminUrl("/logout"), {"Cookie: " + cookie}, "csrf=" + csrf).status,
            303);
  EXPECT_EQ(request(page, {"Cookie: " + cookie}).status, 401);
}

TEST_F(AdminAuthTest, CliChangesNeedATokenAndRecordItsUser) {
  addStaff();
  const std::string id = proposedLinkId();
  const CommandOutput anonymous = renkei("links approve " + id + " --actor 市長");
  EXPECT_EQ(anonymous.status, 1);
  EXPECT_NE(anonymous.text.find("RENKEI_ADMIN_TOKEN"), std::string::npos) << anonymous.text;

  setenv("RENKEI_ADMIN_TOKEN", viewer_.c_str(), 1);
  const CommandOutput viewer = renkei("links approve " + id);
  EXPECT_EQ(viewer.status, 1);
  EXPECT_NE(viewer.text.find("needs the approver role"), std::string::npos) << viewer.text;

  setenv("RENKEI_ADMIN_TOKEN", approver_.c_str(), 1);
  const CommandOutput impostor = renkei("links approve " + id + " --actor 市長");
  EXPECT_EQ(impostor.status, 1);
  EXPECT_NE(impostor.text.find("not the token's user shonin"), std::string::npos);
  const CommandOutput approved = renkei("links approve " + id);
  EXPECT_EQ(approved.status, 0) << approved.text;
  EXPECT_NE(historyOf(id).find("by shonin"), std::string::npos);

  // Users are an administrator's business; a user may rotate their own token.
  EXPECT_EQ(renkei("users add x --role viewer").status, 1);
  const CommandOutput rotated = renkei("users token shonin");
  EXPECT_EQ(rotated.status, 0) << rotated.text;
  EXPECT_EQ(postSoap(soap_url_, listLinks(), approver_).status, 401);
  EXPECT_EQ(postSoap(soap_url_, listLinks(), tokenIn(rotated.text)).status, 200);
}

TEST_F(AdminAuthTest, UsersUsageErrorsAreOneLine) {
  const CommandOutput help = runRenkeiCommand("users --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.text.find("renkei users add NAME --role ROLE"), std::string::npos);
  const CommandOutput bad = renkei("users add someone --role chief");
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(std::count(bad.text.begin(), bad.text.end(), '\n'), 1) << bad.text;
  EXPECT_NE(bad.text.find("renkei users --help"), std::string::npos);
  EXPECT_NE(runRenkeiCommand("--help").text.find("renkei users"), std::string::npos);
}

// The outbox and the My Number purpose rules are changed by the CLI too: once users exist, the
// same token rules apply and the user is who the change names.
TEST_F(AdminAuthTest, OutboxAndPurposeRulesChangesNeedATokenOnceUsersExist) {
  addStaff();
  const CommandOutput anonymous = renkei("deliveries retry 1 --actor 市長");
  EXPECT_EQ(anonymous.status, 1);
  EXPECT_NE(anonymous.text.find("RENKEI_ADMIN_TOKEN"), std::string::npos) << anonymous.text;
  setenv("RENKEI_ADMIN_TOKEN", viewer_.c_str(), 1);
  const CommandOutput viewer = renkei("deliveries retry 1");
  EXPECT_EQ(viewer.status, 1);
  EXPECT_NE(viewer.text.find("needs the approver role"), std::string::npos) << viewer.text;
  setenv("RENKEI_ADMIN_TOKEN", approver_.c_str(), 1);
  const CommandOutput discard = renkei("deliveries discard 1 --reason 廃止");
  EXPECT_NE(discard.text.find("needs the administrator role"), std::string::npos) << discard.text;
  // Past the role check, the command goes on to the outbox (which has no copy 1).
  const CommandOutput retry = renkei("deliveries retry 1");
  EXPECT_EQ(retry.status, 1);
  EXPECT_NE(retry.text.find("there is no delivery 1"), std::string::npos) << retry.text;

  const std::string rules = "mynumber rules load " + std::string(RENKEI_SOURCE_DIR) +
                            "/examples/mynumber/purpose-rules.xml";
  const CommandOutput by_approver = renkei(rules);
  EXPECT_EQ(by_approver.status, 1);
  EXPECT_NE(by_approver.text.find("needs the administrator role"), std::string::npos)
      << by_approver.text;
  setenv("RENKEI_ADMIN_TOKEN", boss_.c_str(), 1);
  const CommandOutput impostor = renkei(rules + " --actor 市長");
  EXPECT_EQ(impostor.status, 1);
  EXPECT_NE(impostor.text.find("not the token's user boss"), std::string::npos) << impostor.text;
  const CommandOutput loaded = renkei(rules);
  EXPECT_EQ(loaded.status, 0) << loaded.text;
  EXPECT_NE(loaded.text.find(" by boss;"), std::string::npos) << loaded.text;
  EXPECT_NE(renkei("mynumber rules versions").text.find("\tboss\t"), std::string::npos);
}

}  // namespace
}  // namespace renkei::testing
