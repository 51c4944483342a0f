#include "broker/registry/link_inventory.h"

#include "broker/core/tenant_code.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "broker/registry/display_width.h"
#include "broker/registry/link_registry.h"

namespace renkei {

namespace {

constexpr std::size_t kColumns = 7;
using Row = std::array<std::string, kColumns>;

constexpr const char* kSeparator = "  ";

std::string validityText(const Link& link) {
  if (link.valid_from.empty() && link.valid_to.empty()) return "always";
  if (link.valid_to.empty()) return "from " + link.valid_from;
  if (link.valid_from.empty()) return "until " + link.valid_to;
  return link.valid_from + " to " + link.valid_to;
}

Row rowFor(const Link& link) {
  std::string route = link.sender + " → " + link.receiver;
  if (link.cross_tenant) route += " (cross-tenant)";
  std::string purpose = link.purpose_code;
  if (!link.purpose_name.empty()) purpose += " " + link.purpose_name;
  return {std::to_string(link.id), linkStatusName(link.status),
          std::move(route),        link.service_name + ":" + link.service_version,
          std::move(purpose),      link.legal_basis.empty() ? "-" : link.legal_basis,
          validityText(link)};
}

void printRow(const Row& row, const std::array<std::size_t, kColumns>& widths, std::ostream& out) {
  std::string line = "  ";
  for (std::size_t c = 0; c < kColumns; ++c) {
    // The last column is not padded, so lines carry no trailing spaces.
    line += c + 1 < kColumns ? padToWidth(row[c], widths[c]) + kSeparator : row[c];
  }
  out << line << '\n';
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

void printSummary(const RegistrySnapshot& snapshot, std::ostream& out) {
  std::string summary = plural(snapshot.links.size(), "link");
  std::string counts;
  for (LinkStatus status : {LinkStatus::kActive, LinkStatus::kApproved, LinkStatus::kProposed,
                            LinkStatus::kSuspended, LinkStatus::kRetired}) {
    const auto n = std::count_if(snapshot.links.begin(), snapshot.links.end(),
                                 [&](const Link& l) { return l.status == status; });
    if (n == 0) continue;
    counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + linkStatusName(status);
  }
  if (!counts.empty()) summary += ": " + counts;
  std::set<std::string> tenants;
  for (const auto& unit : snapshot.units) {
    tenants.insert(unit.tenant.empty() ? std::string(tenantOfUnit(unit.id)) : unit.tenant);
  }
  summary +=
      "; " + plural(snapshot.units.size(), "unit") + " in " + plural(tenants.size(), "tenant");
  out << summary << '\n';
}

}  // namespace

void printLinkInventory(const RegistrySnapshot& snapshot, std::ostream& out) {
  std::vector<const Link*> links;
  for (const auto& link : snapshot.links) links.push_back(&link);
  std::sort(links.begin(), links.end(), [](const Link* a, const Link* b) {
    return std::forward_as_tuple(tenantOfUnit(a->sender), a->sender, a->receiver, a->service_name,
                                 a->service_version, a->id) <
           std::forward_as_tuple(tenantOfUnit(b->sender), b->sender, b->receiver, b->service_name,
                                 b->service_version, b->id);
  });

  const Row header = {"ID",          "STATUS", "SENDER → RECEIVER", "SERVICE", "PURPOSE",
                      "LEGAL BASIS", "VALID"};
  std::vector<Row> rows;
  for (const Link* link : links) rows.push_back(rowFor(*link));
  // One set of widths for the whole table, so columns line up across tenant groups.
  std::array<std::size_t, kColumns> widths{};
  for (std::size_t c = 0; c < kColumns; ++c) widths[c] = displayWidth(header[c]);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < kColumns; ++c) {
      widths[c] = std::max(widths[c], displayWidth(row[c]));
    }
  }

  if (!rows.empty()) printRow(header, widths, out);
  std::string tenant;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string link_tenant(tenantOfUnit(links[i]->sender));
    if (i == 0 || link_tenant != tenant) {
      tenant = link_tenant;
      out << "tenant " << tenant << '\n';
    }
    printRow(rows[i], widths, out);
  }
  printSummary(snapshot, out);
}

}  // namespace renkei
