#pragma once
// A browser's or a script's HTTP exchanges with the admin listener's web side, over real HTTP
// with libcurl: response headers kept (Set-Cookie, Location, Content-Disposition), redirects not
// followed, and the few things a test picks out of the answers (session cookie, CSRF token, a
// token printed by `renkei users`).
#include <curl/curl.h>

#include <optional>
#include <string>
#include <vector>

namespace renkei::testing {

// An HTTP exchange with its response headers (Set-Cookie, Location), no redirects followed.
struct WebAnswer {
  long status = 0;
  std::string headers;
  std::string body;
};

inline size_t appendTo(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

inline WebAnswer request(const std::string& url, const std::vector<std::string>& header_lines,
                         const std::optional<std::string>& form_body = std::nullopt,
                         const std::string& content_type = "application/x-www-form-urlencoded") {
  WebAnswer answer;
  CURL* curl = curl_easy_init();
  struct curl_slist* headers = nullptr;
  for (const std::string& line : header_lines) headers = curl_slist_append(headers, line.c_str());
  if (form_body) {
    headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form_body->c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 20000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendTo);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, appendTo);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer.headers);
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return answer;
}

// The line after "token: " in the output of `users add` / `users token`.
inline std::string tokenIn(const std::string& output) {
  const size_t at = output.find("token: ");
  if (at == std::string::npos) return "";
  return output.substr(at + 7, output.find('\n', at) - at - 7);
}

// "renkei_session=..." from a Set-Cookie header, for the Cookie header of the next request.
inline std::string sessionCookie(const std::string& headers) {
  const size_t at = headers.find("renkei_session=");
  if (at == std::string::npos) return "";
  return headers.substr(at, headers.find(';', at) - at);
}

// The value of the first hidden csrf field of a page.
inline std::string csrfIn(const std::string& page) {
  const std::string marker = "name=\"csrf\" value=\"";
  const size_t at = page.find(marker);
  if (at == std::string::npos) return "";
  return page.substr(at + marker.size(), 64);
}

}  // namespace renkei::testing
