#pragma once
// Web view logins: a random session token (the cookie) mapped to the user it belongs to,
// forgotten after an idle time or at logout. Only the token travels in the cookie; the user is
// looked up again on every request (admin_caller.h), so disabling a user ends their sessions at
// once. Sessions live in the store (web_session_row.h), keyed by the token's SHA-256, never the
// token: a broker restart, or another broker on the same PostgreSQL store, keeps everyone
// logged in, and a copy of the database logs nobody in.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "broker/store/store.h"

namespace renkei::admin {

// The cookie's name.
inline constexpr const char* kSessionCookie = "renkei_session";

struct WebSession {
  std::string id;    // the cookie's token: 64 hex digits (256 random bits)
  std::string user;  // AdminUser::name
  // 64 hex digits every POST form carries (field "csrf"). Derived from the token rather than
  // stored: it survives a restart with the session, and the stored digest does not give it away.
  std::string csrf;
};

class WebSessions {
 public:
  // Milliseconds since the Unix epoch; the wall clock, because sessions outlive the process.
  using Clock = std::function<int64_t()>;

  explicit WebSessions(Store& store, std::chrono::seconds idle_timeout = std::chrono::minutes(30),
                       Clock now_ms = {});

  // Stores a new session (and prunes the idle ones). Throws StoreError.
  WebSession create(const std::string& user);
  // The live session with this token, its idle clock restarted; nullopt when unknown or expired
  // (an expired one is deleted, and its user put in `*expired_user` so the caller can record
  // the expiry). Throws StoreError.
  std::optional<WebSession> find(std::string_view id, std::string* expired_user = nullptr);
  // Ends the session; returns its user, or "" when there was no such session.
  std::string end(std::string_view id);

 private:
  WebSession sessionOf(std::string id, std::string user) const;

  Store& store_;
  std::chrono::milliseconds idle_timeout_;
  // How stale last_used may get before a request writes it again: a page view is not worth a
  // disk write each, and the timeout is not meant to the second.
  std::chrono::milliseconds touch_after_;
  Clock now_ms_;
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
