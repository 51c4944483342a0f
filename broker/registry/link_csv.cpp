#include "broker/registry/link_csv.h"

#include <algorithm>
#include <map>

#include "broker/registry/csv.h"

namespace renkei {

namespace {

constexpr const char* kRequired[] = {"sender",  "receiver",    "service",   "version",
                                     "purpose", "purposeName", "legalBasis"};

// Where each column goes; id, status and approver are informative only on import.
std::string* target(Link& link, const std::string& column) {
  static const std::map<std::string, std::string Link::*> kColumns = {
      {"sender", &Link::sender},          {"receiver", &Link::receiver},
      {"service", &Link::service_name},   {"version", &Link::service_version},
      {"purpose", &Link::purpose_code},   {"purposeName", &Link::purpose_name},
      {"legalBasis", &Link::legal_basis}, {"validFrom", &Link::valid_from},
      {"validTo", &Link::valid_to},       {"dataItems", &Link::data_items},
      {"department", &Link::department},  {"vendor", &Link::vendor},
      {"reviewDate", &Link::review_date}, {"note", &Link::note}};
  auto it = kColumns.find(column);
  return it == kColumns.end() ? nullptr : &(link.*(it->second));
}

}  // namespace

const std::vector<std::string>& linkCsvHeader() {
  static const std::vector<std::string> kHeader = {
      "id",        "status",     "sender",     "receiver", "service",     "version",
      "purpose",   "purposeName", "legalBasis", "validFrom", "validTo",    "crossTenant",
      "dataItems", "department", "vendor",     "approver", "reviewDate", "note"};
  return kHeader;
}

std::vector<std::string> linkCsvFields(const Link& l) {
  return {std::to_string(l.id), linkStatusName(l.status), l.sender, l.receiver, l.service_name,
          l.service_version, l.purpose_code, l.purpose_name, l.legal_basis, l.valid_from,
          l.valid_to, l.cross_tenant ? "true" : "false", l.data_items, l.department, l.vendor,
          l.approver, l.review_date, l.note};
}

std::string writeLinkCsv(const std::vector<Link>& links) {
  std::string out = csvLine(linkCsvHeader());
  for (const Link& link : links) out += csvLine(linkCsvFields(link));
  return out;
}

LinkCsvRead readLinkCsv(std::string_view text) {
  LinkCsvRead out;
  CsvParse csv = parseCsv(text);
  if (!csv.error.empty()) {
    out.error = csv.error;
    out.error_line = csv.error_line;
    return out;
  }
  if (csv.records.empty()) {
    out.error = "line 1: the file is empty; expected a header row naming the columns";
    out.error_line = 1;
    return out;
  }
  const CsvRecord& header = csv.records.front();
  const auto& known = linkCsvHeader();
  for (const std::string& column : header.fields) {
    if (std::find(known.begin(), known.end(), column) == known.end()) {
      out.error = "line " + std::to_string(header.line) + ": unknown column \"" + column +
                  "\" (known: id, status, sender, receiver, service, version, purpose, "
                  "purposeName, legalBasis, validFrom, validTo, crossTenant, dataItems, "
                  "department, vendor, approver, reviewDate, note)";
      out.error_line = header.line;
      return out;
    }
  }
  for (const char* required : kRequired) {
    if (std::find(header.fields.begin(), header.fields.end(), required) == header.fields.end()) {
      out.error = "line " + std::to_string(header.line) + ": the header has no column \"" +
                  required + "\"";
      out.error_line = header.line;
      return out;
    }
  }
  for (size_t r = 1; r < csv.records.size(); ++r) {
    const CsvRecord& record = csv.records[r];
    LinkCsvRow row;
    row.line = record.line;
    if (record.fields.size() != header.fields.size()) {
      row.error = "has " + std::to_string(record.fields.size()) + " fields, the header has " +
                  std::to_string(header.fields.size());
      out.rows.push_back(std::move(row));
      continue;
    }
    row.link.status = LinkStatus::kProposed;
    for (size_t c = 0; c < header.fields.size() && row.error.empty(); ++c) {
      const std::string& column = header.fields[c];
      const std::string& value = record.fields[c];
      if (column == "crossTenant") {
        if (value == "true" || value == "1") {
          row.link.cross_tenant = true;
        } else if (!value.empty() && value != "false" && value != "0") {
          row.field = column;
          row.error = "must be true or false, not \"" + value + "\"";
        }
      } else if (std::string* field = target(row.link, column)) {
        *field = value;
      }
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace renkei
