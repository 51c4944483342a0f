#include <sstream>

#include "broker/admin/html.h"
#include "broker/admin/web_pages.h"

namespace renkei::admin {

std::string refusedBody(const reports::TrafficSummary& traffic) {
  std::ostringstream out;
  // What was attempted without a link: the spaghetti the broker keeps out, and the first hint
  // that a link is missing or a unit is misconfigured.
  out << "<p>登録のない、または稼働中でない連携への試行。 Attempts the broker refused, grouped by "
         "sender, receiver, service, purpose and fault code.</p>\n";
  out << "<table id=\"refused\">\n<thead><tr><th>送信元 Sender</th><th>受信先 Receiver</th>"
      << "<th>サービス Service</th><th>事務 Purpose</th><th>エラー Fault code</th>"
      << "<th>件数 Count</th><th>初回 First seen</th><th>最終 Last seen</th></tr></thead>\n"
      << "<tbody>\n";
  for (const reports::RefusedGroup& group : traffic.refused) {
    out << "<tr><td>" << htmlEscape(group.sender) << "</td><td>" << htmlEscape(group.receiver)
        << "</td><td>" << htmlEscape(group.service) << "</td><td>" << htmlEscape(group.purpose)
        << "</td><td>" << htmlEscape(group.fault_code) << "</td><td class=\"num\">" << group.count
        << "</td><td>" << htmlEscape(group.first_seen) << "</td><td>" << htmlEscape(group.last_seen)
        << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  if (traffic.refused.empty()) out << "<p>拒否された試行はありません。 No refused attempts.</p>\n";
  out << "<p>監査記録 " << traffic.records << " 件 / audit records";
  if (!traffic.first_record_time.empty()) {
    out << " (" << htmlEscape(traffic.first_record_time) << " – "
        << htmlEscape(traffic.last_record_time) << ")";
  }
  out << "</p>\n";
  return out.str();
}

}  // namespace renkei::admin
