// <federation><registrySnapshot> as the configuration loader reads it: both roles, and errors
// naming the file, line and attribute for what the schema cannot check.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/peer/curve_keys.h"
#include "broker/audit/checkpoint_key.h"
#include "broker/config/config_loader.h"
#include "broker/core/secret_file.h"
#include "broker/core/soap_fault_writer.h"

namespace renkei {
namespace {

class RegistrySnapshotConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/renkei-snapcfg-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::ifstream in(std::string(RENKEI_SOURCE_DIR) + "/config/renkei.example.xml");
    std::ostringstream text;
    text << in.rdbuf();
    example_ = text.str();
    writeNewFile(dir_ + "/self.key", peer::generateCurveKeyPair().secret_key + "\n",
                 S_IRUSR | S_IWUSR);
    peer_key_ = peer::generateCurveKeyPair().public_key;
    generateCheckpointKeyPair(dir_ + "/registry.key", dir_ + "/registry.pub");
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  // The example with a <federation> (山形市 hosted by cloud-b) holding `snapshot`.
  std::string text(const std::string& snapshot) const {
    std::string config = example_;
    const std::string federation =
        "  <federation self=\"cloud-a\" listen=\"tcp://127.0.0.1:7701\" "
        "curveSecretKeyFile=\"self.key\">\n    <peer name=\"cloud-b\" "
        "endpoint=\"tcp://127.0.0.1:7702\" curvePublicKey=\"" +
        xmlEscape(peer_key_) + "\"><hosts tenant=\"062014\"/></peer>\n    " + snapshot +
        "\n  </federation>\n";
    config.replace(config.find("  <services>"), 0, federation);
    const std::string remote = " endpoint=\"http://127.0.0.1:18084/\"";
    config.erase(config.find(remote), remote.size());
    return config;
  }
  BrokerConfig load(const std::string& snapshot) const {
    std::ofstream(dir_ + "/renkei.xml") << text(snapshot);
    return loadBrokerConfig(dir_ + "/renkei.xml");
  }
  std::string errorOf(const std::string& snapshot) const {
    try {
      load(snapshot);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }
  std::string dir_;
  std::string example_;
  std::string peer_key_;
};

TEST_F(RegistrySnapshotConfigTest, APrimaryAndAFollowerAreRead) {
  const auto primary = load(
      "<registrySnapshot role=\"primary\" file=\"snap.dat\" signingKey=\"registry.key\" "
      "validitySeconds=\"600\"/>");
  const RegistrySnapshotConfig& p = primary.federation.registry_snapshot;
  EXPECT_EQ(p.role, RegistrySnapshotConfig::Role::kPrimary);
  EXPECT_EQ(p.file, dir_ + "/snap.dat");
  EXPECT_EQ(p.signing_key_file, dir_ + "/registry.key");
  EXPECT_EQ(p.validity_seconds, 600);
  EXPECT_EQ(p.publish_every_seconds, 5);

  const auto follower = load(
      "<registrySnapshot role=\"follower\" primary=\"cloud-b\" file=\"snap.dat\" "
      "primaryPublicKey=\"registry.pub\" fetchEverySeconds=\"7\"/>");
  const RegistrySnapshotConfig& f = follower.federation.registry_snapshot;
  EXPECT_EQ(f.role, RegistrySnapshotConfig::Role::kFollower);
  EXPECT_EQ(f.primary, "cloud-b");
  EXPECT_EQ(f.primary_public_key_file, dir_ + "/registry.pub");
  EXPECT_EQ(f.fetch_every_seconds, 7);

  EXPECT_EQ(load("").federation.registry_snapshot.role, RegistrySnapshotConfig::Role::kNone);
}

TEST_F(RegistrySnapshotConfigTest, MistakesAreNamedWithFileLineAndAttribute) {
  std::string error = errorOf(
      "<registrySnapshot role=\"follower\" primary=\"cloud-x\" file=\"snap.dat\" "
      "primaryPublicKey=\"registry.pub\"/>");
  EXPECT_NE(error.find("renkei.xml:"), std::string::npos) << error;
  EXPECT_NE(error.find("attribute primary: no <peer name=\"cloud-x\">"), std::string::npos)
      << error;

  error = errorOf("<registrySnapshot role=\"follower\" primary=\"cloud-b\" file=\"snap.dat\"/>");
  EXPECT_NE(error.find("needs the attribute primaryPublicKey"), std::string::npos) << error;

  error = errorOf(
      "<registrySnapshot role=\"primary\" file=\"snap.dat\" signingKey=\"registry.key\" "
      "primary=\"cloud-b\"/>");
  EXPECT_NE(error.find("attribute primary: not used with role=\"primary\""), std::string::npos)
      << error;

  error = errorOf(
      "<registrySnapshot role=\"primary\" file=\"snap.dat\" signingKey=\"registry.key\" "
      "validitySeconds=\"10\" publishEverySeconds=\"5\"/>");
  EXPECT_NE(error.find("less than half of validitySeconds"), std::string::npos) << error;

  chmod((dir_ + "/registry.key").c_str(), 0644);
  error =
      errorOf("<registrySnapshot role=\"primary\" file=\"snap.dat\" signingKey=\"registry.key\"/>");
  EXPECT_NE(error.find("attribute signingKey"), std::string::npos) << error;
  EXPECT_NE(error.find("chmod"), std::string::npos) << error;

  error = errorOf("<registrySnapshot role=\"leader\" file=\"snap.dat\"/>");
  EXPECT_NE(error.find("not in enumeration"), std::string::npos) << error;  // the schema
}

}  // namespace
}  // namespace renkei
