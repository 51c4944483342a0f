// Fuzz target for the configuration loader (`renkei serve --config`, `renkei config check`):
// schema validation with the hardened parser, then the checks a schema cannot make. Any input
// is either loaded or refused with a ConfigError that says why; nothing else may escape (an
// exception of another type ends the process, which the fuzzer reports).
// Replayed over corpus/config as an ordinary test.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "broker/config/broker_config.h"
#include "broker/config/config_loader.h"

namespace {

// One scratch file per process: the loader reads a path (relative paths in the configuration
// resolve against its directory, which holds nothing else).
const std::filesystem::path& scratchFile() {
  static const std::filesystem::path path = [] {
    const auto dir =
        std::filesystem::temp_directory_path() / ("renkei-config-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return dir / "renkei.xml";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(scratchFile(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)renkei::loadBrokerConfig(scratchFile().string());
  } catch (const renkei::ConfigError& e) {
    if (std::string(e.what()).empty()) __builtin_trap();
  }
  return 0;
}
