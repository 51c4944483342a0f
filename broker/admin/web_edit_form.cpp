#include "broker/admin/web_edit_form.h"

#include <sstream>

#include "broker/admin/html.h"

namespace renkei::admin {
namespace {

// The label a field has on the link's page (web_link_page.cpp), so the form reads as the table.
const char* labelOf(const EditableLinkField& field) {
  const std::string_view name = field.name;
  if (name == "purposeName") return "事務 Purpose";
  if (name == "legalBasis") return "根拠法令 Legal basis";
  if (name == "dataItems") return "連携項目 Data items";
  if (name == "department") return "所管課 Department";
  if (name == "vendor") return "事業者 Vendor";
  if (name == "reviewDate") return "見直し期限 Review date";
  if (name == "note") return "備考 Note";
  return field.name;
}

}  // namespace

std::string linkEditForm(const Link& link, const std::map<std::string, std::string>& shown,
                         std::string_view csrf, std::string_view reason, std::string_view message) {
  std::ostringstream out;
  out << "<h2>編集 Edit</h2>\n";
  if (!message.empty()) {
    out << "<p class=\"error\" id=\"edit-error\">" << htmlEscape(message) << "</p>\n";
  }
  out << "<form method=\"post\" action=\"/links/" << link.id
      << "/update\" class=\"action\" id=\"action-update\">\n";
  if (!csrf.empty()) {
    out << "<input type=\"hidden\" name=\"csrf\" value=\"" << htmlEscape(csrf) << "\">\n";
  }
  out << "<table>\n";
  for (const EditableLinkField& field : editableLinkFields()) {
    const auto given = shown.find(field.name);
    const std::string& value = given != shown.end() ? given->second : link.*(field.member);
    // A date input makes the browser offer a calendar; the broker still checks the value.
    const char* type = std::string_view(field.name) == "reviewDate" ? "date" : "text";
    out << "<tr><th><label for=\"edit-" << field.name << "\">" << labelOf(field)
        << "</label></th><td><input type=\"" << type << "\" id=\"edit-" << field.name
        << "\" name=\"" << field.name << "\" value=\"" << htmlEscape(value)
        << "\" size=\"60\"></td></tr>\n";
  }
  out << "<tr><th><label for=\"edit-reason\">理由 Reason</label></th><td><input type=\"text\" "
         "id=\"edit-reason\" name=\"reason\" required size=\"60\" value=\""
      << htmlEscape(reason) << "\"></td></tr>\n</table>\n"
      << "<p><button type=\"submit\">変更を記録 Save changes</button></p>\n</form>\n";
  return out.str();
}

LinkFieldValues changedLinkFields(const Link& link,
                                  const std::map<std::string, std::string>& posted) {
  LinkFieldValues changed;
  for (const EditableLinkField& field : editableLinkFields()) {
    const auto it = posted.find(field.name);
    if (it != posted.end() && it->second != link.*(field.member)) {
      changed.emplace_back(field.name, it->second);
    }
  }
  return changed;
}

}  // namespace renkei::admin
