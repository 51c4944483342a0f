#include <sstream>

#include "broker/admin/html.h"
#include "broker/admin/web_pages.h"
#include "broker/reports/report_time.h"

namespace renkei::admin {
namespace {

constexpr LinkStatus kStatuses[] = {LinkStatus::kProposed, LinkStatus::kApproved,
                                    LinkStatus::kActive, LinkStatus::kSuspended,
                                    LinkStatus::kRetired};

void textInput(std::ostringstream& out, const char* name, const char* label,
               const std::string& value, int size = 12) {
  out << "<label>" << label << " <input type=\"text\" name=\"" << name << "\" value=\""
      << htmlEscape(value) << "\" size=\"" << size << "\"></label>";
}

void filterForm(std::ostringstream& out, const InventoryQuery& query) {
  out << "<form method=\"get\" action=\"/\" class=\"filters\">";
  textInput(out, "q", "検索 Search", query.q, 24);
  out << "<label>状態 Status <select name=\"status\"><option value=\"\">(all)</option>";
  for (LinkStatus status : kStatuses) {
    const bool selected = query.status && *query.status == status;
    out << "<option value=\"" << linkStatusName(status) << "\"" << (selected ? " selected" : "")
        << ">" << linkStatusName(status) << "</option>";
  }
  out << "</select></label>";
  textInput(out, "tenant", "団体 Tenant", query.tenant, 8);
  textInput(out, "sender", "送信元 Sender", query.sender);
  textInput(out, "receiver", "受信先 Receiver", query.receiver);
  textInput(out, "service", "サービス Service", query.service);
  textInput(out, "purpose", "事務 Purpose", query.purpose);
  textInput(out, "legal_basis", "根拠法令 Legal basis", query.legal_basis);
  textInput(out, "department", "所管課 Department", query.department);
  textInput(out, "vendor", "事業者 Vendor", query.vendor);
  // The chosen order survives a new search.
  if (query.sort != InventorySort::kInventory) {
    out << "<input type=\"hidden\" name=\"sort\" value=\"" << sortKeyName(query.sort) << "\">";
  }
  if (query.descending) out << "<input type=\"hidden\" name=\"dir\" value=\"desc\">";
  out << "<button type=\"submit\">絞り込み Filter</button> <a href=\"/\">解除 Clear</a></form>\n";
}

std::string validity(const Link& link) {
  if (link.valid_from.empty() && link.valid_to.empty()) return "";
  return link.valid_from + " – " + link.valid_to;
}

// A column header that sorts by its key; a second click on the sorted column reverses it.
void sortHeader(std::ostringstream& out, const InventoryQuery& query, InventorySort key,
                const char* label) {
  InventoryQuery next = query;
  next.sort = key;
  next.descending = query.sort == key && !query.descending;
  next.page = 1;
  const bool sorted = query.sort == key;
  out << "<th"
      << (sorted
              ? " aria-sort=\"" + std::string(query.descending ? "descending" : "ascending") + "\""
              : "")
      << "><a href=\"/?" << htmlEscape(inventoryQueryString(next)) << "\">" << label
      << (sorted ? (query.descending ? " ▼" : " ▲") : "") << "</a></th>";
}

void pager(std::ostringstream& out, const InventoryQuery& query, const InventoryPage& page) {
  if (page.pages <= 1) return;
  out << "<nav class=\"pager\" aria-label=\"pages\">";
  auto link = [&](int64_t number, const std::string& label) {
    InventoryQuery at = query;
    at.page = number;
    out << "<a href=\"/?" << htmlEscape(inventoryQueryString(at)) << "\">" << label << "</a> ";
  };
  if (query.page > 1) link(query.page - 1, "← 前 Prev");
  // Every page number up to 20 pages; beyond that the first, last and a window around this one.
  int64_t shown_until = 0;
  for (int64_t number = 1; number <= page.pages; ++number) {
    const bool near = number <= 2 || number > page.pages - 2 ||
                      (number >= query.page - 3 && number <= query.page + 3) || page.pages <= 20;
    if (!near) continue;
    if (number > shown_until + 1) out << "… ";
    shown_until = number;
    if (number == query.page) {
      out << "<strong aria-current=\"page\">" << number << "</strong> ";
    } else {
      link(number, std::to_string(number));
    }
  }
  if (query.page < page.pages) link(query.page + 1, "次 Next →");
  out << "</nav>\n";
}

}  // namespace

std::string statusBadge(LinkStatus status) {
  const std::string name = linkStatusName(status);
  return "<span class=\"badge status-" + name + "\">" + name + "</span>";
}

std::string unitLabel(const RegistrySnapshot& registry, const std::string& unit_id) {
  for (const Unit& unit : registry.units) {
    if (unit.id == unit_id && !unit.name.empty()) return unit_id + "（" + unit.name + "）";
  }
  return unit_id;
}

std::string inventoryBody(const RegistrySnapshot& registry, const InventoryPage& page,
                          const InventoryQuery& query) {
  std::ostringstream out;
  filterForm(out, query);
  const int64_t first = page.matching == 0 ? 0 : (query.page - 1) * query.per_page + 1;
  const int64_t last = first == 0 ? 0 : first + static_cast<int64_t>(page.rows.size()) - 1;
  out << "<p id=\"count\">" << page.matching << " 件 / of " << registry.links.size() << " links";
  if (page.matching > 0) {
    out << " — " << first << "–" << last << " 件目を表示 shown (page " << query.page << " / "
        << page.pages << ")";
  }
  InventoryQuery csv = query;
  csv.csv = true;
  InventoryQuery csv_all = csv;
  csv_all.page = 1;
  csv_all.per_page = kMaxPerPage;
  InventoryQuery cp932 = csv;
  cp932.cp932 = true;
  out << "</p>\n<p class=\"export\">CSV: <a id=\"csv\" href=\"/?"
      << htmlEscape(inventoryQueryString(csv)) << "\">表示中の行 rows shown</a> · <a href=\"/?"
      << htmlEscape(inventoryQueryString(cp932)) << "\">Shift_JIS (CP932)</a>";
  if (page.pages > 1) {
    out << " · <a href=\"/?" << htmlEscape(inventoryQueryString(csv_all))
        << "\">該当する全件 all matching</a>";
  }
  out << "</p>\n";
  pager(out, query, page);
  out << "<table id=\"links\">\n<thead><tr>";
  sortHeader(out, query, InventorySort::kId, "ID");
  sortHeader(out, query, InventorySort::kStatus, "状態 Status");
  sortHeader(out, query, InventorySort::kSender, "送信元 Sender");
  sortHeader(out, query, InventorySort::kReceiver, "受信先 Receiver");
  sortHeader(out, query, InventorySort::kService, "サービス Service");
  sortHeader(out, query, InventorySort::kPurpose, "事務 Purpose");
  sortHeader(out, query, InventorySort::kLegalBasis, "根拠法令 Legal basis");
  sortHeader(out, query, InventorySort::kDepartment, "所管課 Department");
  out << "<th>有効期間 Valid</th>";
  sortHeader(out, query, InventorySort::kReview, "見直し Review");
  sortHeader(out, query, InventorySort::kRouted, "中継 Routed");
  sortHeader(out, query, InventorySort::kRefused, "拒否 Refused");
  sortHeader(out, query, InventorySort::kLastSeen, "最終 Last seen (JST)");
  out << "</tr></thead>\n<tbody>\n";
  for (const InventoryRow& row : page.rows) {
    const Link& link = *row.link;
    out << "<tr><td><a href=\"/links/" << link.id << "\">" << link.id << "</a></td>"
        << "<td>" << statusBadge(link.status) << "</td>"
        << "<td>" << htmlEscape(unitLabel(registry, link.sender)) << "</td>"
        << "<td>" << htmlEscape(unitLabel(registry, link.receiver)) << "</td>"
        << "<td>" << htmlEscape(link.service_name + ":" + link.service_version) << "</td>"
        << "<td>" << htmlEscape(link.purpose_code) << "<br>" << htmlEscape(link.purpose_name)
        << "</td><td>" << htmlEscape(link.legal_basis) << "</td>"
        << "<td>" << htmlEscape(link.department) << "</td>"
        << "<td>" << htmlEscape(validity(link)) << "</td>"
        << "<td>" << htmlEscape(link.review_date) << "</td>"
        << "<td class=\"num\">" << row.usage->routed << "</td>"
        << "<td class=\"num\">" << row.usage->refused << "</td>"
        << "<td>" << htmlEscape(reports::formatJst(row.usage->last_seen)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  if (page.rows.empty()) out << "<p>該当する連携はありません。 No link matches.</p>\n";
  pager(out, query, page);
  return out.str();
}

}  // namespace renkei::admin
