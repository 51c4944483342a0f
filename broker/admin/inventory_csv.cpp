#include "broker/admin/inventory_csv.h"

#include "broker/registry/csv.h"
#include "broker/registry/text_encoding.h"
#include "broker/reports/report_time.h"

namespace renkei::admin {
namespace {

std::string unitName(const RegistrySnapshot& registry, const std::string& unit_id) {
  for (const Unit& unit : registry.units) {
    if (unit.id == unit_id) return unit.name;
  }
  return "";
}

}  // namespace

InventoryCsv inventoryCsv(const RegistrySnapshot& registry, const InventoryPage& page, bool cp932) {
  InventoryCsv result;
  std::string utf8 =
      csvLine({"id", "status", "sender", "sender_name", "receiver", "receiver_name", "service",
               "purpose_code", "purpose_name", "legal_basis", "department", "vendor", "valid_from",
               "valid_to", "review_date", "routed", "refused", "last_seen_jst"});
  std::string encoded;
  for (const InventoryRow& row : page.rows) {
    const Link& link = *row.link;
    const std::string line =
        csvLine({std::to_string(link.id), linkStatusName(link.status), link.sender,
                 unitName(registry, link.sender), link.receiver, unitName(registry, link.receiver),
                 link.service_name + ":" + link.service_version, link.purpose_code,
                 link.purpose_name, link.legal_basis, link.department, link.vendor, link.valid_from,
                 link.valid_to, link.review_date, std::to_string(row.usage->routed),
                 std::to_string(row.usage->refused), reports::formatJst(row.usage->last_seen)});
    if (cp932) {
      std::string bytes;
      if (const auto bad = encodeCp932(line, &bytes)) {
        result.error = "link " + std::to_string(link.id) + ": " +
                       (bad->invalid_utf8 ? std::string("the value is not valid UTF-8")
                                          : codePointLabel(bad->code_point) + " (" +
                                                utf8Of(bad->code_point) + ")") +
                       " cannot be written in CP932 (Shift_JIS); export in UTF-8 instead";
        return result;
      }
      encoded += bytes;
    }
    utf8 += line;
  }
  if (cp932) {
    std::string header;
    encodeCp932(utf8.substr(0, utf8.find("\r\n") + 2), &header);  // ASCII: always encodes
    result.body = header + encoded;
  } else {
    result.body = std::string(kUtf8Bom) + utf8;
  }
  return result;
}

}  // namespace renkei::admin
