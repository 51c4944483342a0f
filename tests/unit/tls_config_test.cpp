// <tls> and unit connection policies in the configuration: what loads, and what is refused with
// the file, line and attribute (`renkei config check` prints the same messages).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "broker/config/config_loader.h"
#include "tests/support/test_pki.h"
#include "tests/unit/support/example_config.h"

namespace renkei {
namespace {

using testing::TestPki;

class TlsConfigTest : public ::testing::Test {
 protected:
  // The example with `from` replaced by `to` (first occurrence), written beside the PKI so
  // relative paths resolve there.
  BrokerConfig load(const std::vector<std::pair<std::string, std::string>>& edits) {
    std::string text = test_support::exampleConfigText();
    for (const auto& [from, to] : edits) {
      const auto at = text.find(from);
      if (at == std::string::npos) throw std::runtime_error("not in the example: " + from);
      text.replace(at, from.size(), to);
    }
    path_ = pki_.dir() + "/renkei.xml";
    std::ofstream(path_) << text;
    return loadBrokerConfig(path_);
  }
  std::string errorOf(const std::vector<std::pair<std::string, std::string>>& edits) {
    try {
      load(edits);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(loaded)";
  }
  static std::pair<std::string, std::string> listenTls(const std::string& attributes) {
    return {"maxConnectionsPerPeer=\"2000\"/>",
            "maxConnectionsPerPeer=\"2000\">\n    <tls " + attributes + "/>\n  </listen>"};
  }

  TestPki pki_;
  std::string path_;
};

TEST_F(TlsConfigTest, ListenerTlsAndMtlsUnitsLoad) {
  BrokerConfig config =
      load({listenTls("certificate=\"broker.crt\" key=\"broker.key\" ca=\"ca.crt\" crl=\"ca.crl\" "
                      "clientCertificate=\"optional\""),
            {"owner=\"米沢市 国保年金課\" connection=\"plain\"",
             "owner=\"米沢市 国保年金課\" connection=\"mtls\" certificateSha256=\"" +
                 pki_.fingerprint("kokuho") + "\""}});
  EXPECT_TRUE(config.listen_tls.enabled);
  EXPECT_EQ(config.listen_tls.key_file, pki_.key("broker"));
  EXPECT_EQ(config.listen_tls.client_certificates, ClientCertificateMode::kOptional);
  ASSERT_EQ(config.unit_identities.size(), 5u);  // juki, juki-batch, kokuho, juminzei, 062014
  EXPECT_EQ(config.unit_identities[2].policy, ConnectionPolicy::kMtls);
  EXPECT_EQ(config.unit_identities[2].cert_sha256.size(), 64u);
  EXPECT_EQ(config.unit_identities[0].policy, ConnectionPolicy::kPlain);
}

TEST_F(TlsConfigTest, AMissingKeyFileNamesFileLineAndAttribute) {
  const std::string error = errorOf({listenTls("certificate=\"broker.crt\" key=\"nowhere.key\"")});
  EXPECT_NE(error.find("renkei.xml:17: element <tls> in <listen>: attribute key"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("nowhere.key does not exist"), std::string::npos) << error;
}

TEST_F(TlsConfigTest, AKeyThatIsNotTheCertificatesIsRefused) {
  const std::string error = errorOf({listenTls("certificate=\"broker.crt\" key=\"kokuho.key\"")});
  EXPECT_NE(error.find("attribute key"), std::string::npos) << error;
  EXPECT_NE(error.find("does not match the certificate"), std::string::npos) << error;
}

TEST_F(TlsConfigTest, AnUnreadableKeyIsRefused) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads any file";
  pki_.run("chmod 000 broker.key");
  const std::string error = errorOf({listenTls("certificate=\"broker.crt\" key=\"broker.key\"")});
  EXPECT_NE(error.find("cannot be read"), std::string::npos) << error;
}

TEST_F(TlsConfigTest, ClientCertificatesNeedACaBundle) {
  const std::string error = errorOf(
      {listenTls("certificate=\"broker.crt\" key=\"broker.key\" clientCertificate=\"required\"")});
  EXPECT_NE(error.find("CA file"), std::string::npos) << error;
}

TEST_F(TlsConfigTest, AnMtlsUnitNeedsABoundCertificateAndAListenerThatAsksForOne) {
  std::string error = errorOf({{"owner=\"米沢市 国保年金課\" connection=\"plain\"",
                                "owner=\"米沢市 国保年金課\" connection=\"mtls\""}});
  EXPECT_NE(error.find("attribute connection: connection=\"mtls\" needs certificateSha256"),
            std::string::npos)
      << error;
  error =
      errorOf({{"owner=\"米沢市 国保年金課\" connection=\"plain\"",
                "owner=\"米沢市 国保年金課\" connection=\"mtls\" certificateSubject=\"CN=x\""}});
  EXPECT_NE(error.find("<listen> has no <tls clientCertificate"), std::string::npos) << error;
}

TEST_F(TlsConfigTest, ForwardingClientCertificateAndKeyMustMatch) {
  const std::string error =
      errorOf({{"breakerFailures=\"5\" breakerOpenMs=\"5000\"/>",
                "breakerFailures=\"5\" breakerOpenMs=\"5000\">\n    <tls ca=\"ca.crt\" "
                "certificate=\"broker.crt\" key=\"juki.key\"/>\n  </forwarding>"}});
  EXPECT_NE(error.find("element <tls> in <forwarding>: attribute key"), std::string::npos) << error;
  EXPECT_NE(error.find("does not match"), std::string::npos) << error;
}

}  // namespace
}  // namespace renkei
