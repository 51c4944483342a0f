// Fuzz target for audit bundle lines (renkei audit verify --bundle reads files an auditor was
// handed): the flat JSON reader, and a bundle of one fuzzed line read and verified. Replayed over
// corpus/audit_bundle_line as an ordinary test; a libFuzzer binary with clang (-DRENKEI_FUZZ=ON).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "broker/audit/audit_bundle.h"
#include "broker/audit/flat_json.h"
#include "broker/core/json_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  const auto object = renkei::parseFlatJsonObject(text, error);
  // Whatever parsed as a string must survive a write and a read unchanged.
  if (object) {
    for (const auto& [key, value] : *object) {
      if (value.kind != renkei::FlatJsonValue::Kind::kString) continue;
      const std::string line =
          "{" + renkei::jsonString(key) + ":" + renkei::jsonString(value.text) + "}";
      const auto again = renkei::parseFlatJsonObject(line, error);
      if (!again || again->at(key).text != value.text) __builtin_trap();
    }
  }
  // The same bytes as the record line of a bundle: read, walked, never a crash.
  char path[] = "/tmp/renkei-fuzz-bundle-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return 0;
  close(fd);
  {
    std::ofstream out(path, std::ios::binary);
    out << "{\"type\":\"renkei-audit-bundle\",\"version\":1,\"exported\":\"\",\"source\":\"\"}\n"
        << text << "\n";
  }
  try {
    const auto bundle = renkei::AuditBundle::open(path);
    (void)renkei::verifyAuditChain(bundle.records());
  } catch (const renkei::AuditBundleError&) {
  }
  unlink(path);
  return 0;
}
