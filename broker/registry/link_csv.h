#pragma once
// Links as CSV, for `renkei links export/import` and spreadsheets kept by 情報政策課. Column
// names are the configuration's attribute names, so CSV, XML and error messages agree.
#include <string>
#include <string_view>
#include <vector>

#include "broker/core/registry_types.h"

namespace renkei {

// id, status, sender, receiver, service, version, purpose, purposeName, legalBasis, validFrom,
// validTo, crossTenant, dataItems, department, vendor, approver, reviewDate, note.
const std::vector<std::string>& linkCsvHeader();
std::vector<std::string> linkCsvFields(const Link& link);
// Header line plus one line per link.
std::string writeLinkCsv(const std::vector<Link>& links);

struct LinkCsvRow {
  int line = 0;
  Link link;          // meaningful when error is empty
  std::string field;  // the column at fault, when error is set
  std::string error;
};

struct LinkCsvRead {
  std::string error;  // the whole file is unusable: bad CSV, missing or unknown columns
  int error_line = 0;
  std::vector<LinkCsvRow> rows;
};

// Reads a CSV with a header row naming (a subset of) linkCsvHeader(); sender, receiver,
// service, version, purpose, purposeName and legalBasis are required columns. Columns id,
// status and approver are accepted but ignored: imported links always start as proposed.
LinkCsvRead readLinkCsv(std::string_view text);

}  // namespace renkei
