#include <sstream>

#include "broker/admin/html.h"
#include "broker/admin/svg_chart.h"
#include "broker/admin/web_pages.h"
#include "broker/audit/link_content.h"

namespace renkei::admin {
namespace {

void row(std::ostringstream& out, const char* label, const std::string& value) {
  out << "<tr><th>" << label << "</th><td>" << htmlEscape(value) << "</td></tr>\n";
}

void numberRow(std::ostringstream& out, const char* label, int64_t value) {
  out << "<tr><th>" << label << "</th><td class=\"num\">" << value << "</td></tr>\n";
}

}  // namespace

std::string linkBody(const RegistrySnapshot& registry, const LinkRecord& record,
                     const reports::LinkUsage& usage, reports::TimePoint now) {
  const Link& link = record.link;
  std::ostringstream out;
  out << "<table id=\"link\">\n";
  row(out, "ID", std::to_string(link.id));
  out << "<tr><th>状態 Status</th><td>" << statusBadge(link.status) << "</td></tr>\n";
  row(out, "送信元 Sender", unitLabel(registry, link.sender));
  row(out, "受信先 Receiver", unitLabel(registry, link.receiver));
  row(out, "サービス Service", link.service_name + ":" + link.service_version);
  row(out, "事務コード Purpose code", link.purpose_code);
  row(out, "事務 Purpose", link.purpose_name);
  row(out, "根拠法令 Legal basis", link.legal_basis);
  row(out, "連携項目 Data items", link.data_items);
  row(out, "所管課 Department", link.department);
  row(out, "事業者 Vendor", link.vendor);
  row(out, "承認者 Approver", link.approver);
  row(out, "有効期間開始 Valid from", link.valid_from);
  row(out, "有効期間終了 Valid to", link.valid_to);
  row(out, "見直し期限 Review date", link.review_date);
  row(out, "団体間 Cross-tenant", link.cross_tenant ? "yes" : "no");
  row(out, "備考 Note", link.note);
  out << "</table>\n";

  out << "<h2>利用状況 Traffic</h2>\n<table id=\"traffic\">\n";
  numberRow(out, "中継 Routed", usage.routed);
  numberRow(out, "失敗 Failed", usage.failed);
  numberRow(out, "拒否 Refused", usage.refused);
  row(out, "初回 First seen (JST)", reports::formatJst(usage.first_seen));
  row(out, "最終 Last seen (JST)", reports::formatJst(usage.last_seen));
  row(out, "最終中継 Last routed (JST)", reports::formatJst(usage.last_routed));
  numberRow(out, "平均応答 Mean latency (µs)", usage.meanLatencyUs());
  out << "</table>\n";
  DailyChartOptions chart;
  chart.last_day = reports::formatIsoDate(reports::jstToday(now));
  chart.label = "連携 " + std::to_string(link.id) + " の日別の交換 Exchanges per day";
  out << "<figure id=\"link-daily\">" << dailyChartSvg(usage.days, chart) << "</figure>\n";

  out << "<h2>履歴 History</h2>\n<table id=\"history\">\n<thead><tr><th>#</th>"
      << "<th>日時 At (JST)</th><th>操作 Action</th><th>実施者 Actor</th><th>前 From</th>"
      << "<th>後 To</th><th>項目 Field</th><th>変更前 Before</th><th>変更後 After</th>"
      << "<th>理由 Reason</th></tr></thead>\n<tbody>\n";
  for (const LinkChange& change : record.history) {
    // A creation row's field holds the whole link as created (evidence for `audit verify`),
    // which the table above already shows.
    const bool content = change.field == kLinkContentField;
    out << "<tr><td class=\"num\">" << change.seq << "</td><td>"
        << htmlEscape(reports::formatJst(change.at)) << "</td><td>" << htmlEscape(change.action)
        << "</td><td>" << htmlEscape(change.actor) << "</td><td>" << htmlEscape(change.from_status)
        << "</td><td>" << htmlEscape(change.to_status) << "</td><td>"
        << (content ? "" : htmlEscape(change.field)) << "</td><td>" << htmlEscape(change.before)
        << "</td><td>" << (content ? "" : htmlEscape(change.after)) << "</td><td>"
        << htmlEscape(change.reason) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  return out.str();
}

}  // namespace renkei::admin
