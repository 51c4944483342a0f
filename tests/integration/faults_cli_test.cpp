// `renkei faults` as an operator or a vendor runs it: every code the broker can answer with is
// listed with its meaning, and `--markdown` prints exactly the tables docs/fault-codes.md says
// it generated, so what the documentation promises is what the binary says.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "broker/admin/admin_error.h"
#include "broker/core/fault_code.h"
#include "tests/integration/support/renkei_command.h"

namespace renkei::testing {
namespace {

std::string faultCodesDoc() {
  std::ifstream in(std::string(RENKEI_SOURCE_DIR) + "/docs/fault-codes.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The line of `text` that starts with `code` followed by spaces, or "" when there is none.
std::string lineOf(const std::string& text, std::string_view code) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(std::string(code) + " ", 0) == 0) return line;
  }
  return "";
}

TEST(FaultsCli, ListsEveryExchangeAndAdminCodeWithItsMeaning) {
  const CommandOutput out = runRenkeiCommand("faults");
  ASSERT_EQ(out.status, 0) << out.text;
  int listed = 0;
  for (const FaultCodeSpec& spec : allFaultSpecs()) {
    const std::string line = lineOf(out.text, spec.name);
    ASSERT_FALSE(line.empty()) << spec.name << " missing from:\n" << out.text;
    EXPECT_NE(line.find(spec.meaning), std::string::npos) << line;
    ++listed;
  }
  EXPECT_GT(listed, 20);
  for (const admin::AdminErrorSpec& spec : admin::allAdminErrorSpecs()) {
    EXPECT_FALSE(lineOf(out.text, spec.name).empty()) << spec.name << " missing";
  }
}

TEST(FaultsCli, MarkdownIsExactlyWhatTheDocumentationShows) {
  const CommandOutput out = runRenkeiCommand("faults --markdown");
  ASSERT_EQ(out.status, 0) << out.text;
  const std::string separator = "\nAdmin service (wsdl/registry.wsdl):\n\n";
  const std::size_t split = out.text.find(separator);
  ASSERT_NE(split, std::string::npos) << out.text;
  const std::string exchanges = out.text.substr(0, split);
  const std::string admin_table = out.text.substr(split + separator.size());
  ASSERT_NE(exchanges.find("| `Client.LinkNotRegistered` |"), std::string::npos) << exchanges;
  ASSERT_NE(admin_table.find("| `Client.FourEyes` |"), std::string::npos) << admin_table;

  const std::string doc = faultCodesDoc();
  EXPECT_NE(doc.find(exchanges), std::string::npos)
      << "docs/fault-codes.md: regenerate the exchange table with `renkei faults --markdown`";
  EXPECT_NE(doc.find(admin_table), std::string::npos)
      << "docs/fault-codes.md: regenerate the admin table with `renkei faults --markdown`";
}

TEST(FaultsCli, AnUnknownOptionIsAUsageError) {
  const CommandOutput out = runRenkeiCommand("faults --html");
  EXPECT_NE(out.status, 0) << out.text;
  EXPECT_NE(out.text.find("--html"), std::string::npos) << out.text;
}

}  // namespace
}  // namespace renkei::testing
