#include "adapters/file/record_splitter.h"

namespace renkei::file {

RecordSplitter::RecordSplitter(std::string_view file, const Layout& layout)
    : file_(file), separator_(layout.separator), length_(layout.record_length) {
  // MS-DOS tools end a text file with Ctrl-Z (0x1A); it is not a record.
  if (!file_.empty() && file_.back() == '\x1A') file_.remove_suffix(1);
}

bool RecordSplitter::next(RawRecord* record) {
  if (position_ >= file_.size()) return false;
  record->number = ++number_;
  record->offset = position_;
  if (separator_ == Separator::kNone) {
    record->line = 0;
    record->bytes = file_.substr(position_, length_);
    position_ += record->bytes.size();
    return true;
  }
  record->line = static_cast<int>(number_);
  const std::string_view end_mark = separator_ == Separator::kCrlf ? "\r\n" : "\n";
  const size_t end = file_.find(end_mark, position_);
  if (end == std::string_view::npos) {
    record->bytes = file_.substr(position_);
    position_ = file_.size();
  } else {
    record->bytes = file_.substr(position_, end - position_);
    position_ = end + end_mark.size();
  }
  return true;
}

}  // namespace renkei::file
