#pragma once
// Reads case files and data sets: each file is parsed with the hardened parser and validated
// against conform/conform.xsd first, so a lab's mistake is reported as FILE:LINE:COLUMN: what.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "broker/conform/case_model.h"

namespace renkei::conform {

class ConformInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The folder holding conform.xsd, cases/ and data/: $RENKEI_CONFORM_DIR, else the source tree's.
std::filesystem::path defaultConformDir();

// Every *.xml in `dir`, sorted by name. Duplicate IDs (also across folders) are an error naming
// both files.
std::vector<ConformCase> loadCases(const std::vector<std::filesystem::path>& dirs,
                                   const std::filesystem::path& schema);
// Every data set in `dir`.
std::vector<DataSet> loadDataSets(const std::filesystem::path& dir,
                                  const std::filesystem::path& schema);

}  // namespace renkei::conform
