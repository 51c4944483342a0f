#include <sstream>

#include "broker/admin/html.h"
#include "broker/admin/web_pages.h"

namespace renkei::admin {
namespace {

constexpr LinkStatus kStatuses[] = {LinkStatus::kProposed, LinkStatus::kApproved,
                                    LinkStatus::kActive, LinkStatus::kSuspended,
                                    LinkStatus::kRetired};

void textInput(std::ostringstream& out, const char* name, const char* label,
               const std::string& value) {
  out << "<label>" << label << " <input type=\"text\" name=\"" << name << "\" value=\""
      << htmlEscape(value) << "\" size=\"14\"></label>";
}

void filterForm(std::ostringstream& out, const LinkFilter& filter) {
  out << "<form method=\"get\" action=\"/\"><label>状態 Status <select name=\"status\">"
      << "<option value=\"\">(all)</option>";
  for (LinkStatus status : kStatuses) {
    const bool selected = filter.status && *filter.status == status;
    out << "<option value=\"" << linkStatusName(status) << "\"" << (selected ? " selected" : "")
        << ">" << linkStatusName(status) << "</option>";
  }
  out << "</select></label>";
  textInput(out, "tenant", "団体 Tenant", filter.tenant);
  textInput(out, "sender", "送信元 Sender", filter.sender);
  textInput(out, "receiver", "受信先 Receiver", filter.receiver);
  textInput(out, "service", "サービス Service", filter.service);
  out << "<button type=\"submit\">絞り込み Filter</button></form>\n";
}

std::string validity(const Link& link) {
  if (link.valid_from.empty() && link.valid_to.empty()) return "";
  return link.valid_from + " – " + link.valid_to;
}

}  // namespace

std::string unitLabel(const RegistrySnapshot& registry, const std::string& unit_id) {
  for (const Unit& unit : registry.units) {
    if (unit.id == unit_id && !unit.name.empty()) return unit_id + "（" + unit.name + "）";
  }
  return unit_id;
}

std::string inventoryBody(const RegistrySnapshot& registry, const std::vector<Link>& links,
                          const LinkFilter& filter) {
  std::ostringstream out;
  filterForm(out, filter);
  out << "<p id=\"count\">" << links.size() << " 件 / of " << registry.links.size()
      << " links</p>\n";
  out << "<table id=\"links\">\n<thead><tr><th>ID</th><th>状態 Status</th>"
      << "<th>送信元 Sender</th><th>受信先 Receiver</th><th>サービス Service</th>"
      << "<th>事務 Purpose</th><th>根拠法令 Legal basis</th><th>所管課 Department</th>"
      << "<th>有効期間 Valid</th><th>見直し Review</th></tr></thead>\n<tbody>\n";
  for (const Link& link : links) {
    const std::string status = linkStatusName(link.status);
    out << "<tr><td><a href=\"/links/" << link.id << "\">" << link.id << "</a></td>"
        << "<td class=\"status-" << status << "\">" << status << "</td>"
        << "<td>" << htmlEscape(unitLabel(registry, link.sender)) << "</td>"
        << "<td>" << htmlEscape(unitLabel(registry, link.receiver)) << "</td>"
        << "<td>" << htmlEscape(link.service_name + ":" + link.service_version) << "</td>"
        << "<td>" << htmlEscape(link.purpose_code) << "<br>" << htmlEscape(link.purpose_name)
        << "</td><td>" << htmlEscape(link.legal_basis) << "</td>"
        << "<td>" << htmlEscape(link.department) << "</td>"
        << "<td>" << htmlEscape(validity(link)) << "</td>"
        << "<td>" << htmlEscape(link.review_date) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  if (links.empty()) out << "<p>該当する連携はありません。 No link matches.</p>\n";
  return out.str();
}

}  // namespace renkei::admin
