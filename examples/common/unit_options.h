#pragma once
// Command line of the example units (unit_juki, unit_kokuho, unit_juminzei).
#include <optional>
#include <string>
#include <string_view>

namespace renkei::examples {

struct UnitOptions {
  std::string host = "127.0.0.1";
  int port = 0;                   // 0: let the kernel pick an ephemeral port
  int delay_ms = 0;               // sleep before each answer (timeout tests)
  bool invalid_response = false;  // answer with a body that breaks the response schema
  // Misbehave on purpose, so the conformance harness can be proven against a broken unit
  // (renkei conform; see kDefects in unit_options.cpp). Empty: a healthy unit.
  std::string defect;
  std::string unit_id;  // "062022/juki": requests for another Receiver are refused
};

struct UnitDescription {
  const char* program;     // "unit_juki"
  const char* unit_id;     // "062022/juki"
  const char* unit_label;  // "住民基本台帳 (062022/juki)"
  const char* services;    // "IdoJohoShokai, JuminIdoTsuchi"
  int default_port;
};

// Parses argv. Prints usage and returns nullopt on a bad argument (exit code 1) or on --help
// (exit code 0, reported through help_requested).
std::optional<UnitOptions> parseUnitOptions(int argc, char** argv, const UnitDescription& unit,
                                            bool& help_requested);

// The options of the running process, set once by main before serving.
const UnitOptions& unitOptions();
void setUnitOptions(const UnitOptions& options);
bool hasDefect(const char* name);

// Text as the unit sends it: unchanged, except under --defect mangles-non-bmp, which replaces
// 𠮷 (U+20BB7, outside the BMP) with 吉 the way a UCS-2-bound legacy system does.
std::string outgoingText(std::string_view text);

}  // namespace renkei::examples
