#pragma once
// config/renkei.example.xml as a configuration test's starting point: its schema and WSDL
// directories made absolute, then each edit applied to the first occurrence of its text. An edit
// whose text is not in the example throws: the example changed, and a test must not go on
// silently loading something other than what it means to.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "broker/config/config_loader.h"

namespace renkei::test_support {

using ConfigEdits = std::vector<std::pair<std::string, std::string>>;

inline std::string exampleConfigText(const ConfigEdits& edits = {}) {
  const std::string src = RENKEI_SOURCE_DIR;
  std::ifstream in(src + "/config/renkei.example.xml");
  std::ostringstream read;
  read << in.rdbuf();
  std::string text = read.str();
  ConfigEdits all = {{"xsdDir=\"../xsd\"", "xsdDir=\"" + src + "/xsd\""},
                     {"wsdlDir=\"../wsdl\"", "wsdlDir=\"" + src + "/wsdl\""}};
  all.insert(all.end(), edits.begin(), edits.end());
  for (const auto& [from, to] : all) {
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("not in the example: " + from);
    text.replace(at, from.size(), to);
  }
  return text;
}

// The edited example written to `path` and loaded as `renkei serve` loads it (ConfigError when
// the loader refuses it).
inline BrokerConfig loadExampleConfig(const std::string& path, const ConfigEdits& edits = {}) {
  std::ofstream(path) << exampleConfigText(edits);
  return loadBrokerConfig(path);
}

}  // namespace renkei::test_support
