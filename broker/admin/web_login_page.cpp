#include "broker/admin/web_login_page.h"

#include <sstream>

#include "broker/admin/html.h"

namespace renkei::admin {
namespace {

struct ActionForm {
  const char* verb;      // the path's last part: POST /links/<id>/<verb>
  const char* label;     // the button
  LinkStatus from;       // the status the action starts from
  bool any_but_retired;  // retire and review start from any status but retired
};

constexpr ActionForm kActions[] = {
    {"approve", "承認 Approve", LinkStatus::kProposed, false},
    {"activate", "有効化 Activate", LinkStatus::kApproved, false},
    {"suspend", "停止 Suspend", LinkStatus::kActive, false},
    {"resume", "再開 Resume", LinkStatus::kSuspended, false},
    {"retire", "廃止 Retire", LinkStatus::kRetired, true},
    {"review", "見直し記録 Record review", LinkStatus::kRetired, true},
};

bool applies(const ActionForm& action, LinkStatus status) {
  return action.any_but_retired ? status != LinkStatus::kRetired : status == action.from;
}

}  // namespace

std::string loginPage(std::string_view message) {
  std::ostringstream out;
  if (!message.empty())
    out << "<p class=\"error\" id=\"login-error\">" << htmlEscape(message) << "</p>\n";
  out << "<form method=\"post\" action=\"/login\" id=\"login\">\n"
      << "<p><label>ユーザー名 User <input type=\"text\" name=\"user\" required "
         "autocomplete=\"username\" size=\"20\"></label></p>\n"
      << "<p><label>トークン Token <input type=\"password\" name=\"token\" required "
         "autocomplete=\"off\" size=\"70\"></label></p>\n"
      << "<p><button type=\"submit\">ログイン Log in</button></p>\n</form>\n"
      << "<p>The token was printed once by <code>renkei users add</code> or <code>renkei "
         "users token</code>. With a client certificate mapped to your user no login is "
         "needed.</p>\n";
  return renderPage("ログイン Login", out.str());
}

std::string userBar(const AdminCaller& caller, const WebSession& session) {
  if (!caller.user) return "";
  const AdminUser& user = *caller.user;
  std::ostringstream out;
  out << "<form method=\"post\" action=\"/logout\" id=\"user-bar\"><p>"
      << htmlEscape(user.display_name.empty() ? user.name : user.display_name) << " ("
      << htmlEscape(user.name) << ", " << adminRoleName(user.role) << ") "
      << "<input type=\"hidden\" name=\"csrf\" value=\"" << session.csrf << "\">"
      << "<button type=\"submit\">ログアウト Log out</button></p></form>\n";
  return out.str();
}

std::string actionForms(const Link& link, const AdminCaller& caller, const WebSession& session) {
  std::ostringstream out;
  for (const ActionForm& action : kActions) {
    if (!applies(action, link.status)) continue;
    const auto needed = roleForLinkAction(action.verb);
    if (!needed || !caller.may(*needed)) continue;
    const std::string id = std::to_string(link.id);
    out << "<form method=\"post\" action=\"/links/" << id << "/" << action.verb
        << "\" class=\"action\" id=\"action-" << action.verb << "\">\n"
        << "<input type=\"hidden\" name=\"csrf\" value=\"" << session.csrf << "\">\n";
    if (std::string_view(action.verb) == "review") {
      out << "<label>次回見直し Next review <input type=\"date\" name=\"next\" required>"
             "</label>\n";
    }
    out << "<label>理由 Reason <input type=\"text\" name=\"reason\" required size=\"40\">"
           "</label>\n<button type=\"submit\">"
        << action.label << "</button>\n</form>\n";
  }
  const std::string forms = out.str();
  if (forms.empty()) return "";
  return "<h2>操作 Actions</h2>\n<div id=\"actions\">\n" + forms + "</div>\n";
}

}  // namespace renkei::admin
