#pragma once
// Content-Disposition for downloads (RFC 6266): browsers save the file under a name that says
// what it is instead of the URL's last part ("?format=csv"). The name is given twice: as
// filename*=UTF-8''... (RFC 8187) for a Japanese name, and as a plain ASCII filename="..." that
// older clients and scripts (curl -J) fall back on.
#include <string>
#include <string_view>

namespace renkei::admin {

// "Content-Disposition: attachment; filename=\"<ascii>\"; filename*=UTF-8''<utf8, encoded>"
// (no CRLF). Characters `ascii_fallback` must not carry in a quoted string (non-ASCII, control,
// '"', '\\') become '_'.
std::string attachmentHeader(std::string_view utf8_name, std::string_view ascii_fallback);

// The inventory's CSV export on `jst_date` ("2026-12-02"): 連携一覧-20261202.csv, with
// renkei-links-20261202.csv as the ASCII name.
std::string inventoryCsvAttachmentHeader(std::string_view jst_date);

}  // namespace renkei::admin
