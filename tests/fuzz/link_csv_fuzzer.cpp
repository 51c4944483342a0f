// Fuzz target for `renkei links import` CSV: the RFC 4180 reader and the column mapping. Replayed
// over corpus/link_csv as an ordinary test; a libFuzzer binary with clang (-DRENKEI_FUZZ=ON).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "broker/registry/csv.h"
#include "broker/registry/link_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const renkei::CsvParse csv = renkei::parseCsv(text);
  // Whatever parsed must write back and parse to the same fields.
  for (const auto& record : csv.records) {
    const auto again = renkei::parseCsv(renkei::csvLine(record.fields));
    if (!again.error.empty() || again.records.size() > 1) __builtin_trap();
    if (!again.records.empty() && again.records[0].fields != record.fields) __builtin_trap();
  }
  (void)renkei::readLinkCsv(text);
  return 0;
}
