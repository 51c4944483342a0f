#include "adapters/file/reject_file.h"

#include <unistd.h>

#include <stdexcept>

namespace renkei::file {
namespace {

// Tabs and line breaks in a reason would break the columns.
std::string oneCell(std::string text) {
  for (char& c : text) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace

RejectFile::RejectFile(const std::string& path, const std::string& source,
                       const std::string& digest)
    : path_(path), out_(std::fopen(path.c_str(), "a")) {
  if (out_ == nullptr) throw std::runtime_error(path + ": cannot open the reject file");
  if (std::ftell(out_) == 0) {
    std::fprintf(out_, "# renkei-file rejects for %s (sha256 %s)\n", source.c_str(),
                 digest.c_str());
    std::fputs("record\tline\toffset\tfield\tkind\treason\n", out_);
  }
}

RejectFile::~RejectFile() { std::fclose(out_); }

void RejectFile::add(size_t record, int line, size_t offset, const std::string& field,
                     const std::string& kind, const std::string& reason) {
  std::fprintf(out_, "%zu\t%s\t%zu\t%s\t%s\t%s\n", record,
               line > 0 ? std::to_string(line).c_str() : "-", offset, oneCell(field).c_str(),
               kind.c_str(), oneCell(reason).c_str());
}

void RejectFile::flush() {
  std::fflush(out_);
  fsync(fileno(out_));
}

}  // namespace renkei::file
