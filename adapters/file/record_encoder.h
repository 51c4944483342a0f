#pragma once
// The other way: field values (UTF-8, as a message carries them) written as one fixed-width
// record of a layout. A character the field's encoding cannot hold (and the 外字 table does not
// give bytes for), or a value longer than its field, is an error on that field: the record is
// not written, and nothing is ever replaced or cut silently.
#include <string>
#include <vector>

#include "adapters/file/gaiji_table.h"
#include "adapters/file/layout.h"

namespace renkei::file {

struct EncodedRecord {
  std::string bytes;  // record_length bytes, without the separator; empty on error
  std::vector<std::pair<std::string, std::string>> errors;  // field, reason
  bool ok() const { return errors.empty(); }
};

// `values` by field index; an empty value writes a blank field.
EncodedRecord encodeRecord(const Layout& layout, const std::vector<std::string>& values,
                           const GaijiTable& gaiji);

}  // namespace renkei::file
