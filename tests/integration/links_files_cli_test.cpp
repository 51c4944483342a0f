// The registry as a 情報政策課 keeps it in spreadsheets: Excel's Japanese CSV (CP932) in and out,
// dry runs of an import, bulk approval of what an import proposed, and one-line usage errors.
// The real `renkei` executable against a real SQLite file that no broker holds open.
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

constexpr const char* kHeader =
    "sender,receiver,service,version,purpose,purposeName,legalBasis,department\n";

std::string fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int lineCount(const std::string& text) {
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

  // The example configuration with its store at dir_/DB; returns the configuration's path.
  std::string writeConfig(const std::string& db) {
    std::string text = brokerConfigText(BrokerSetup{}, dir_);
    replaceAll(text, dir_ + "/renkei.db", dir_ + "/" + db);
    const std::string path = dir_ + "/" + db + ".xml";
    std::ofstream(path) << text;
    return path;
  }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  // NAME in CP932, as Excel on Japanese Windows saves it, made from UTF-8 text with iconv(1).
  std::string writeCp932(const std::string& name, const std::string& utf8) const {
    const std::string source = write(name + ".utf8", utf8);
    const std::string command =
        "iconv -f UTF-8 -t CP932 " + source + " > " + path(name) + " 2>/dev/null";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return path(name);
  }
  CommandOutput run(const std::string& args, const std::string& config = "") const {
    // stdin is never the terminal ctest may run on: confirmations are decided by the test.
    return runRenkeiCommand(args + " --config " + (config.empty() ? config_path_ : config) +
                            " </dev/null");
  }
  std::string listCsv(const std::string& config = "") const {
    return run("links list --format csv", config).text;
  }

  std::string dir_;
  std::string config_path_;
};

const std::string kKokuhoRows =
    "062022/kokuho,062022/juki,IdoJohoShokai,1,KOKUHO-01,国民健康保険の資格管理,"
    "国民健康保険法 第9条,保険年金課\n"
    "062022/kokuho,062022/juki,IdoJohoShokai,1,KOKUHO-02,高額療養費の支給,"
    "国民健康保険法 第57条の2,保険年金課\n";
const std::string kJuminzeiRow =
    "062022/juminzei,062022/juki,IdoJohoShokai,1,JUMINZEI-01,個人住民税の賦課,"
    "地方税法 第294条,税務課\n";

TEST_F(LinksFilesCliTest, Cp932CsvIsRefusedWithoutEncodingAndImportedWithIt) {
  const std::string excel = writeCp932("excel.csv", kHeader + kKokuhoRows + kJuminzeiRow);
  ASSERT_TRUE(findInvalidUtf8(fileBytes(excel))) << "the test file must really be CP932";

  const CommandOutput refused = run("links import " + excel);
  EXPECT_EQ(refused.status, 1) << refused.text;
  EXPECT_EQ(lineCount(refused.text), 1) << refused.text;
  // Line 2 is the first with Japanese text; its byte offset is where 国 starts.
  const size_t offset = std::string(kHeader).size() + std::string(
                                                          "062022/kokuho,062022/juki,"
                                                          "IdoJohoShokai,1,KOKUHO-01,")
                                                          .size();
  EXPECT_NE(refused.text.find(excel + ":2: not UTF-8 text (byte offset " + std::to_string(offset) +
                              ", 0x8D)"),
            std::string::npos)
      << refused.text;
  EXPECT_NE(refused.text.find("--encoding cp932"), std::string::npos) << refused.text;
  EXPECT_EQ(lineCount(listCsv()), 1) << "nothing imported:\n" << listCsv();

  const CommandOutput imported = run("links import " + excel + " --encoding cp932");
  ASSERT_EQ(imported.status, 0) << imported.text;
  EXPECT_NE(imported.text.find("3 created, 0 skipped (duplicate), 0 errors"), std::string::npos)
      << imported.text;
  const std::string list = listCsv();
  for (const char* text : {"国民健康保険の資格管理", "国民健康保険法 第57条の2", "税務課"}) {
    EXPECT_NE(list.find(text), std::string::npos) << text << "\n" << list;
  }

  // Excel's "CSV UTF-8" starts with a BOM: UTF-8 even when --encoding cp932 is given.
  const std::string bom = write("bom.csv", std::string(kUtf8Bom) + kHeader + kKokuhoRows);
  const CommandOutput again = run("links import " + bom + " --encoding cp932");
  EXPECT_EQ(again.status, 0) << again.text;
  EXPECT_NE(again.text.find("0 created, 2 skipped (duplicate)"), std::string::npos) << again.text;

  // Bytes that are not CP932 either are refused with their place.
  const CommandOutput neither =
      run("links import " + write("bad.csv", "a,b\n\xA0\n") + " --encoding cp932");
  EXPECT_EQ(neither.status, 1) << neither.text;
  EXPECT_NE(neither.text.find("bad.csv:2: byte offset 4 (0xA0) is not CP932"), std::string::npos)
      << neither.text;
}

TEST_F(LinksFilesCliTest, Cp932ExportRoundTripsIntoAFreshStore) {
  ASSERT_EQ(run("links import " + write("links.csv", kHeader + kKokuhoRows + kJuminzeiRow)).status,
            0);
  const std::string exported = path("export.csv");
  const CommandOutput exporting = run("links export --encoding cp932 --output " + exported);
  ASSERT_EQ(exporting.status, 0) << exporting.text;
  const std::string bytes = fileBytes(exported);
  EXPECT_TRUE(findInvalidUtf8(bytes)) << "CP932, not UTF-8";
  const Cp932Decoded decoded = decodeCp932(bytes);
  ASSERT_FALSE(decoded.error);
  EXPECT_EQ(decoded.utf8, run("links export").text) << "the same CSV, only encoded";

  const std::string fresh = writeConfig("fresh.db");
  const CommandOutput imported = run("links import " + exported + " --encoding cp932", fresh);
  ASSERT_EQ(imported.status, 0) << imported.text;
  EXPECT_EQ(listCsv(fresh), listCsv()) << "same registry (all proposed in both)";
}

TEST_F(LinksFilesCliTest, Cp932ExportNamesEveryCharacterItCannotCarryAndWritesNothing) {
  ASSERT_EQ(run("links import " + write("links.csv", kHeader + kKokuhoRows)).status, 0);
  const CommandOutput proposed =
      run("links propose --sender 062022/juminzei --receiver 062022/juki --service IdoJohoShokai "
          "--version 1 --purpose JUMINZEI-02 --purpose-name '窓口 9時〜17時' --legal-basis "
          "地方税法 --note 'Café ¥100'");
  ASSERT_EQ(proposed.status, 0) << proposed.text;

  const std::string exported = path("export.csv");
  const CommandOutput refused = run("links export --encoding cp932 --output " + exported);
  EXPECT_EQ(refused.status, 1) << refused.text;
  EXPECT_NE(refused.text.find("row 3 (link 3), field purposeName: U+301C 〜 would become U+FF5E "
                              "～ in CP932"),
            std::string::npos)
      << refused.text;
  EXPECT_NE(refused.text.find("row 3 (link 3), field note: U+00E9 é has no CP932 code"),
            std::string::npos)
      << refused.text;
  EXPECT_NE(refused.text.find("2 fields cannot be written in CP932"), std::string::npos)
      << refused.text;
  EXPECT_FALSE(std::filesystem::exists(exported));

  // XML carries its own encoding declaration and stays UTF-8.
  EXPECT_EQ(run("links export --format xml --encoding cp932").status, 2);
}

// Values a spreadsheet would run as formulas (=, +, -, @ first) leave `links export` as text
// (a leading apostrophe) and come back from `links import` exactly as they were registered.
TEST_F(LinksFilesCliTest, FormulaLikeValuesAreExportedAsTextAndImportedBackExactly) {
  const std::string row =
      "062022/kokuho,062022/juki,IdoJohoShokai,1,KOKUHO-03,"
      "\"=HYPERLINK(\"\"http://x.invalid\"\")\",+81-238-22-5111,@総務課\n";
  const CommandOutput first = run("links import " + write("formula.csv", kHeader + row));
  ASSERT_EQ(first.status, 0) << first.text;
  const std::string listed = run("links list").text;
  EXPECT_NE(listed.find("=HYPERLINK(\"http://x.invalid\")"), std::string::npos) << listed;

  const std::string exported = path("export.csv");
  ASSERT_EQ(run("links export --output " + exported).status, 0);
  const std::string bytes = fileBytes(exported);
  EXPECT_NE(bytes.find(",\"'=HYPERLINK(\"\"http://x.invalid\"\")\","), std::string::npos) << bytes;
  EXPECT_NE(bytes.find(",'+81-238-22-5111,"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find(",'@総務課"), std::string::npos) << bytes;
  for (const char* formula : {",=", ",+", ",@", ",\"=", ",\"+", ",\"@"}) {
    EXPECT_EQ(bytes.find(formula), std::string::npos) << formula << " starts a field:\n" << bytes;
  }

  const std::string fresh = writeConfig("fresh.db");
  const CommandOutput imported = run("links import " + exported, fresh);
  ASSERT_EQ(imported.status, 0) << imported.text;
  EXPECT_EQ(listCsv(fresh), listCsv()) << "the same values, no apostrophe added";
  EXPECT_NE(run("links list", fresh).text.find("=HYPERLINK(\"http://x.invalid\")"),
            std::string::npos);
}

TEST_F(LinksFilesCliTest, DryRunReportsEveryRowAndWritesNothing) {
  ASSERT_EQ(run("links import " + write("seed.csv", kHeader + kKokuhoRows)).status, 0);
  const std::string before_list = listCsv();
  const std::string before_db = fileBytes(path("renkei.db"));
  const std::string before_history = run("links show 1").text;

  const std::string mixed = write(
      "mixed.csv", kHeader + kKokuhoRows.substr(0, kKokuhoRows.find('\n') + 1) + kJuminzeiRow +
                       "062022/kokuho,062022/nowhere,IdoJohoShokai,1,KOKUHO-09,x,y,z\n");
  const CommandOutput dry = run("links import " + mixed + " --dry-run");
  EXPECT_EQ(dry.status, 1) << "a refused row fails the dry run too:\n" << dry.text;
  EXPECT_NE(dry.text.find(mixed + ":2: skipped (duplicate)"), std::string::npos) << dry.text;
  EXPECT_NE(dry.text.find(mixed + ":3: would create 062022/juminzei -> 062022/juki"),
            std::string::npos)
      << dry.text;
  EXPECT_NE(dry.text.find(mixed + ":4: error: field receiver"), std::string::npos) << dry.text;
  EXPECT_NE(dry.text.find("dry run: 1 would be created, 1 skipped (duplicate), 1 errors; "
                          "nothing was written"),
            std::string::npos)
      << dry.text;

  // An XML document without the status attribute it never used, dry-run too.
  const std::string xml =
      write("links.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<links xmlns=\"urn:renkei:config:v1\">\n"
            "  <link sender=\"062022/juminzei\" receiver=\"062022/juki\" service=\"IdoJohoShokai\" "
            "version=\"1\" purpose=\"JUMINZEI-01\" purposeName=\"個人住民税の賦課\" "
            "legalBasis=\"地方税法 第294条\"/>\n</links>\n");
  const CommandOutput xml_dry = run("links import " + xml + " --dry-run");
  EXPECT_EQ(xml_dry.status, 0) << xml_dry.text;
  EXPECT_NE(xml_dry.text.find("dry run: 1 would be created"), std::string::npos) << xml_dry.text;

  EXPECT_EQ(listCsv(), before_list);
  EXPECT_EQ(run("links show 1").text, before_history);
  EXPECT_EQ(fileBytes(path("renkei.db")), before_db) << "the store file is byte for byte the same";

  // And for real, the same XML goes in.
  const CommandOutput real = run("links import " + xml);
  EXPECT_EQ(real.status, 0) << real.text;
  EXPECT_NE(real.text.find("1 created"), std::string::npos) << real.text;
}

TEST_F(LinksFilesCliTest, BulkApproveActivateSuspendByFilterWithHistory) {
  ASSERT_EQ(run("links import " + write("links.csv", kHeader + kKokuhoRows + kJuminzeiRow)).status,
            0);
  const std::string filter = " --filter sender=062022/kokuho,status=proposed --actor yamada";

  // Not a terminal and no --yes: the count, then a refusal; nothing changes.
  const CommandOutput unasked = run("links approve" + filter);
  EXPECT_EQ(unasked.status, 2) << unasked.text;
  EXPECT_NE(unasked.text.find("2 links match"), std::string::npos) << unasked.text;
  EXPECT_NE(unasked.text.find("--yes"), std::string::npos) << unasked.text;
  EXPECT_EQ(run("links list --status approved --format csv").text.find('\n') + 1,
            run("links list --status approved --format csv").text.size())
      << "no link approved";

  const CommandOutput approved = run("links approve" + filter + " --yes --reason 一括承認");
  ASSERT_EQ(approved.status, 0) << approved.text;
  EXPECT_LT(approved.text.find("2 links match"), approved.text.find("approved link 1"))
      << "the count comes first:\n"
      << approved.text;
  EXPECT_NE(approved.text.find("2 approved, 0 refused; by yamada (一括承認)"), std::string::npos)
      << approved.text;
  EXPECT_EQ(lineCount(run("links list --status approved --format csv").text), 3);
  EXPECT_EQ(lineCount(run("links list --status proposed --format csv").text), 2)
      << "juminzei's link is left alone";

  const CommandOutput show = run("links show 2");
  EXPECT_NE(show.text.find("approver     yamada"), std::string::npos) << show.text;
  EXPECT_NE(show.text.find("一括承認"), std::string::npos) << show.text;

  EXPECT_EQ(run("links activate --filter status=approved --yes --actor yamada").status, 0);
  EXPECT_EQ(lineCount(run("links list --status active --format csv").text), 3);

  EXPECT_EQ(run("links suspend --filter sender=062022/kokuho --yes").status, 2) << "no --reason";
  const CommandOutput suspended =
      run("links suspend --filter sender=062022/kokuho --yes --reason 障害調査");
  EXPECT_EQ(suspended.status, 0) << suspended.text;
  EXPECT_NE(suspended.text.find("2 suspended, 0 refused"), std::string::npos) << suspended.text;

  // The lifecycle rules are the per-link ones: a suspended link cannot be approved.
  const CommandOutput wrong = run("links approve --filter purpose=KOKUHO-01 --yes");
  EXPECT_EQ(wrong.status, 1) << wrong.text;
  EXPECT_NE(wrong.text.find("0 approved, 1 refused"), std::string::npos) << wrong.text;
  EXPECT_NE(wrong.text.find("a suspended link cannot become approved"), std::string::npos)
      << wrong.text;

  const CommandOutput none = run("links approve --filter sender=062014/kokuho --yes");
  EXPECT_EQ(none.status, 0) << none.text;
  EXPECT_NE(none.text.find("0 links match"), std::string::npos) << none.text;

  for (const char* bad :
       {"links approve --filter colour=red --yes", "links approve --filter status=sleeping --yes",
        "links approve --filter '' --yes", "links retire --filter status=active",
        "links approve 1 --filter status=proposed"}) {
    const CommandOutput out = run(bad);
    EXPECT_EQ(out.status, 2) << bad << "\n" << out.text;
    EXPECT_EQ(lineCount(out.text), 1) << bad << "\n" << out.text;
  }
}

TEST_F(LinksFilesCliTest, ConfirmationOnATerminal) {
  ASSERT_EQ(run("links import " + write("links.csv", kHeader + kKokuhoRows)).status, 0);
  const std::string renkei = std::string(RENKEI_BINARY_DIR) + "/broker/renkei";
  // script(1) gives the command a terminal; the answer is typed into it.
  const auto onTerminal = [&](const std::string& answer) {
    const std::string command = "printf '" + answer + "\\n' | script -qec '" + renkei +
                                " links approve --filter status=proposed --actor sato --config " +
                                config_path_ + "' /dev/null 2>&1";
    CommandOutput out;
    FILE* pipe = popen(command.c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.text.append(buf, n);
    out.status = WEXITSTATUS(pclose(pipe));
    return out;
  };
  const CommandOutput no = onTerminal("n");
  EXPECT_NE(no.text.find("approve these 2 links as sato? [y/N]"), std::string::npos) << no.text;
  EXPECT_NE(no.text.find("nothing changed"), std::string::npos) << no.text;
  EXPECT_EQ(lineCount(run("links list --status proposed --format csv").text), 3);

  const CommandOutput yes = onTerminal("y");
  EXPECT_NE(yes.text.find("2 approved, 0 refused"), std::string::npos) << yes.text;
  EXPECT_EQ(lineCount(run("links list --status approved --format csv").text), 3);
}

TEST_F(LinksFilesCliTest, UsageErrorsAreOneLineAndPointToHelp) {
  for (const char* bad :
       {"links", "links frobnicate 1", "links list --status", "links list --status sleeping",
        "links import", "links export --format pdf", "links import x.csv --encoding latin1",
        "links export --bom --encoding cp932", "links import x.xml --encoding cp932"}) {
    const CommandOutput out = runRenkeiCommand(std::string(bad) + " </dev/null");
    EXPECT_EQ(out.status, 2) << bad << "\n" << out.text;
    EXPECT_EQ(lineCount(out.text), 1) << bad << "\n" << out.text;
    EXPECT_NE(out.text.find("(see `renkei links --help`)"), std::string::npos) << bad << "\n"
                                                                               << out.text;
  }
  const CommandOutput top = runRenkeiCommand("frobnicate");
  EXPECT_EQ(top.status, 2);
  EXPECT_EQ(lineCount(top.text), 1) << top.text;
  EXPECT_NE(top.text.find("(see `renkei --help`)"), std::string::npos) << top.text;
}

TEST_F(LinksFilesCliTest, AnXmlImportNeedsNoStatusAndStillAcceptsOne) {
  const std::string link =
      "<link sender=\"062022/kokuho\" receiver=\"062022/juki\" service=\"IdoJohoShokai\" "
      "version=\"1\" purpose=\"KOKUHO-01\" purposeName=\"国民健康保険の資格管理\" "
      "legalBasis=\"国民健康保険法 第9条\"";
  const std::string start =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<links xmlns=\"urn:renkei:config:v1\">\n";
  const std::string without = write("without.xml", start + "  " + link + "/>\n</links>\n");
  const CommandOutput imported = run("links import " + without);
  EXPECT_EQ(imported.status, 0) << imported.text;
  EXPECT_NE(imported.text.find("1 created"), std::string::npos) << imported.text;
  // An export from an older version carries status; it is accepted and ignored as before.
  const std::string with =
      write("with.xml", start + "  " + link + " status=\"active\"/>\n</links>\n");
  const CommandOutput again = run("links import " + with);
  EXPECT_EQ(again.status, 0) << again.text;
  EXPECT_NE(again.text.find("1 skipped (duplicate)"), std::string::npos) << again.text;
}

TEST_F(LinksFilesCliTest, AConfigurationLinkStillNeedsItsStatus) {
  std::string text = fileBytes(config_path_);
  const size_t link = text.find("<link ");
  const size_t status = text.find(" status=\"", link);
  ASSERT_NE(status, std::string::npos);
  text.erase(status, text.find('"', status + 9) + 1 - status);
  const std::string config = write("nostatus.xml", text);
  const CommandOutput check = runRenkeiCommand("config check --config " + config);
  EXPECT_EQ(check.status, 2) << check.text;
  EXPECT_NE(check.text.find("needs a status attribute"), std::string::npos) << check.text;
}

TEST_F(LinksFilesCliTest, TheStartupLineCountsTheStoresLinks) {
  // Two links the configuration does not list, then the broker seeds its seven.
  ASSERT_EQ(run("links import " + write("links.csv", kHeader + kKokuhoRows)).status, 0);
  BrokerProcess broker(dir_, config_path_);
  EXPECT_NE(broker.startupLine().find("(5 units, 9 links of which"), std::string::npos)
      << broker.startupLine();
}

}  // namespace
}  // namespace renkei::testing
