// <federation> as the configuration loader reads it: the directory, the units it hosts, and
// precise errors (file, line, attribute) for what the schema cannot check.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/peer/curve_keys.h"
#include "broker/config/config_loader.h"
#include "broker/core/secret_file.h"
#include "broker/core/soap_fault_writer.h"
#include "broker/registry/caller_authentication.h"

namespace renkei {
namespace {

constexpr const char* kRemoteEndpoint = " endpoint=\"http://127.0.0.1:18084/\"";

class FederationConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/renkei-fedcfg-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::ifstream in(std::string(RENKEI_SOURCE_DIR) + "/config/renkei.example.xml");
    std::ostringstream text;
    text << in.rdbuf();
    example_ = text.str();
    own_ = peer::generateCurveKeyPair();
    peer_ = peer::generateCurveKeyPair();
    writeNewFile(dir_ + "/self.key", own_.secret_key + "\n", S_IRUSR | S_IWUSR);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string federation(const std::string& hosts = "<hosts tenant=\"062014\"/>",
                         const std::string& key_file = "self.key") const {
    return "<federation self=\"cloud-a\" listen=\"tcp://127.0.0.1:7701\" curveSecretKeyFile=\"" +
           key_file + "\" breakerOpenMs=\"500\">\n    <peer name=\"cloud-b\" " +
           "endpoint=\"tcp://127.0.0.1:7702\"\n          curvePublicKey=\"" +
           xmlEscape(peer_.public_key) + "\">\n      " + hosts + "\n    </peer>\n  </federation>";
  }
  // The example configuration with `element` before <services>; 山形市's unit loses its endpoint
  // unless `keep_remote_endpoint`.
  std::string text(const std::string& element, bool keep_remote_endpoint = false) const {
    std::string config = example_;
    config.replace(config.find("  <services>"), 0, "  " + element + "\n");
    if (!keep_remote_endpoint) config.erase(config.find(kRemoteEndpoint), strlen(kRemoteEndpoint));
    return config;
  }
  BrokerConfig load(const std::string& config) const {
    const std::string path = dir_ + "/renkei.xml";
    std::ofstream(path) << config;
    return loadBrokerConfig(path);
  }
  // The loader's message for `config`, "" when it loads.
  std::string errorOf(const std::string& config) const {
    try {
      load(config);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }
  static int lineOf(const std::string& text, const std::string& needle) {
    const auto at = text.find(needle);
    int line = 1;
    for (std::size_t i = 0; i < at && i < text.size(); ++i) line += text[i] == '\n';
    return line;
  }

  std::string dir_;
  std::string example_;
  peer::CurveKeyPair own_;
  peer::CurveKeyPair peer_;
};

TEST_F(FederationConfigTest, TheDirectorySaysWhichPeerHostsWhichUnit) {
  const BrokerConfig config = load(text(federation()));
  const FederationConfig& f = config.federation;
  ASSERT_TRUE(f.enabled);
  EXPECT_EQ(f.self, "cloud-a");
  EXPECT_EQ(f.listen, "tcp://127.0.0.1:7701");
  EXPECT_EQ(f.curve_secret_key_file, dir_ + "/self.key");
  EXPECT_EQ(f.curve_secret_key, own_.secret_key);
  EXPECT_EQ(f.curve_public_key, own_.public_key);  // derived from the secret key
  EXPECT_EQ(f.breaker_open_ms, 500);
  EXPECT_EQ(f.max_in_flight_per_peer, 16);
  ASSERT_EQ(f.peers.size(), 1u);
  EXPECT_EQ(f.peers[0].curve_public_key, peer_.public_key);
  ASSERT_NE(f.hostOf("062014/kokuho"), nullptr);
  EXPECT_EQ(f.hostOf("062014/kokuho")->name, "cloud-b");
  EXPECT_EQ(f.hostOf("062022/juki"), nullptr);

  const UnitIdentities identities(config.unit_identities);
  ASSERT_NE(identities.forUnit("062014/kokuho"), nullptr);
  EXPECT_EQ(identities.forUnit("062014/kokuho")->policy, ConnectionPolicy::kPeer);
  EXPECT_EQ(identities.forUnit("062014/kokuho")->peer, "cloud-b");
  EXPECT_EQ(identities.forUnit("062022/juki")->policy, ConnectionPolicy::kPlain);
}

TEST_F(FederationConfigTest, AUnitCanBeHostedAloneAndTheUnitWinsOverItsTenant) {
  std::string config =
      text(federation("<hosts unit=\"062022/juminzei\"/>\n      "
                      "<hosts tenant=\"062014\"/>"));
  const std::string juminzei = " endpoint=\"http://127.0.0.1:18083/\"";
  config.erase(config.find(juminzei), juminzei.size());
  const BrokerConfig loaded = load(config);
  EXPECT_EQ(loaded.federation.hostOf("062022/juminzei")->name, "cloud-b");
  EXPECT_EQ(loaded.federation.hostOf("062022/kokuho"), nullptr);
}

TEST_F(FederationConfigTest, WithoutFederationEveryUnitNeedsAnEndpoint) {
  const std::string config = text("", false);
  const std::string error = errorOf(config);
  EXPECT_NE(error.find("renkei.xml:" + std::to_string(lineOf(config, "id=\"062014/kokuho\""))),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("062014/kokuho"), std::string::npos) << error;
  EXPECT_NE(error.find("no endpoint"), std::string::npos) << error;
  EXPECT_FALSE(load(example_).federation.enabled);
}

TEST_F(FederationConfigTest, AHostedUnitMustNotHaveAnEndpointHere) {
  const std::string config = text(federation(), true);
  const std::string error = errorOf(config);
  EXPECT_NE(error.find("renkei.xml:" + std::to_string(lineOf(config, kRemoteEndpoint + 1))),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("attribute endpoint"), std::string::npos) << error;
  EXPECT_NE(error.find("hosted by federation peer cloud-b"), std::string::npos) << error;
}

TEST_F(FederationConfigTest, HostsNamesADeclaredUnitAndAValidTenant) {
  std::string error =
      errorOf(text(federation("<hosts unit=\"062014/kaigo\"/>\n      "
                              "<hosts tenant=\"062014\"/>")));
  EXPECT_NE(error.find("unit 062014/kaigo is not declared under <units>"), std::string::npos)
      << error;
  error = errorOf(text(federation("<hosts tenant=\"062015\"/><hosts tenant=\"062014\"/>")));
  EXPECT_NE(error.find("attribute tenant: tenant code 062015 has a wrong check digit"),
            std::string::npos)
      << error;
  error = errorOf(text(federation("<hosts tenant=\"062014\"/><hosts tenant=\"062014\"/>")));
  EXPECT_NE(error.find("already hosted by peer cloud-b"), std::string::npos) << error;
  error = errorOf(text(federation("<hosts/>")));
  EXPECT_NE(error.find("exactly one of tenant or unit"), std::string::npos) << error;
}

TEST_F(FederationConfigTest, TheSecretKeyFileIsOwnerOnlyAndHoldsAKey) {
  const std::string loose = dir_ + "/loose.key";
  writeNewFile(loose, own_.secret_key, S_IRUSR | S_IWUSR | S_IRGRP);
  std::string config = text(federation("<hosts tenant=\"062014\"/>", "loose.key"));
  std::string error = errorOf(config);
  EXPECT_NE(error.find("renkei.xml:" + std::to_string(lineOf(config, "curveSecretKeyFile"))),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("chmod 600"), std::string::npos) << error;

  writeNewFile(dir_ + "/junk.key", "not a key\n", S_IRUSR | S_IWUSR);
  error = errorOf(text(federation("<hosts tenant=\"062014\"/>", "junk.key")));
  EXPECT_NE(error.find("does not hold a Z85 CURVE secret key"), std::string::npos) << error;
  error = errorOf(text(federation("<hosts tenant=\"062014\"/>", "missing.key")));
  EXPECT_NE(error.find("not found"), std::string::npos) << error;
}

TEST_F(FederationConfigTest, APeerNeedsItsOwnNameAndKey) {
  std::string config = text(federation());
  std::string same_key = config;
  same_key.replace(same_key.find(xmlEscape(peer_.public_key)), xmlEscape(peer_.public_key).size(),
                   xmlEscape(own_.public_key));
  EXPECT_NE(errorOf(same_key).find("this broker's own public key"), std::string::npos);
  std::string same_name = config;
  same_name.replace(same_name.find("name=\"cloud-b\""), 14, "name=\"cloud-a\"");
  EXPECT_NE(errorOf(same_name).find("this broker's own name"), std::string::npos);
  std::string short_key = config;
  short_key.replace(short_key.find(xmlEscape(peer_.public_key)), xmlEscape(peer_.public_key).size(),
                    "abc");
  const std::string error = errorOf(short_key);
  // The schema's pattern refuses it, with file and line.
  EXPECT_EQ(error.rfind(dir_ + "/renkei.xml:", 0), 0u) << error;
}

// Authentication of what arrives through the peer listener (HttpRequest::via_peer).
TEST_F(FederationConfigTest, APeerSpeaksOnlyForTheUnitsItHosts) {
  const BrokerConfig config = load(text(federation()));
  const UnitIdentities identities(config.unit_identities);
  HttpRequest request;
  request.via_peer = "cloud-b";
  EXPECT_TRUE(authenticateCaller(identities, request, "062014/kokuho").ok);
  CallerAuthentication local = authenticateCaller(identities, request, "062022/juki");
  EXPECT_FALSE(local.ok);
  EXPECT_EQ(local.fault.code, FaultCode::kSenderMismatch);
  request.via_peer = "cloud-c";
  EXPECT_FALSE(authenticateCaller(identities, request, "062014/kokuho").ok);
  // The hosted unit never authenticates on the unit-facing listener, not even on loopback.
  HttpRequest loopback;
  loopback.peer_ip = "127.0.0.1";
  EXPECT_FALSE(authenticateCaller(identities, loopback, "062014/kokuho").ok);
  EXPECT_TRUE(authenticateCaller(identities, loopback, "062022/juki").ok);
}

}  // namespace
}  // namespace renkei
