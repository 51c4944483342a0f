#pragma once
// The web view's login page and the small blocks the listener adds to pages for a logged-in
// user (web_actions.h): who is logged in with a logout button, and a link's action forms.
#include <string>
#include <string_view>

#include "broker/admin/admin_caller.h"
#include "broker/admin/web_session.h"
#include "broker/core/registry_types.h"

namespace renkei::admin {

// GET /login (and the body of a 401 to a browser): a form posting the user name and token to
// /login.
// `message` (may be empty) says why the page is shown again.
std::string loginPage(std::string_view message);
// "Logged in as 田中 (tanaka, approver)" and a logout button.
std::string userBar(const AdminCaller& caller, const WebSession& session);
// One POST form per action the caller's role allows from the link's status (approve, activate,
// suspend, resume, retire, review), each with the session's CSRF token and a required reason.
// "" when there is none (a viewer, a retired link).
std::string actionForms(const Link& link, const AdminCaller& caller, const WebSession& session);

}  // namespace renkei::admin
