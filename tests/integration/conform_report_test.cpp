// The reports a lab keeps, from real runs against real sample units: JUnit XML valid against
// the JUnit schema with the right counts, the HTML report in headless Chromium, the signed
// summary (verified, and a changed byte detected), and `renkei validate` on message files.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "broker/xml/dom_util.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/xerces_runtime.h"
#include "tests/integration/support/headless_chromium.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

namespace fs = std::filesystem;

class ConformReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("renkei_conform_" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // An Ed25519 (or RSA) key pair as PEM files, made with OpenSSL as a lab would.
  void writeKeyPair(const char* type) {
    EVP_PKEY* key = std::string(type) == "RSA" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", 2048)
                                               : EVP_PKEY_Q_keygen(nullptr, nullptr, type);
    ASSERT_NE(key, nullptr);
    FILE* priv = std::fopen(path("lab.pem").c_str(), "w");
    PEM_write_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(priv);
    FILE* pub = std::fopen(path("lab.pub.pem").c_str(), "w");
    PEM_write_PUBKEY(pub, key);
    std::fclose(pub);
    EVP_PKEY_free(key);
  }

  fs::path dir_;
};

TEST_F(ConformReportTest, JunitValidatesAgainstTheJunitSchemaWithTheRightCounts) {
  UnitProcess unit("unit_juki", {"--defect", "missing-correlation"});
  const auto out = runRenkeiCommand("conform --endpoint " + unit.url() +
                                    " --service IdoJohoShokai --junit " + path("junit.xml"));
  ASSERT_EQ(out.status, 1) << out.text;
  const auto schemas =
      xml::SchemaSet::loadFiles({fs::path(RENKEI_SOURCE_DIR) / "tests/integration/data/junit.xsd"});
  auto parsed =
      xml::HardenedParser(schemas, xml::ParserLimits{}).parse(readTextFile(path("junit.xml")));
  ASSERT_TRUE(parsed.ok()) << parsed.fault->reason;
  for (const auto& issue : parsed.document->issues())
    ADD_FAILURE() << issue.line << ":" << issue.column << " " << issue.element_path << ": "
                  << issue.message;
  const auto* root = parsed.document->root();
  ASSERT_EQ(xml::localName(root), "testsuites");
  const auto attr = [](const auto* e, const char* name) {
    const std::u16string key(name, name + std::char_traits<char>::length(name));
    return xml::toUtf8(e->getAttribute(reinterpret_cast<const XMLCh*>(key.c_str())));
  };
  EXPECT_EQ(attr(root, "failures"), "1");
  EXPECT_EQ(attr(root, "errors"), "0");
  EXPECT_GE(std::stoi(attr(root, "tests")), 20);
  int failures = 0, testcases = 0;
  for (const auto* suite : xml::childElements(root)) {
    for (const auto* tc : xml::childElements(suite)) {
      ++testcases;
      for (const auto* f : xml::childElements(tc)) {
        if (xml::localName(f) != "failure") continue;
        ++failures;
        EXPECT_EQ(attr(tc, "name").rfind("HDR-001 ", 0), 0u) << attr(tc, "name");
        EXPECT_NE(attr(f, "message").find("no CorrelationId"), std::string::npos);
      }
    }
  }
  EXPECT_EQ(failures, 1);
  EXPECT_EQ(std::to_string(testcases), attr(root, "tests"));
}

TEST_F(ConformReportTest, HtmlReportOpensInChromiumAndShowsTheFailingCase) {
  UnitProcess unit("unit_juki", {"--defect", "mangles-non-bmp"});
  const auto out =
      runRenkeiCommand("conform --endpoint " + unit.url() + " --service IdoJohoShokai --html " +
                       path("report.html") + " --json " + path("report.json"));
  ASSERT_EQ(out.status, 1) << out.text;
  const ChromiumDom page = chromiumDumpDom("file://" + path("report.html"));
  ASSERT_TRUE(page.ok) << page.error;
  EXPECT_NE(page.dom.find("FAIL</span> TXT-001"), std::string::npos);
  EXPECT_NE(page.dom.find("適合性試験"), std::string::npos);
  EXPECT_NE(page.dom.find("髙﨑 吉子"), std::string::npos);  // what the unit sent instead
  EXPECT_NE(page.dom.find("+ seen:"), std::string::npos);
  EXPECT_NE(page.dom.find("<details class=\"fail\" id=\"TXT-001-IdoJohoShokai:1\" open=\"\">"),
            std::string::npos);
  const std::string json = readTextFile(path("report.json"));
  EXPECT_NE(json.find("\"verdict\": \"fail\""), std::string::npos);
  EXPECT_NE(json.find("\"id\": \"TXT-001\", \"service\": \"IdoJohoShokai:1\""), std::string::npos);
}

TEST_F(ConformReportTest, SignedSummaryVerifiesAndAChangedByteIsDetected) {
  for (const char* type : {"ED25519", "RSA"}) {
    writeKeyPair(type);
    UnitProcess unit("unit_kokuho");
    const auto out = runRenkeiCommand(
        "conform --endpoint " + unit.url() + " --service ShikakuJohoShokai --json " +
        path("r.json") + " --sign " + path("lab.pem") + " --summary " + path("summary.txt"));
    ASSERT_EQ(out.status, 0) << out.text;
    const std::string verify = "conform verify " + path("summary.txt") + " --key " +
                               path("lab.pub.pem") + " --report " + path("r.json");
    const auto good = runRenkeiCommand(verify);
    EXPECT_EQ(good.status, 0) << type << good.text;
    EXPECT_NE(good.text.find("signature valid: pass"), std::string::npos) << good.text;

    std::string text = readTextFile(path("summary.txt"));
    const size_t at = text.find("case: RSP-001 ShikakuJohoShokai:1 pass");
    ASSERT_NE(at, std::string::npos) << text;
    std::string changed = text;
    changed[at + 6] = 'X';  // one byte
    std::ofstream(path("summary.txt"), std::ios::binary | std::ios::trunc) << changed;
    const auto bad = runRenkeiCommand(verify);
    EXPECT_EQ(bad.status, 1) << bad.text;
    EXPECT_NE(bad.text.find("INVALID"), std::string::npos) << bad.text;

    std::ofstream(path("summary.txt"), std::ios::binary | std::ios::trunc) << text;
    std::ofstream(path("r.json"), std::ios::app) << " ";
    EXPECT_EQ(runRenkeiCommand(verify).status, 1);  // the report is not the one signed
  }
}

TEST_F(ConformReportTest, NoSignatureWhenACaseFailed) {
  writeKeyPair("ED25519");
  UnitProcess unit("unit_juki", {"--defect", "no-fault-on-invalid"});
  const auto out = runRenkeiCommand("conform --endpoint " + unit.url() +
                                    " --service IdoJohoShokai --only BAD-001 --sign " +
                                    path("lab.pem") + " --summary " + path("s.txt"));
  EXPECT_EQ(out.status, 1);
  EXPECT_NE(out.text.find("Not signed"), std::string::npos) << out.text;
  EXPECT_FALSE(fs::exists(path("s.txt")));
}

TEST(ValidateCommand, ValidAndInvalidMessageFiles) {
  const std::string traffic = std::string(RENKEI_SOURCE_DIR) + "/examples/traffic/";
  const auto good = runRenkeiCommand("validate " + traffic + "ido-joho-shokai.kokuho-to-juki.xml " +
                                     traffic + "ido-joho-shokai.soap12.xml");
  EXPECT_EQ(good.status, 0) << good.text;
  EXPECT_NE(good.text.find("valid (SOAP 1.2 envelope, body {urn:renkei:unit:juki:v1}"),
            std::string::npos)
      << good.text;
  const auto bad = runRenkeiCommand("validate " + traffic + "ido-joho-shokai.schema-invalid.xml");
  EXPECT_EQ(bad.status, 1) << bad.text;
  EXPECT_NE(bad.text.find("ido-joho-shokai.schema-invalid.xml:"), std::string::npos) << bad.text;
  EXPECT_NE(bad.text.find("/Envelope/Body/IdoJohoShokaiRequest/SeinenGappi"), std::string::npos)
      << bad.text;
  const auto missing = runRenkeiCommand("validate /nonexistent.xml");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.text.find("/nonexistent.xml: cannot open the file"), std::string::npos);
}

}  // namespace
}  // namespace renkei::testing
