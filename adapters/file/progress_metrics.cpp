#include "adapters/file/progress_metrics.h"

#include <cstdio>
#include <ctime>
#include <fstream>

namespace renkei::file {
namespace {

// A label value with \, " and line breaks escaped (Prometheus text format).
std::string labelValue(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

bool writeProgressMetrics(const std::string& path, const ProgressNumbers& p) {
  const std::string labels =
      "file=\"" + labelValue(p.file) + "\",layout=\"" + labelValue(p.layout) + "\"";
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!out) return false;
    out << "# HELP renkei_file_records records in the file being sent\n"
        << "# TYPE renkei_file_records gauge\n"
        << "renkei_file_records{" << labels << "} " << p.records << "\n"
        << "# HELP renkei_file_records_done records with an outcome, by outcome\n"
        << "# TYPE renkei_file_records_done gauge\n"
        << "renkei_file_records_done{" << labels << ",outcome=\"sent\"} " << p.sent << "\n"
        << "renkei_file_records_done{" << labels << ",outcome=\"rejected\"} " << p.rejected << "\n"
        << "# HELP renkei_file_warnings warnings on records sent (外字 kept as PUA)\n"
        << "# TYPE renkei_file_warnings gauge\n"
        << "renkei_file_warnings{" << labels << "} " << p.warnings << "\n"
        << "# HELP renkei_file_finished 1 once every record has an outcome\n"
        << "# TYPE renkei_file_finished gauge\n"
        << "renkei_file_finished{" << labels << "} " << (p.finished ? 1 : 0) << "\n"
        << "# HELP renkei_file_progress_timestamp_seconds when these numbers were written\n"
        << "# TYPE renkei_file_progress_timestamp_seconds gauge\n"
        << "renkei_file_progress_timestamp_seconds{" << labels << "} " << std::time(nullptr)
        << "\n";
    if (!out.flush()) return false;
  }
  return std::rename(temporary.c_str(), path.c_str()) == 0;
}

}  // namespace renkei::file
