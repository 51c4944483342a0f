#pragma once
// A fixed-width file cut into records: at each CRLF (or LF), or every `length` bytes when the
// layout has no separator. Lengths are not checked here (decodeRecord does, per record), so a
// short or long record costs only itself when records are separated.
#include <cstddef>
#include <string_view>

#include "adapters/file/layout.h"

namespace renkei::file {

struct RawRecord {
  size_t number = 0;  // 1-based
  int line = 0;       // 1-based; 0 when the file has no separators
  size_t offset = 0;  // of the record's first byte in the file
  std::string_view bytes;
};

class RecordSplitter {
 public:
  RecordSplitter(std::string_view file, const Layout& layout);
  bool next(RawRecord* record);

 private:
  std::string_view file_;
  Separator separator_;
  size_t length_;
  size_t position_ = 0;
  size_t number_ = 0;
};

}  // namespace renkei::file
