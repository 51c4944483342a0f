#include "broker/archive/archive_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "broker/archive/archive_day.h"
#include "broker/archive/archive_line.h"

namespace renkei::archive {

namespace fs = std::filesystem;

std::vector<std::string> archiveFiles(const std::string& dir, const std::string& date) {
  std::vector<std::string> files;
  std::error_code error;
  fs::directory_iterator it(dir, error);
  if (error) throw std::runtime_error(dir + ": cannot read the archive directory");
  const std::string suffix = kArchiveFileSuffix;
  for (const fs::directory_entry& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.size() != 10 + suffix.size() || name.compare(10, suffix.size(), suffix) != 0 ||
        !isArchiveDate(name.substr(0, 10))) {
      continue;  // not a day file: an operator's notes, an editor's backup
    }
    if (!date.empty() && name.substr(0, 10) != date) continue;
    files.push_back(entry.path().string());
  }
  // Day names sort as dates.
  std::sort(files.begin(), files.end());
  return files;
}

void forEachArchiveLine(const std::string& path,
                        const std::function<bool(const ArchiveLine&)>& visit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read the archive file");
  ArchiveLine line;
  line.path = path;
  line.date = fs::path(path).filename().string().substr(0, 10);
  std::string text;
  int64_t number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (text.empty()) continue;
    line.number = number;
    line.error.clear();
    line.record = parseArchiveLine(text, line.error);
    if (!visit(line)) return;
  }
}

std::optional<ArchiveReference> parseArchiveReference(const std::string& text) {
  if (text.size() < 12 || text[10] != ':' || !isArchiveDate(text.substr(0, 10))) {
    return std::nullopt;
  }
  const std::string number = text.substr(11);
  if (number.size() > 12 || number.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  ArchiveReference reference{text.substr(0, 10), std::stoll(number)};
  if (reference.number < 1) return std::nullopt;
  return reference;
}

}  // namespace renkei::archive
