// The registry as a 情報政策課 keeps it in files: XML documents without the
// status they never needed, one-line usage errors, and the startup line
// counting what the store holds. The real `renkei` executable against a real
// SQLite file that no broker holds open.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "broker/registry/csv.h"
#include "broker/registry/text_encoding.h"
#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/running_broker.h"

namespace renkei::testing {
namespace {

constexpr const char *kHeader = "sender,receiver,service,version,purpose,"
                                "purposeName,legalBasis,department\n";

std::string fileBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int lineCount(const std::string &text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

class LinksFilesCliTest : public ::testing::Test {
protected:
  void SetUp() override {
    char tmpl[] = "/tmp/renkei-files-XXXXXX";
    dir_ = mkdtemp(tmpl);
    config_path_ = writeConfig("renkei.db");
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // The example configuration with its store at dir_/DB; returns the
  // configuration's path.
  std::string writeConfig(const std::string &db) {
    std::string text = brokerConfigText(BrokerSetup{}, dir_);
    replaceAll(text, dir_ + "/renkei.db", dir_ + "/" + db);
    const std::string path = dir_ + "/" + db + ".xml";
    std::ofstream(path) << text;
    return path;
  }
  std::string path(const std::string &name) const { return dir_ + "/" + name; }
  std::string write(const std::string &name, const std::string &text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  // NAME in CP932, as Excel on Japanese Windows saves it, made from UTF-8 text
  // with iconv(1).
  std::string writeCp932(const std::string &name,
                         const std::string &utf8) const {
    const std::string source = write(name + ".utf8", utf8);
    const std::string command = "iconv -f UTF-8 -t CP932 " + source + " > " +
                                path(name) + " 2>/dev/null";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return path(name);
  }
  CommandOutput run(const std::string &args,
                    const std::string &config = "") const {
    // stdin is never the terminal ctest may run on: confirmations are decided
    // by the test.
    return runRenkeiCommand(args + " --config " +
                            (config.empty() ? config_path_ : config) +
                            " </dev/null");
  }
  std::string listCsv(const std::string &config = "") const {
    return run("links list --format csv", config).text;
  }

  std::string dir_;
  std::string config_path_;
};

const std::string kKokuhoRows =
    "062022/kokuho,062022/"
    "juki,IdoJohoShokai,1,KOKUHO-01,国民健康保険の資格管理,"
    "国民健康保険法 第9条,保険年金課\n"
    "062022/kokuho,062022/juki,IdoJohoShokai,1,KOKUHO-02,高額療養費の支給,"
    "国民健康保険法 第57条の2,保険年金課\n";
const std::string kJuminzeiRow =
    "062022/juminzei,062022/juki,IdoJohoShokai,1,JUMINZEI-01,個人住民税の賦課,"
    "地方税法 第294条,税務課\n";

TEST_F(LinksFilesCliTest, UsageErrorsAreOneLineAndPointToHelp) {
  for (const char *bad : {"links", "links frobnicate 1", "links list --status",
                          "links list --status sleeping", "links import",
                          "links export --format pdf"}) {
    const CommandOutput out =
        runRenkeiCommand(std::string(bad) + " </dev/null");
    EXPECT_EQ(out.status, 2) << bad << "\n" << out.text;
    EXPECT_EQ(lineCount(out.text), 1) << bad << "\n" << out.text;
    EXPECT_NE(out.text.find("(see `renkei links --help`)"), std::string::npos)
        << bad << "\n"
        << out.text;
  }
  const CommandOutput top = runRenkeiCommand("frobnicate");
  EXPECT_EQ(top.status, 2);
  EXPECT_EQ(lineCount(top.text), 1) << top.text;
  EXPECT_NE(top.text.find("(see `renkei --help`)"), std::string::npos)
      << top.text;
}

TEST_F(LinksFilesCliTest, AnXmlImportNeedsNoStatusAndStillAcceptsOne) {
  const std::string link = "<link sender=\"062022/kokuho\" "
                           "receiver=\"062022/juki\" service=\"IdoJohoShokai\" "
                           "version=\"1\" purpose=\"KOKUHO-01\" "
                           "purposeName=\"国民健康保険の資格管理\" "
                           "legalBasis=\"国民健康保険法 第9条\"";
  const std::string start =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<links "
      "xmlns=\"urn:renkei:config:v1\">\n";
  const std::string without =
      write("without.xml", start + "  " + link + "/>\n</links>\n");
  const CommandOutput imported = run("links import " + without);
  EXPECT_EQ(imported.status, 0) << imported.text;
  EXPECT_NE(imported.text.find("1 created"), std::string::npos)
      << imported.text;
  // An export from an older version carries status; it is accepted and ignored
  // as before.
  const std::string with = write(
      "with.xml", start + "  " + link + " status=\"active\"/>\n</links>\n");
  const CommandOutput again = run("links import " + with);
  EXPECT_EQ(again.status, 0) << again.text;
  EXPECT_NE(again.text.find("1 skipped (duplicate)"), std::string::npos)
      << again.text;
}

TEST_F(LinksFilesCliTest, AConfigurationLinkStillNeedsItsStatus) {
  std::string text = fileBytes(config_path_);
  const size_t link = text.find("<link ");
  const size_t status = text.find(" status=\"", link);
  ASSERT_NE(status, std::string::npos);
  text.erase(status, text.find('"', status + 9) + 1 - status);
  const std::string config = write("nostatus.xml", text);
  const CommandOutput check =
      runRenkeiCommand("config check --config " + config);
  EXPECT_EQ(check.status, 2) << check.text;
  EXPECT_NE(check.text.find("needs a status attribute"), std::string::npos)
      << check.text;
}

TEST_F(LinksFilesCliTest, TheStartupLineCountsTheStoresLinks) {
  // Two links the configuration does not list, then the broker seeds its five.
  ASSERT_EQ(
      run("links import " + write("links.csv", kHeader + kKokuhoRows)).status,
      0);
  BrokerProcess broker(dir_, config_path_);
  EXPECT_NE(broker.startupLine().find("(4 units, 7 links of which"),
            std::string::npos)
      << broker.startupLine();
}

} // namespace
} // namespace renkei::testing
