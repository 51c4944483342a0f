// renkei validate FILE... [--xsd DIR]: message files checked offline against the platform
// schemas, one line per problem (FILE:LINE:COLUMN: element: message), for vendors' test data.
#include <filesystem>
#include <iostream>

#include "broker/cli/commands.h"
#include "broker/config/config_loader.h"
#include "broker/conform/case_loader.h"
#include "broker/conform/message_validator.h"
#include "broker/conform/xml_file.h"

namespace renkei::cli {
namespace {

constexpr const char* kValidateUsage =
    R"(renkei validate — check message files against the platform schemas, offline

Usage:
  renkei validate FILE... [--xsd DIR]

Each FILE is a SOAP 1.1 or 1.2 envelope (the platform header and the body are both checked)
or a bare body element. Every problem is printed as FILE:LINE:COLUMN: ELEMENT: MESSAGE.

  --xsd DIR   the platform schemas (default: $RENKEI_XSD_DIR, else the built-in xsd/)

Exit status: 0 every file valid, 1 a file is invalid, 2 usage error or unreadable file.
)";

}  // namespace

int runValidate(int argc, char** argv) {
  std::vector<std::string> files;
  std::string xsd = configSchemaDir();
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kValidateUsage;
      return 0;
    } else if (arg == "--xsd" && i + 1 < argc) {
      xsd = argv[++i];
    } else if (arg.rfind("--", 0) == 0) {
      std::cerr << "renkei validate: unknown option '" << arg << "'\n\n" << kValidateUsage;
      return 2;
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::cerr << "renkei validate: name at least one file\n\n" << kValidateUsage;
    return 2;
  }
  try {
    const xml::SchemaSet schemas = xml::SchemaSet::loadDirectory(xsd);
    int invalid = 0;
    for (const std::string& file : files) {
      const auto report = conform::validateMessage(conform::readFile(file), schemas);
      if (report.valid()) {
        std::cout << file << ": valid (" << report.kind << ")\n";
        continue;
      }
      ++invalid;
      for (const auto& p : report.problems) {
        std::cout << file << ":" << p.line << ":" << p.column << ": "
                  << (p.element.empty() ? "" : p.element + ": ") << p.message << "\n";
      }
    }
    if (files.size() > 1)
      std::cout << files.size() - invalid << " of " << files.size() << " files valid\n";
    return invalid == 0 ? 0 : 1;
  } catch (const conform::ConformInputError& e) {
    std::cerr << "renkei validate: " << e.what() << "\n";
  } catch (const xml::SchemaLoadError& e) {
    std::cerr << "renkei validate: cannot load schemas: " << e.what() << "\n";
  }
  return 2;
}

}  // namespace renkei::cli
