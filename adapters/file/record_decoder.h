#pragma once
// One fixed-width record as field values, with every problem found in it: the field, the byte
// offset in the file, and the reason. A record with an error is rejected whole; warnings (a
// 外字 kept as a Private Use code point) travel with a record that is still sent.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/file/gaiji_table.h"
#include "adapters/file/layout.h"

namespace renkei::file {

struct RecordIssue {
  std::string field;  // "-" for the record as a whole (its length)
  size_t offset = 0;  // byte offset in the file
  std::string reason;
  bool error = true;
};

struct DecodedRecord {
  std::vector<std::string> values;  // by field index; empty when absent
  std::vector<bool> present;
  std::vector<RecordIssue> issues;
  bool ok() const;
  const RecordIssue* firstError() const;
};

// `record` holds the bytes of one record without its separator, starting at `file_offset`.
DecodedRecord decodeRecord(std::string_view record, size_t file_offset, const Layout& layout,
                           const GaijiTable& gaiji);

}  // namespace renkei::file
