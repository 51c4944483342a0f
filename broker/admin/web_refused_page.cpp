#include <sstream>

#include "broker/admin/html.h"
#include "broker/admin/web_pages.h"
#include "broker/reports/governance_reports.h"
#include "broker/reports/report_time.h"

namespace renkei::admin {
namespace {

// The CLI report's cell ("#5 proposed" or "none"), the link's number linking to its page: a
// refusal on a registered link is a pending approval or a suspension, not a stranger.
std::string registeredLink(const RegistrySnapshot& registry, const reports::RefusedGroup& group) {
  const std::string cell = reports::registeredLinkCell(registry, group);
  if (cell.rfind('#', 0) != 0) return htmlEscape(cell);
  const std::string id = cell.substr(1, cell.find(' ') - 1);
  return "<a href=\"/links/" + id + "\">#" + id + "</a> " +
         htmlEscape(cell.substr(cell.find(' ') + 1));
}

}  // namespace

std::string refusedBody(const RegistrySnapshot& registry, const reports::TrafficSummary& traffic) {
  std::ostringstream out;
  // What was attempted without a link: the spaghetti the broker keeps out, and the first hint
  // that a link is missing or a unit is misconfigured.
  out << "<p>登録のない、または稼働中でない連携への試行。 Attempts the broker refused, grouped by "
         "sender, receiver, service, purpose and fault code.</p>\n";
  out << "<table id=\"refused\">\n<thead><tr><th>送信元 Sender</th><th>受信先 Receiver</th>"
      << "<th>サービス Service</th><th>事務 Purpose</th><th>エラー Fault code</th>"
      << "<th>件数 Count</th><th>登録された連携 Registered link</th>"
      << "<th>初回 First seen (JST)</th><th>最終 Last seen (JST)</th></tr></thead>\n"
      << "<tbody>\n";
  for (const reports::RefusedGroup& group : traffic.refused) {
    out << "<tr><td>" << htmlEscape(group.sender) << "</td><td>" << htmlEscape(group.receiver)
        << "</td><td>" << htmlEscape(group.service) << "</td><td>" << htmlEscape(group.purpose)
        << "</td><td>" << htmlEscape(group.fault_code) << "</td><td class=\"num\">" << group.count
        << "</td><td>" << registeredLink(registry, group) << "</td><td>"
        << htmlEscape(reports::formatJst(group.first_seen)) << "</td><td>"
        << htmlEscape(reports::formatJst(group.last_seen)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  if (traffic.refused.empty()) out << "<p>拒否された試行はありません。 No refused attempts.</p>\n";
  out << "<p>監査記録 " << traffic.records << " 件 / audit records";
  if (!traffic.first_record_time.empty()) {
    out << " (" << htmlEscape(reports::formatJst(traffic.first_record_time)) << " – "
        << htmlEscape(reports::formatJst(traffic.last_record_time)) << ")";
  }
  out << "</p>\n";
  return out.str();
}

}  // namespace renkei::admin
