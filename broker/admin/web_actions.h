#pragma once
// The web view's side of identity: who a browser (or a script with a bearer token) is, and the
// POST requests a page's forms send:
//
//   POST /login                  user=, token=        -> session cookie, 303 to /
//   POST /logout                 csrf=...             -> session ended, 303 to /login
//   POST /links/<id>/<verb>      csrf=, reason=[, next=]  verb: approve activate suspend
//                                                       resume retire review
//   POST /links/<id>/update      csrf=, reason=, purposeName=, legalBasis=, ... (link_edit.h)
//
// Each action runs through RegistryAdminService with the logged-in user as the actor, after the
// same role check as the SOAP operations; a form without the session's CSRF token is refused
// (403), so another site cannot make a logged-in officer's browser approve a link. A script
// sending "Authorization: Bearer" needs no CSRF token: no browser attaches that header to a
// form another site makes it post. Logins, refused logins, logouts and expired sessions are
// audit records (admin_audit.h).
#include <map>
#include <string>

#include "broker/admin/admin_caller.h"
#include "broker/admin/registry_admin_service.h"
#include "broker/admin/web_session.h"
#include "broker/core/exchange.h"

namespace renkei::admin {

struct WebRequest {
  std::string target;        // path and query
  std::string body;          // application/x-www-form-urlencoded (POST)
  std::string cookie;        // the Cookie header
  std::string bearer;        // the token of "Authorization: Bearer <token>", if any
  std::string cert_subject;  // the verified client certificate's subject under TLS, if any
  bool tls = false;          // the listener speaks TLS (cookies get Secure)
  std::string peer;          // the client's address, for the audit records of logins
};

struct WebReply {
  HttpReply http;
  std::string headers;  // extra header lines (Set-Cookie, Location), CRLF-separated
};

// Who the request is, by bearer token, session cookie or client certificate.
struct WebAccess {
  AdminCaller caller;
  std::optional<WebSession> session;  // set for a browser login (cookie or certificate)
  std::string new_cookie;             // a Set-Cookie line when a session was opened just now
};

class WebActions {
 public:
  WebActions(RegistryAdminService& service, AdminAuthenticator& authenticator,
             WebSessions& sessions)
      : service_(service), authenticator_(authenticator), sessions_(sessions) {}

  // A certificate login gets a session on its first request (for its forms' CSRF token).
  WebAccess access(const WebRequest& request);
  // Answers a form POST (see above); anything else is 404.
  WebReply post(const WebRequest& request);
  // Adds to an HTML page for a logged-in browser: the user bar, and on /links/<id> the action
  // forms the user's role allows. Leaves other replies alone.
  void decorate(const WebRequest& request, const WebAccess& access, HttpReply& reply);

 private:
  WebReply login(const WebRequest& request);
  WebReply logout(const WebRequest& request);
  WebReply linkAction(const WebRequest& request, const std::string& id_text,
                      const std::string& verb);
  WebReply updateAction(int64_t id, const std::map<std::string, std::string>& posted,
                        const WebAccess& who, const ChangeContext& change);
  // Records a login, logout or expiry; false (after logging why) when the trail cannot take it.
  bool recordSession(const AdminSession& session);

  RegistryAdminService& service_;
  AdminAuthenticator& authenticator_;
  WebSessions& sessions_;
};

// 401 for a browser: the login page (status 401, so scripts notice).
HttpReply loginRequiredReply();

}  // namespace renkei::admin
