#pragma once
// Minimal server-rendered HTML for the admin web view: escaping and the page frame. Everything
// shown comes from the registry or the audit trail, which callers and vendors fill in, so every
// value goes through htmlEscape — the page must never run a script somebody registered.
#include <string>
#include <string_view>

namespace renkei::admin {

// Escapes & < > " ' and drops control characters that are not allowed in HTML text.
std::string htmlEscape(std::string_view text);
// Percent-encodes a query-string value (UTF-8 bytes), for links that carry a filter.
std::string urlEncode(std::string_view text);

// <!DOCTYPE html> with lang="ja", UTF-8, the title, the navigation bar, a little CSS, then
// `body_html` (already escaped by the caller). No JavaScript.
std::string renderPage(std::string_view title, std::string_view body_html);

}  // namespace renkei::admin
