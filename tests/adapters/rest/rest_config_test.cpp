// <rest> as the configuration loader reads it: what a valid element gives, and a clear error
// naming file, line and attribute for every key that cannot be used.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "broker/config/config_changes.h"
#include "broker/config/config_loader.h"
#include "tests/adapters/rest/jwt_signing.h"
#include "tests/integration/support/running_broker.h"

namespace renkei::testing {
namespace {

class RestConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/renkei-rest-config-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::ofstream(dir_ + "/ec.pem") << makeKeyPair("ES256").public_pem;
    write("secret", "a-secret-of-more-than-thirty-two-bytes-0123456789", 0600);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void write(const std::string& name, const std::string& text, mode_t mode) {
    std::ofstream(dir_ + "/" + name) << text;
    chmod((dir_ + "/" + name).c_str(), mode);
  }

  // The example configuration with `rest` inserted before <services>; its path.
  std::string configWith(const std::string& rest) {
    BrokerSetup setup;
    setup.config_edits = {{"  <services>", rest + "\n  <services>"}};
    const std::string path = dir_ + "/renkei.xml";
    std::ofstream(path) << brokerConfigText(setup, dir_);
    return path;
  }

  std::string loadError(const std::string& rest) {
    try {
      loadBrokerConfig(configWith(rest));
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "loaded without error";
  }

  std::string dir_;
};

TEST_F(RestConfigTest, ReadsClientsWithTheirKeys) {
  const BrokerConfig config = loadBrokerConfig(configWith(
      "  <rest audience=\"https://broker.example/api/v1\" maxClockSkewSeconds=\"30\">\n"
      "    <client unit=\"062022/kokuho\" algorithm=\"ES256\" publicKeyFile=\"ec.pem\"/>\n"
      "    <client unit=\"062022/juminzei\" issuer=\"zei\" algorithm=\"HS256\" "
      "secretFile=\"secret\"/>\n  </rest>"));
  ASSERT_TRUE(config.rest.enabled);
  EXPECT_EQ(config.rest.audience, "https://broker.example/api/v1");
  EXPECT_EQ(config.rest.max_clock_skew_s, 30);
  EXPECT_EQ(config.rest.max_lifetime_s, 3600);
  ASSERT_EQ(config.rest.clients.size(), 2u);
  EXPECT_EQ(config.rest.clients[0].issuer, "062022/kokuho");  // the unit id by default
  EXPECT_NE(config.rest.clients[0].public_key_pem.find("BEGIN PUBLIC KEY"), std::string::npos);
  EXPECT_EQ(config.rest.clients[1].issuer, "zei");
  EXPECT_EQ(config.rest.clients[1].secret, "a-secret-of-more-than-thirty-two-bytes-0123456789");
  EXPECT_FALSE(loadBrokerConfig(configWith("")).rest.enabled);
}

TEST_F(RestConfigTest, NamesFileLineAndAttributeOfAnUnusableKey) {
  const std::string rest_open = "  <rest audience=\"https://broker.example/api/v1\">\n";
  struct Case {
    std::string client;
    std::string says;
  } cases[] = {
      {"<client unit=\"062022/kokuho\" algorithm=\"RS256\" publicKeyFile=\"ec.pem\"/>",
       "attribute publicKeyFile: " + dir_ + "/ec.pem: RS256 needs an RSA public key"},
      {"<client unit=\"062022/kokuho\" algorithm=\"ES256\" publicKeyFile=\"missing.pem\"/>",
       "attribute publicKeyFile: " + dir_ + "/missing.pem: cannot be read"},
      {"<client unit=\"062022/kokuho\" algorithm=\"HS256\" publicKeyFile=\"ec.pem\"/>",
       "attribute algorithm: HS256 (client_secret_jwt) takes secretFile"},
      {"<client unit=\"062022/nobody\" algorithm=\"ES256\" publicKeyFile=\"ec.pem\"/>",
       "attribute unit: no such unit under <units>"},
      {"<client unit=\"062022/kokuho\" algorithm=\"HS256\" secretFile=\"short\"/>",
       "attribute secretFile: an HS256 secret must be at least 32 bytes"},
      {"<client unit=\"062022/kokuho\" algorithm=\"HS256\" secretFile=\"open\"/>", "chmod"},
  };
  write("short", "too-short", 0600);
  write("open", "a-secret-of-more-than-thirty-two-bytes-but-world-readable", 0644);
  for (const Case& c : cases) {
    const std::string error = loadError(rest_open + "    " + c.client + "\n  </rest>");
    EXPECT_NE(error.find(dir_ + "/renkei.xml:"), std::string::npos) << error;
    EXPECT_NE(error.find(c.says), std::string::npos) << error;
  }
  EXPECT_NE(loadError(rest_open + "    <client unit=\"062022/kokuho\" algorithm=\"none\" "
                                  "publicKeyFile=\"ec.pem\"/>\n  </rest>")
                .find("renkei.xml"),
            std::string::npos);
}

TEST_F(RestConfigTest, ATargetSignsWithTheBrokersPrivateKeyOrASharedSecret) {
  const KeyPair ec = makeKeyPair("ES256");
  write("broker-ec.pem", privatePem(ec.key.get()), 0600);
  write("broker-ec-open.pem", privatePem(ec.key.get()), 0644);
  const std::string rest_open = "  <rest audience=\"https://broker.example/api/v1\">\n    ";
  const std::string target =
      "<target unit=\"062022/juminzei\" issuer=\"renkei\" "
      "audience=\"https://zei.example/api\" ";
  const BrokerConfig config = loadBrokerConfig(
      configWith(rest_open + target + "algorithm=\"ES256\" privateKeyFile=\"broker-ec.pem\"/>\n" +
                 "    " + target + "secretFile=\"secret\"/>\n  </rest>"));
  ASSERT_EQ(config.rest.targets.size(), 2u);
  EXPECT_EQ(config.rest.targets[0].algorithm, "ES256");
  EXPECT_NE(config.rest.targets[0].private_key_pem.find("BEGIN PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(config.rest.targets[1].algorithm, "HS256");  // the default

  struct Case {
    std::string attributes;
    std::string says;
  } cases[] = {
      {"algorithm=\"RS256\" privateKeyFile=\"broker-ec.pem\"",
       "attribute privateKeyFile: RS256 needs an RSA private key"},
      {"algorithm=\"ES256\" privateKeyFile=\"ec.pem\"",
       "attribute privateKeyFile: not an unencrypted PEM private key"},
      {"algorithm=\"ES256\" privateKeyFile=\"broker-ec-open.pem\"", "chmod"},
      {"algorithm=\"ES256\" secretFile=\"secret\"",
       "attribute algorithm: ES256 takes privateKeyFile"},
      {"privateKeyFile=\"broker-ec.pem\"", "attribute algorithm: HS256 takes secretFile"},
  };
  write("ec.pem", makeKeyPair("ES256").public_pem, 0600);  // a public key is no signing key
  for (const Case& c : cases) {
    const std::string error = loadError(rest_open + target + c.attributes + "/>\n  </rest>");
    EXPECT_NE(error.find(dir_ + "/renkei.xml:"), std::string::npos) << error;
    EXPECT_NE(error.find(c.says), std::string::npos) << error;
  }
}

TEST_F(RestConfigTest, AReloadSaysTheBridgeChangedWithoutPrintingKeys) {
  const BrokerConfig running = loadBrokerConfig(configWith(""));
  const BrokerConfig next = loadBrokerConfig(configWith(
      "  <rest audience=\"https://broker.example/api/v1\">\n"
      "    <client unit=\"062022/juminzei\" algorithm=\"HS256\" secretFile=\"secret\"/>\n"
      "  </rest>"));
  const std::vector<std::string> lines = describeReloadableChanges(running, next);
  bool said = false;
  for (const std::string& line : lines) {
    EXPECT_EQ(line.find("a-secret-of"), std::string::npos) << line;
    said = said || line.rfind("rest: ", 0) == 0;
  }
  EXPECT_TRUE(said);
  EXPECT_TRUE(describeReloadableChanges(next, next).empty());
}

}  // namespace
}  // namespace renkei::testing
