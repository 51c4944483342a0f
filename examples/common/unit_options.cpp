#include "unit_options.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace renkei::examples {
namespace {

UnitOptions g_options;

// What each defect breaks, and so which conformance case must catch it.
constexpr struct {
  const char* name;
  const char* what;
} kDefects[] = {
    {"no-fault-on-invalid", "answer 200 to a schema-invalid request (BAD-001)"},
    {"wrong-namespace", "answer with the body in a wrong namespace (RSP-001, RSP-002)"},
    {"missing-correlation", "leave CorrelationId out of the reply header (HDR-001)"},
    {"soap-version-mismatch", "send SOAP 1.1 faults to SOAP 1.2 requests (SOAP-002)"},
    {"mangles-non-bmp", "replace 𠮷 (U+20BB7) with 吉 in answers (TXT-001)"},
};

void printUsage(const UnitDescription& unit, std::FILE* out) {
  std::fprintf(out,
               "usage: %s [--host ADDR] [--port N] [--delay-ms N] [--invalid-response]\n"
               "       [--defect NAME] [--help]\n"
               "\n"
               "Sample Renkei business unit: %s.\n"
               "Services: %s (SOAP 1.1 and 1.2, document/literal, see wsdl/).\n"
               "\n"
               "  --host ADDR          address to listen on (default 127.0.0.1)\n"
               "  --port N             TCP port, 0 = ephemeral (default %d)\n"
               "  --delay-ms N         wait N milliseconds before each answer\n"
               "  --invalid-response   answer with a body that violates the response schema\n"
               "  --defect NAME        misbehave on purpose, to prove `renkei conform` (below)\n"
               "  --help               show this text\n"
               "\n"
               "Prints 'listening on HOST:PORT' once bound; stops on SIGTERM or SIGINT.\n"
               "\nDefects:\n",
               unit.program, unit.unit_label, unit.services, unit.default_port);
  for (const auto& d : kDefects) std::fprintf(out, "  %-22s %s\n", d.name, d.what);
}

bool parseInt(std::string_view text, int min, int max, int& out) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
    return false;
  out = value;
  return true;
}

bool isDefect(std::string_view name) {
  for (const auto& d : kDefects) {
    if (name == d.name) return true;
  }
  return false;
}

}  // namespace

std::optional<UnitOptions> parseUnitOptions(int argc, char** argv, const UnitDescription& unit,
                                            bool& help_requested) {
  UnitOptions options;
  options.port = unit.default_port;
  options.unit_id = unit.unit_id;
  help_requested = false;
  for (int i = 1; i < argc; ++i) {
    const char* flag = argv[i];
    std::string_view arg = flag;
    auto value = [&](std::string_view& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string_view v;
    if (arg == "--help" || arg == "-h") {
      printUsage(unit, stdout);
      help_requested = true;
      return std::nullopt;
    } else if (arg == "--host" && value(v) && !v.empty()) {
      options.host = std::string(v);
    } else if (arg == "--port" && value(v) && parseInt(v, 0, 65535, options.port)) {
    } else if (arg == "--delay-ms" && value(v) && parseInt(v, 0, 3600000, options.delay_ms)) {
    } else if (arg == "--invalid-response") {
      options.invalid_response = true;
    } else if (arg == "--defect" && value(v) && isDefect(v)) {
      options.defect = std::string(v);
    } else {
      std::fprintf(stderr, "%s: bad or incomplete argument '%s'\n\n", unit.program, flag);
      printUsage(unit, stderr);
      return std::nullopt;
    }
  }
  return options;
}

const UnitOptions& unitOptions() { return g_options; }
void setUnitOptions(const UnitOptions& options) { g_options = options; }
bool hasDefect(const char* name) { return g_options.defect == name; }

std::string outgoingText(std::string_view text) {
  std::string out(text);
  if (!hasDefect("mangles-non-bmp")) return out;
  static constexpr std::string_view kYoshi = "\U00020BB7", kKichi = "吉";
  for (size_t at = out.find(kYoshi); at != std::string::npos; at = out.find(kYoshi, at))
    out.replace(at, kYoshi.size(), kKichi);
  return out;
}

}  // namespace renkei::examples
