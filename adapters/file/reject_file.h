#pragma once
// The reject file: one tab-separated line per problem, for the people who fix the source file.
//   record  line  offset  field  kind  reason
// kind is "error" (the record was not sent), "fault" (the broker refused it) or "warning" (it
// was sent, e.g. with a 外字 kept as a Private Use code point). Lines are appended and flushed
// before the record's outcome is recorded, so a crash may repeat a line but never lose one.
#include <cstddef>
#include <cstdio>
#include <string>

namespace renkei::file {

class RejectFile {
 public:
  // Opens for appending; writes the column header when the file is new or empty.
  RejectFile(const std::string& path, const std::string& source, const std::string& digest);
  ~RejectFile();
  RejectFile(const RejectFile&) = delete;
  RejectFile& operator=(const RejectFile&) = delete;

  void add(size_t record, int line, size_t offset, const std::string& field,
           const std::string& kind, const std::string& reason);
  void flush();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::FILE* out_;
};

}  // namespace renkei::file
