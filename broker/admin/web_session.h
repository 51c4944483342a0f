#pragma once
// Web view logins: a server-side map from a random session id (the cookie) to the user it
// belongs to and the session's CSRF token, forgotten after an idle time. Only the id travels in
// the cookie; the user is looked up again on every request (admin_caller.h), so disabling a user
// ends their sessions at once. Sessions live in the broker's memory: a restart logs everyone
// out, which for a governance tool is a fair price for keeping no session table.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace renkei::admin {

// The cookie's name.
inline constexpr const char* kSessionCookie = "renkei_session";

struct WebSession {
  std::string id;    // 64 hex digits (256 random bits)
  std::string user;  // AdminUser::name
  std::string csrf;  // 64 hex digits; every POST form carries it (field "csrf")
  std::chrono::steady_clock::time_point last_used;
};

class WebSessions {
 public:
  explicit WebSessions(std::chrono::seconds idle_timeout = std::chrono::minutes(30))
      : idle_timeout_(idle_timeout) {}

  WebSession create(const std::string& user);
  // The live session with this id, its idle clock restarted; nullopt when unknown or expired
  // (an expired one is forgotten, and its user put in `*expired_user` so the caller can record
  // the expiry).
  std::optional<WebSession> find(std::string_view id, std::string* expired_user = nullptr);
  // Ends the session; returns its user, or "" when there was no such session.
  std::string end(std::string_view id);

 private:
  void dropExpiredLocked(std::chrono::steady_clock::time_point now);

  std::chrono::seconds idle_timeout_;
  std::mutex mutex_;
  std::map<std::string, WebSession, std::less<>> sessions_;
};

// The value of cookie `name` in a Cookie request header ("a=1; renkei_session=ab12"), or "".
std::string cookieValue(std::string_view cookie_header, std::string_view name);
// Set-Cookie header lines (without CRLF): HttpOnly, SameSite=Strict, Path=/, and Secure when
// the listener speaks TLS.
std::string sessionCookieHeader(const std::string& id, bool secure);
std::string clearedSessionCookieHeader(bool secure);
// True when `given` is the session's CSRF token (constant-time comparison).
bool csrfMatches(const WebSession& session, std::string_view given);

}  // namespace renkei::admin
