#include "broker/admin/web_session.h"

#include <algorithm>

#include "broker/admin/admin_token.h"

namespace renkei::admin {

namespace {

int64_t systemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool isToken(std::string_view id) {
  return id.size() == 64 && id.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

WebSessions::WebSessions(Store& store, std::chrono::seconds idle_timeout, Clock now_ms)
    : store_(store),
      idle_timeout_(idle_timeout),
      touch_after_(
          std::min<std::chrono::milliseconds>(idle_timeout_ / 10, std::chrono::minutes(1))),
      now_ms_(now_ms ? std::move(now_ms) : Clock(systemNowMs)) {}

WebSession WebSessions::sessionOf(std::string id, std::string user) const {
  WebSession session;
  session.csrf = adminTokenDigest("renkei-csrf\n" + id);
  session.id = std::move(id);
  session.user = std::move(user);
  return session;
}

WebSession WebSessions::create(const std::string& user) {
  const int64_t now = now_ms_();
  // On every login, so sessions nobody comes back to do not pile up in the store.
  store_.deleteIdleWebSessions(now - idle_timeout_.count());
  WebSession session = sessionOf(newAdminToken(), user);
  store_.addWebSession({adminTokenDigest(session.id), user, now, now});
  return session;
}

std::optional<WebSession> WebSessions::find(std::string_view id, std::string* expired_user) {
  if (!isToken(id)) return std::nullopt;  // not one of ours: no store round trip
  const std::string digest = adminTokenDigest(id);
  auto row = store_.findWebSession(digest);
  if (!row) return std::nullopt;
  const int64_t now = now_ms_();
  if (now - row->last_used_ms > idle_timeout_.count()) {
    // Of two requests finding it expired, only the one that deletes it reports the expiry.
    const std::string user = store_.deleteWebSession(digest);
    if (expired_user != nullptr) *expired_user = user;
    return std::nullopt;
  }
  if (now - row->last_used_ms >= touch_after_.count()) store_.touchWebSession(digest, now);
  return sessionOf(std::string(id), std::move(row->user));
}

std::string WebSessions::end(std::string_view id) {
  if (!isToken(id)) return "";
  return store_.deleteWebSession(adminTokenDigest(id));
}

std::string cookieValue(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    const size_t end = cookie_header.find(';');
    std::string_view pair = cookie_header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    if (end == std::string_view::npos) break;
    cookie_header.remove_prefix(end + 1);
  }
  return "";
}

std::string sessionCookieHeader(const std::string& id, bool secure) {
  return std::string("Set-Cookie: ") + kSessionCookie + "=" + id +
         "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string clearedSessionCookieHeader(bool secure) {
  return std::string("Set-Cookie: ") + kSessionCookie +
         "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

bool csrfMatches(const WebSession& session, std::string_view given) {
  return sameDigest(session.csrf, given);
}

}  // namespace renkei::admin
