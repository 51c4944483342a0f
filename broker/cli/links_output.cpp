#include "broker/cli/links_output.h"

#include "broker/audit/link_content.h"
#include "broker/cli/json_text.h"
#include "broker/registry/display_width.h"
#include "broker/registry/link_csv.h"

namespace renkei::cli {

void printLinksJson(const std::vector<Link>& links, std::ostream& out) {
  // Same names as the CSV columns, so a script can switch formats without remapping.
  const auto& names = linkCsvHeader();
  out << "[";
  for (size_t i = 0; i < links.size(); ++i) {
    const auto values = linkCsvFields(links[i]);
    out << (i ? ",\n " : "\n ") << "{";
    for (size_t f = 0; f < names.size(); ++f) {
      out << (f ? ", " : "") << jsonString(names[f]) << ": ";
      if (names[f] == "id") {
        out << links[i].id;
      } else if (names[f] == "crossTenant") {
        out << (links[i].cross_tenant ? "true" : "false");
      } else {
        out << jsonString(values[f]);
      }
    }
    out << "}";
  }
  out << (links.empty() ? "]\n" : "\n]\n");
}

void printLinkDetail(const Link& link, const std::vector<LinkChange>& history, std::ostream& out) {
  const auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  const std::pair<const char*, std::string> rows[] = {
      {"status", linkStatusName(link.status)},
      {"sender", link.sender},
      {"receiver", link.receiver},
      {"service", link.service_name + ":" + link.service_version},
      {"purpose", link.purpose_code + " " + link.purpose_name},
      {"legal basis", or_dash(link.legal_basis)},
      {"data items", or_dash(link.data_items)},
      {"valid", link.valid_from.empty() && link.valid_to.empty() ? std::string("always")
                : link.valid_to.empty()                          ? "from " + link.valid_from
                : link.valid_from.empty()                        ? "until " + link.valid_to
                                          : link.valid_from + " to " + link.valid_to},
      {"cross-tenant", link.cross_tenant ? "yes" : "no"},
      {"department", or_dash(link.department)},
      {"vendor", or_dash(link.vendor)},
      {"approver", or_dash(link.approver)},
      {"review date", or_dash(link.review_date)},
      {"note", or_dash(link.note)},
  };
  out << "link " << link.id << "\n";
  for (const auto& [name, value] : rows) out << "  " << padToWidth(name, 13) << value << "\n";
  out << "history (oldest first)\n";
  for (const LinkChange& change : history) {
    // An edit or review says what changed; a status change, from which status to which.
    // A creation row's field is the whole link as created (evidence for `audit verify`), shown
    // above already.
    const std::string what =
        !change.field.empty() && change.field != kLinkContentField
            ? change.field + " \"" + change.before + "\" -> \"" + change.after + "\""
            : (change.from_status.empty() ? "" : change.from_status + " -> ") + change.to_status;
    std::string line = "  " + change.at + "  " + padToWidth(change.action, 10) + " " + what +
                       "  by " + change.actor;
    if (!change.reason.empty()) line += ": " + change.reason;
    out << line << "\n";
  }
}

}  // namespace renkei::cli
