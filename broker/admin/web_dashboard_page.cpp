// The dashboard (`/dashboard`): what a 課長 reads at a glance — the last 30 days of exchanges,
// the busiest and the most refused unit pairs, and the registry's open chores (reviews due,
// links without a legal basis), each list cut short with a link to the full view.
#include <algorithm>
#include <map>
#include <sstream>

#include "broker/admin/html.h"
#include "broker/admin/svg_chart.h"
#include "broker/admin/web_pages.h"
#include "broker/reports/governance_reports.h"

namespace renkei::admin {
namespace {

constexpr std::size_t kTopPairs = 10;
constexpr std::size_t kChoreRows = 20;

struct PairCount {
  std::string sender, receiver;
  int64_t count = 0;
  int64_t links = 0;
};

std::vector<PairCount> topPairs(std::map<std::pair<std::string, std::string>, PairCount> pairs) {
  std::vector<PairCount> out;
  for (auto& [key, pair] : pairs) {
    if (pair.count == 0) continue;
    pair.sender = key.first;
    pair.receiver = key.second;
    out.push_back(std::move(pair));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const PairCount& a, const PairCount& b) { return a.count > b.count; });
  if (out.size() > kTopPairs) out.resize(kTopPairs);
  return out;
}

void pairTable(std::ostringstream& out, const RegistrySnapshot& registry, const char* id,
               const char* count_label, const std::vector<PairCount>& pairs) {
  if (pairs.empty()) {
    out << "<p id=\"" << id << "\">まだありません。 None yet.</p>\n";
    return;
  }
  out << "<table id=\"" << id << "\"><thead><tr><th>送信元 Sender</th><th>受信先 Receiver</th>"
      << "<th>" << count_label << "</th></tr></thead><tbody>\n";
  for (const PairCount& pair : pairs) {
    const std::string filter =
        "/?sender=" + urlEncode(pair.sender) + "&receiver=" + urlEncode(pair.receiver);
    out << "<tr><td>" << htmlEscape(unitLabel(registry, pair.sender)) << "</td><td>"
        << htmlEscape(unitLabel(registry, pair.receiver)) << "</td><td class=\"num\">" << pair.count
        << "</td><td><a href=\"" << htmlEscape(filter) << "\">連携 links</a> · "
        << "<a href=\"/graph?unit=" << urlEncode(pair.sender) << "\">図 graph</a></td></tr>\n";
  }
  out << "</tbody></table>\n";
}

// A governance report (the same rows as `renkei report <kind>`), its first rows as HTML, the id
// column linking to the link's page.
void choreTable(std::ostringstream& out, const char* id, const reports::ReportTable& table,
                const std::vector<std::string>& columns) {
  out << "<p>" << table.rows.size() << " 件</p>\n";
  if (table.rows.empty()) return;
  std::vector<std::size_t> index;
  for (const auto& column : columns) {
    index.push_back(static_cast<std::size_t>(
        std::find(table.columns.begin(), table.columns.end(), column) - table.columns.begin()));
  }
  out << "<table id=\"" << id << "\"><thead><tr>";
  for (const auto& column : columns) out << "<th>" << htmlEscape(column) << "</th>";
  out << "</tr></thead><tbody>\n";
  for (std::size_t r = 0; r < table.rows.size() && r < kChoreRows; ++r) {
    out << "<tr>";
    for (std::size_t c = 0; c < index.size(); ++c) {
      const std::string value = index[c] < table.rows[r].size() ? table.rows[r][index[c]] : "";
      if (columns[c] == "id") {
        out << "<td><a href=\"/links/" << htmlEscape(value) << "\">" << htmlEscape(value)
            << "</a></td>";
      } else if (columns[c] == "status") {
        LinkStatus status;
        out << "<td>" << (parseLinkStatus(value, &status) ? statusBadge(status) : htmlEscape(value))
            << "</td>";
      } else {
        out << "<td>" << htmlEscape(value) << "</td>";
      }
    }
    out << "</tr>\n";
  }
  out << "</tbody></table>\n";
  if (table.rows.size() > kChoreRows) {
    out << "<p>ほか " << table.rows.size() - kChoreRows << " 件 — <code>renkei report "
        << (std::string(id) == "review-due" ? "review-due" : "no-legal-basis")
        << "</code> で全件 (the CLI lists all)</p>\n";
  }
}

}  // namespace

std::string dashboardBody(const RegistrySnapshot& registry, const reports::TrafficSummary& traffic,
                          reports::TimePoint now) {
  std::ostringstream out;
  const std::string today = reports::formatIsoDate(reports::jstToday(now));

  std::map<LinkStatus, int64_t> by_status;
  for (const Link& link : registry.links) ++by_status[link.status];
  out << "<p id=\"status-counts\">連携 " << registry.links.size() << " 件 links:";
  for (const auto& [status, count] : by_status) {
    out << " <a href=\"/?status=" << linkStatusName(status) << "\">" << statusBadge(status) << " "
        << count << "</a>";
  }
  out << "</p>\n";

  DailyChartOptions chart;
  chart.last_day = today;
  chart.label = "直近30日の交換 Exchanges per day, last 30 days to " + today + " (JST)";
  out << "<h2>日別の交換 Exchanges per day (JST)</h2>\n<figure id=\"daily\">"
      << dailyChartSvg(traffic.days, chart) << "</figure>\n";

  std::map<std::pair<std::string, std::string>, PairCount> busiest;
  std::map<std::int64_t, const Link*> links;
  for (const Link& link : registry.links) links[link.id] = &link;
  for (const auto& [id, usage] : traffic.links) {
    const auto link = links.find(id);
    if (link == links.end()) continue;
    PairCount& pair = busiest[{link->second->sender, link->second->receiver}];
    pair.count += usage.routed;
    ++pair.links;
  }
  std::map<std::pair<std::string, std::string>, PairCount> refused;
  for (const auto& group : traffic.refused)
    refused[{group.sender, group.receiver}].count += group.count;

  out << "<div class=\"columns\"><section><h2>中継の多い組 Busiest unit pairs</h2>\n";
  pairTable(out, registry, "busiest", "中継 Routed", topPairs(busiest));
  out << "</section><section><h2>拒否の多い組 Most refused unit pairs</h2>\n";
  pairTable(out, registry, "most-refused", "拒否 Refused", topPairs(refused));
  out << "<p><a href=\"/refused\">拒否された試行の一覧 All refused "
         "attempts</a></p></section></div>\n";

  reports::ReportInputs inputs{registry, {}, {}};
  reports::ReportOptions options;
  options.now = now;
  out << "<h2>見直し期限 Links due for review</h2>\n";
  choreTable(
      out, "review-due", reports::reviewDueReport(inputs, options),
      {"id", "status", "sender", "receiver", "service", "review_date", "days_overdue", "problem"});
  out << "<h2>根拠法令のない連携 Links without a legal basis</h2>\n";
  choreTable(out, "no-legal-basis", reports::noLegalBasisReport(inputs),
             {"id", "status", "sender", "receiver", "service", "purpose_code", "legal_basis",
              "department"});
  return out.str();
}

}  // namespace renkei::admin
