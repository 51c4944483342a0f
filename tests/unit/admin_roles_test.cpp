// Roles, tokens and web sessions of the admin side (admin_role.h, admin_token.h,
// admin_caller.h, web_session.h, web_login_page.h), without a listener.
#include <gtest/gtest.h>

#include "broker/admin/admin_caller.h"
#include "broker/admin/admin_token.h"
#include "broker/admin/web_login_page.h"
#include "broker/admin/web_session.h"

namespace renkei::admin {
namespace {

AdminCaller callerWith(AdminRole role) {
  AdminCaller caller;
  caller.user = AdminUser{};
  caller.user->name = "tanaka";
  caller.user->role = role;
  return caller;
}

TEST(AdminRoles, RolesNestFromViewerToAdministrator) {
  EXPECT_TRUE(roleCovers(AdminRole::kAdministrator, AdminRole::kApprover));
  EXPECT_TRUE(roleCovers(AdminRole::kApprover, AdminRole::kProposer));
  EXPECT_TRUE(roleCovers(AdminRole::kProposer, AdminRole::kViewer));
  EXPECT_FALSE(roleCovers(AdminRole::kProposer, AdminRole::kApprover));
  EXPECT_FALSE(roleCovers(AdminRole::kApprover, AdminRole::kAdministrator));
  EXPECT_EQ(parseAdminRole("approver"), AdminRole::kApprover);
  EXPECT_FALSE(parseAdminRole("Approver"));
}

TEST(AdminRoles, EachOperationNeedsItsRole) {
  EXPECT_EQ(roleForSoapOperation("ListLinksRequest"), AdminRole::kViewer);
  EXPECT_EQ(roleForSoapOperation("GetLinkRequest"), AdminRole::kViewer);
  EXPECT_EQ(roleForSoapOperation("ProposeLinkRequest"), AdminRole::kProposer);
  EXPECT_EQ(roleForSoapOperation("ReviewLinkRequest"), AdminRole::kProposer);
  EXPECT_EQ(roleForSoapOperation("UpdateLinkRequest"), AdminRole::kProposer);
  for (const char* op : {"ApproveLinkRequest", "ActivateLinkRequest", "SuspendLinkRequest",
                         "ResumeLinkRequest", "RetireLinkRequest"}) {
    EXPECT_EQ(roleForSoapOperation(op), AdminRole::kApprover) << op;
  }
  EXPECT_EQ(roleForLinkAction("suspend"), AdminRole::kApprover);
  EXPECT_EQ(roleForLinkAction("review"), AdminRole::kProposer);
  EXPECT_FALSE(roleForLinkAction("delete"));
}

TEST(AdminRoles, RefusalNamesTheUserTheirRoleAndTheRoleNeeded) {
  EXPECT_EQ(notPermittedReason(callerWith(AdminRole::kViewer), "ApproveLink", AdminRole::kApprover),
            "user tanaka (viewer) may not ApproveLink: it needs the approver role");
  EXPECT_FALSE(callerWith(AdminRole::kViewer).may(AdminRole::kProposer));
  AdminCaller open;
  open.open = true;
  EXPECT_TRUE(open.may(AdminRole::kAdministrator));
  EXPECT_FALSE(AdminCaller{}.may(AdminRole::kViewer));
}

TEST(AdminTokens, AreRandom256BitHexAndStoredAsSha256) {
  const std::string a = newAdminToken(), b = newAdminToken();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(adminTokenDigest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(sameDigest(adminTokenDigest(a), adminTokenDigest(a)));
  EXPECT_FALSE(sameDigest(adminTokenDigest(a), adminTokenDigest(b)));
  EXPECT_FALSE(sameDigest("ab", "abc"));
}

// Sessions themselves live in the store: tests/unit/web_sessions_test.cpp.
TEST(WebSessions, CookiesAreHttpOnlyStrictAndSecureUnderTls) {
  EXPECT_EQ(cookieValue("a=1; renkei_session=abc; b=2", kSessionCookie), "abc");
  EXPECT_EQ(cookieValue("renkei_sessionx=abc", kSessionCookie), "");
  EXPECT_EQ(sessionCookieHeader("abc", false),
            "Set-Cookie: renkei_session=abc; Path=/; HttpOnly; SameSite=Strict");
  EXPECT_NE(sessionCookieHeader("abc", true).find("; Secure"), std::string::npos);
}

TEST(WebActionForms, OnlyTheActionsTheRoleAllowsFromTheStatus) {
  Link link;
  link.id = 7;
  link.status = LinkStatus::kProposed;
  WebSession session;
  session.csrf = std::string(64, 'c');
  const std::string approver = actionForms(link, callerWith(AdminRole::kApprover), session);
  EXPECT_NE(approver.find("action=\"/links/7/approve\""), std::string::npos);
  EXPECT_NE(approver.find("action=\"/links/7/retire\""), std::string::npos);
  EXPECT_EQ(approver.find("/links/7/suspend"), std::string::npos);  // not active
  EXPECT_NE(approver.find("value=\"" + session.csrf + "\""), std::string::npos);
  EXPECT_NE(approver.find("name=\"reason\" required"), std::string::npos);

  const std::string proposer = actionForms(link, callerWith(AdminRole::kProposer), session);
  EXPECT_EQ(proposer.find("/approve"), std::string::npos);
  EXPECT_NE(proposer.find("/links/7/review"), std::string::npos);
  EXPECT_EQ(actionForms(link, callerWith(AdminRole::kViewer), session), "");
  link.status = LinkStatus::kRetired;
  EXPECT_EQ(actionForms(link, callerWith(AdminRole::kAdministrator), session), "");
}

}  // namespace
}  // namespace renkei::admin
