#include "broker/admin/web_actions.h"

#include <charconv>
#include <iostream>

#include "broker/admin/admin_error.h"
#include "broker/admin/html.h"
#include "broker/admin/query_string.h"
#include "broker/admin/web_edit_form.h"
#include "broker/admin/web_login_page.h"
#include "broker/registry/link_lifecycle.h"

namespace renkei::admin {
namespace {

HttpReply htmlReply(int status, std::string body) {
  HttpReply reply;
  reply.status = status;
  reply.content_type = "text/html; charset=utf-8";
  reply.body = std::move(body);
  return reply;
}

WebReply redirect(const std::string& location, std::string headers = "") {
  WebReply reply;
  reply.http.status = 303;
  reply.http.content_type = "text/plain; charset=utf-8";
  reply.http.body = "see " + location + "\n";
  reply.headers = "Location: " + location + (headers.empty() ? "" : "\r\n" + headers);
  return reply;
}

WebReply errorPage(int status, const std::string& title, const std::string& message) {
  WebReply reply;
  reply.http = htmlReply(status, renderPage(title, "<p class=\"error\" id=\"action-error\">" +
                                                       htmlEscape(message) + "</p>\n"));
  return reply;
}

int statusFor(AdminErrorCode code) {
  switch (code) {
    case AdminErrorCode::kNoSuchLink:
      return 404;
    case AdminErrorCode::kLifecycleRefused:
    case AdminErrorCode::kDuplicateLink:
      return 409;
    case AdminErrorCode::kUnauthenticated:
      return 401;
    case AdminErrorCode::kNotPermitted:
      return 403;
    case AdminErrorCode::kInternal:
      return 500;
    default:
      return 400;
  }
}

struct Transition {
  const char* verb;
  LinkStatus to;
  std::optional<LinkStatus> from;
};

// The same verbs and start statuses as the SOAP operations (admin_soap_endpoint.cpp).
constexpr Transition kTransitions[] = {
    {"approve", LinkStatus::kApproved, LinkStatus::kProposed},
    {"activate", LinkStatus::kActive, LinkStatus::kApproved},
    {"suspend", LinkStatus::kSuspended, LinkStatus::kActive},
    {"resume", LinkStatus::kActive, LinkStatus::kSuspended},
    {"retire", LinkStatus::kRetired, std::nullopt},
};

// "/links/7/approve" -> {"7", "approve"}; nullopt for any other path.
std::optional<std::pair<std::string, std::string>> linkActionPath(const std::string& path) {
  constexpr std::string_view kPrefix = "/links/";
  if (path.rfind(kPrefix, 0) != 0) return std::nullopt;
  const std::string rest = path.substr(kPrefix.size());
  const size_t slash = rest.find('/');
  if (slash == std::string::npos || slash == 0) return std::nullopt;
  return std::make_pair(rest.substr(0, slash), rest.substr(slash + 1));
}

std::optional<int64_t> linkId(const std::string& text) {
  int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace

HttpReply loginRequiredReply() {
  return htmlReply(401, loginPage("ログインしてください Please log in: admin users exist on this "
                                  "broker, so every page needs one."));
}

WebAccess WebActions::access(const WebRequest& request) {
  WebAccess access;
  if (!request.bearer.empty()) {
    access.caller = authenticator_.identify(request.bearer, "");
    return access;  // a script: no session, and no forms to protect
  }
  std::string expired_user;
  if (auto session = sessions_.find(cookieValue(request.cookie, kSessionCookie), &expired_user)) {
    access.caller = authenticator_.byName(session->user);
    if (access.caller.user) {
      access.session = std::move(session);
      return access;
    }
    sessions_.end(session->id);  // its user was disabled
  }
  if (!expired_user.empty()) {
    recordSession({"session-expired", expired_user, request.peer,
                   "web session of " + expired_user + " expired after its idle time"});
  }
  access.caller = authenticator_.identify("", request.cert_subject);
  if (access.caller.user) {
    access.session = sessions_.create(access.caller.user->name);
    access.new_cookie = sessionCookieHeader(access.session->id, request.tls);
  }
  return access;
}

WebReply WebActions::post(const WebRequest& request) {
  const RequestTarget target = parseRequestTarget(request.target);
  if (target.path == "/login") return login(request);
  if (target.path == "/logout") return logout(request);
  if (auto action = linkActionPath(target.path)) {
    return linkAction(request, action->first, action->second);
  }
  return errorPage(404, "Not found", "nothing answers a form posted to " + target.path);
}

bool WebActions::recordSession(const AdminSession& session) {
  try {
    service_.recordSession(session);
    return true;
  } catch (const std::exception& e) {
    std::cerr << "renkei: admin web: " << e.what() << std::endl;
    return false;
  }
}

WebReply WebActions::login(const WebRequest& request) {
  const RequestTarget form = parseRequestTarget("?" + request.body);
  const auto param = [&](const char* name) {
    const auto it = form.params.find(name);
    return it == form.params.end() ? std::string() : it->second;
  };
  // The user name is optional (a script may send only its token); when given it must be the
  // token's user, and a refused login is recorded under the name typed.
  const std::string typed = param("user");
  const AdminCaller caller = authenticator_.identify(param("token"), "");
  if (caller.open) return redirect("/");  // no users yet: nothing to log in to
  if (!caller.user || (!typed.empty() && typed != caller.user->name)) {
    const std::string why = !caller.user ? "the token is not valid or its user is disabled"
                                         : "the token is another user's";
    recordSession({"login-refused", typed, request.peer,
                   "web login refused" + (typed.empty() ? "" : " for " + typed) + ": " + why});
    WebReply reply;
    reply.http = htmlReply(401, loginPage("ユーザー名かトークンが違います The user name or the "
                                          "token is not valid (or the user is disabled)."));
    return reply;
  }
  const AdminUser& user = *caller.user;
  if (!recordSession({"login", user.name, request.peer,
                      "web login by " + user.name + " (" + adminRoleName(user.role) + ")"})) {
    return errorPage(503, "Unavailable",
                     "the audit trail cannot record this login just now; try again when the "
                     "store is back");
  }
  const WebSession session = sessions_.create(user.name);
  return redirect("/", sessionCookieHeader(session.id, request.tls));
}

WebReply WebActions::logout(const WebRequest& request) {
  const std::string user = sessions_.end(cookieValue(request.cookie, kSessionCookie));
  // Ended either way; a logout the trail could not take is in the broker's log.
  if (!user.empty()) recordSession({"logout", user, request.peer, "web logout by " + user});
  return redirect("/login", clearedSessionCookieHeader(request.tls));
}

WebReply WebActions::linkAction(const WebRequest& request, const std::string& id_text,
                                const std::string& verb) {
  const WebAccess who = access(request);
  const auto needed = roleForLinkAction(verb);
  const auto id = linkId(id_text);
  if (!needed || !id ||
      (verb != "review" && verb != "approve" && verb != "activate" && verb != "suspend" &&
       verb != "resume" && verb != "retire" && verb != "update")) {
    return errorPage(404, "Not found", "there is no action " + verb + " on /links/" + id_text);
  }
  if (!who.caller.open && !who.caller.user) {
    WebReply reply;
    reply.http = loginRequiredReply();
    return reply;
  }
  const RequestTarget form = parseRequestTarget("?" + request.body);
  const auto field = [&](const char* name) {
    const auto it = form.params.find(name);
    return it == form.params.end() ? std::string() : it->second;
  };
  // A bearer token is sent by a script on its own; a browser never attaches it to a form another
  // site makes it post, so such a request cannot be forged and needs no CSRF token. Bootstrap
  // mode has no users, sessions or CSRF tokens: its pages show no forms, and a posted action is
  // refused rather than run for an anonymous browser.
  const bool by_token = !request.bearer.empty() && who.caller.user.has_value();
  if (!by_token && (!who.session || !csrfMatches(*who.session, field("csrf")))) {
    return errorPage(403, "Refused",
                     "the form carries no valid CSRF token for your session; reload the link's "
                     "page and submit the form from it");
  }
  if (!who.caller.may(*needed)) {
    return errorPage(403, "Refused", notPermittedReason(who.caller, verb, *needed));
  }
  const std::string reason = field("reason");
  const ChangeContext change{who.caller.user->name, reason, ""};
  if (verb == "update") return updateAction(*id, form.params, who, change);
  if (reason.empty()) {
    return errorPage(400, "Refused", "a reason is required: it is kept in the link's history");
  }
  try {
    if (verb == "review") {
      service_.reviewLink(*id, field("next"), change);
    } else {
      for (const Transition& t : kTransitions) {
        if (verb == t.verb) service_.transitionLink(*id, t.to, change, t.from);
      }
    }
  } catch (const AdminError& e) {
    return errorPage(statusFor(e.code()), "Refused", e.what());
  }
  return redirect("/links/" + std::to_string(*id));
}

WebReply WebActions::updateAction(int64_t id, const std::map<std::string, std::string>& posted,
                                  const WebAccess& who, const ChangeContext& change) {
  LinkRecord record;
  try {
    record = service_.getLink(id);
  } catch (const AdminError& e) {
    return errorPage(statusFor(e.code()), "Refused", e.what());
  }
  const Link& link = record.link;
  // Refused input shows the form again with what was typed, so nothing has to be typed twice;
  // nothing is written.
  const auto again = [&](const std::string& message) {
    const std::string n = std::to_string(id);
    WebReply reply;
    reply.http = htmlReply(
        400, renderPage("連携 " + n + " の編集 Edit link " + n,
                        "<p><a href=\"/links/" + n + "\">連携 " + n + " に戻る Back to link " + n +
                            "</a></p>\n" +
                            linkEditForm(link, posted, who.session ? who.session->csrf : "",
                                         change.reason, message)));
    return reply;
  };
  if (change.reason.empty()) {
    return again(
        "理由を入力してください A reason is required: it is kept in the link's history "
        "with each change.");
  }
  const LinkFieldValues values = changedLinkFields(link, posted);
  if (values.empty()) {
    return again("変更がありません Nothing to save: every field already has the value given.");
  }
  try {
    service_.updateLink(id, values, change);
  } catch (const AdminError& e) {
    if (e.code() == AdminErrorCode::kInvalidLink || e.code() == AdminErrorCode::kInvalidRequest) {
      return again(e.what());
    }
    return errorPage(statusFor(e.code()), "Refused", e.what());
  }
  return redirect("/links/" + std::to_string(id));
}

void WebActions::decorate(const WebRequest& request, const WebAccess& access, HttpReply& reply) {
  if (!access.session || !access.caller.user || reply.status != 200 ||
      reply.content_type.rfind("text/html", 0) != 0) {
    return;
  }
  std::string blocks = userBar(access.caller, *access.session);
  const RequestTarget target = parseRequestTarget(request.target);
  if (auto id =
          target.path.rfind("/links/", 0) == 0 ? linkId(target.path.substr(7)) : std::nullopt) {
    try {
      const Link link = service_.getLink(*id).link;
      blocks += actionForms(link, access.caller, *access.session);
      if (access.caller.may(AdminRole::kProposer) && !editRefusal(link.status)) {
        blocks += linkEditForm(link, {}, access.session->csrf, "", "");
      }
    } catch (const AdminError&) {
      // The page was just rendered; a link gone since shows no forms.
    }
  }
  // Added at the end of the page, so the read-only pages need not know about sessions.
  const size_t end = reply.body.rfind("</body>");
  reply.body.insert(end == std::string::npos ? reply.body.size() : end, blocks);
}

}  // namespace renkei::admin
