// <signatures> and <unit signingCertSha256> as the configuration loader reads them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "broker/config/config_loader.h"

namespace renkei {
namespace {

class SignatureConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/renkei-sigcfg-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::ifstream in(std::string(RENKEI_SOURCE_DIR) + "/config/renkei.example.xml");
    std::ostringstream text;
    text << in.rdbuf();
    example_ = text.str();
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  // The example configuration with `signatures` before <services> and `unit_attr` on kokuho.
  BrokerConfig load(const std::string& signatures, const std::string& unit_attr = "") {
    std::string config = example_;
    config.replace(config.find("  <services>"), 0, signatures + "\n");
    const std::string unit = "<unit id=\"062022/kokuho\" ";
    // The element inside <units>, not the example's comments that quote it.
    config.replace(config.find(unit, config.find("<units>")) + unit.size(), 0, unit_attr + " ");
    const std::string path = dir_ + "/renkei.xml";
    std::ofstream(path) << config;
    return loadBrokerConfig(path);
  }

  std::string dir_;
  std::string example_;
};

std::string colonFingerprint() {
  std::string fp;
  for (int i = 0; i < 32; ++i) fp += std::string(i == 0 ? "" : ":") + "A" + std::to_string(i % 10);
  return fp;
}

TEST_F(SignatureConfigTest, PathsAreRelativeToTheFileAndFingerprintsNormalized) {
  BrokerConfig config = load("<signatures caFile=\"pki/ca.pem\" maxClockSkewSeconds=\"60\"/>",
                             "signingCertSha256=\"" + colonFingerprint() + "\"");
  EXPECT_EQ(config.signatures.ca_file, dir_ + "/pki/ca.pem");
  EXPECT_TRUE(config.signatures.crl_file.empty());
  EXPECT_EQ(config.signatures.max_clock_skew_s, 60);
  EXPECT_TRUE(config.signatures.broker_key_file.empty());
  ASSERT_EQ(config.signatures.unit_cert_sha256.count("062022/kokuho"), 1u);
  const std::string& fp = config.signatures.unit_cert_sha256.at("062022/kokuho");
  EXPECT_EQ(fp.size(), 64u);
  EXPECT_EQ(fp.substr(0, 6), "a0a1a2");
  EXPECT_EQ(config.signatures.unit_cert_sha256.count("062022/juki"), 0u);
}

TEST_F(SignatureConfigTest, WithoutSignaturesNothingIsTrusted) {
  BrokerConfig config = load("");
  EXPECT_TRUE(config.signatures.ca_file.empty());
  EXPECT_TRUE(config.signatures.unit_cert_sha256.empty());
}

TEST_F(SignatureConfigTest, AMalformedFingerprintIsRefusedAtLoad) {
  try {
    load("<signatures caFile=\"ca.pem\"/>", "signingCertSha256=\"abc\"");
    FAIL() << "a three-digit fingerprint loaded";
  } catch (const ConfigError& e) {
    // The schema's pattern, with the file, line and column of the <unit>.
    EXPECT_NE(std::string(e.what()).find("[0-9A-Fa-f]{64}"), std::string::npos) << e.what();
  }
}

TEST_F(SignatureConfigTest, BrokerSigningNeedsKeyAndCertificateTogether) {
  try {
    load("<signatures caFile=\"ca.pem\" signKeyFile=\"broker.key\"/>");
    FAIL() << "a key without its certificate loaded";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("signCertFile"), std::string::npos) << e.what();
  }
  BrokerConfig config =
      load("<signatures caFile=\"ca.pem\" signKeyFile=\"k.pem\" signCertFile=\"c.pem\"/>");
  EXPECT_EQ(config.signatures.broker_key_file, dir_ + "/k.pem");
  EXPECT_EQ(config.signatures.broker_cert_file, dir_ + "/c.pem");
}

}  // namespace
}  // namespace renkei
