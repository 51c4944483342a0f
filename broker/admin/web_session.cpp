#include "broker/admin/web_session.h"

#include "broker/admin/admin_token.h"

namespace renkei::admin {

WebSession WebSessions::create(const std::string& user) {
  WebSession session;
  session.id = newAdminToken();
  session.user = user;
  session.csrf = newAdminToken();
  session.last_used = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  dropExpiredLocked(session.last_used);
  sessions_[session.id] = session;
  return session;
}

std::optional<WebSession> WebSessions::find(std::string_view id, std::string* expired_user) {
  if (id.empty()) return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_used > idle_timeout_) {
    if (expired_user != nullptr) *expired_user = it->second.user;
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second;
}

std::string WebSessions::end(std::string_view id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return "";
  std::string user = std::move(it->second.user);
  sessions_.erase(it);
  return user;
}

// Called on every login, so sessions nobody comes back to do not pile up.
void WebSessions::dropExpiredLocked(std::chrono::steady_clock::time_point now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = now - it->second.last_used > idle_timeout_ ? sessions_.erase(it) : std::next(it);
  }
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
