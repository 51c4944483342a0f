// Four-eyes and the legal-basis gate as an operator meets them: the real `renkei` executable
// refusing on one line with a non-zero status, and a real `renkei serve` that seeds a link the
// configuration declares active but names no approver for as proposed, and refuses its traffic.
#include <gtest/gtest.h>

#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

constexpr const char* kLinksWithApprover = "<links approver=\"米沢市 総務部 情報政策課長\">";

bool oneLine(const std::string& text) { return text.find('\n') == text.size() - 1; }

TEST(LinkGovernanceCli, TheProposerCannotApproveAndNoLinkIsApprovedOnAPlaceholder) {
  RunningBroker broker(BrokerSetup{});
  const std::string config = " --config " + broker.configPath();
  const CommandOutput proposed = runRenkeiCommand(
      "links propose --sender 062022/juminzei --receiver 062022/juki --service IdoJohoShokai "
      "--version 1 --purpose JUMINZEI-GENMEN --purpose-name '個人住民税の減免' "
      "--legal-basis '未定' --actor sato" +
      config);
  ASSERT_EQ(proposed.status, 0) << proposed.text;
  const size_t at = proposed.text.find("proposed link ") + 14;
  const std::string id = proposed.text.substr(at, proposed.text.find(' ', at) - at);
  ASSERT_FALSE(id.empty()) << proposed.text;

  const CommandOutput own = runRenkeiCommand("links approve " + id + " --actor sato" + config);
  EXPECT_EQ(own.status, 1) << own.text;
  EXPECT_TRUE(oneLine(own.text)) << own.text;
  EXPECT_NE(own.text.find("link " + id + " was proposed by sato"), std::string::npos) << own.text;
  EXPECT_NE(own.text.find("four-eyes"), std::string::npos) << own.text;

  const CommandOutput placeholder =
      runRenkeiCommand("links approve " + id + " --actor yamada" + config);
  EXPECT_EQ(placeholder.status, 1) << placeholder.text;
  EXPECT_TRUE(oneLine(placeholder.text)) << placeholder.text;
  EXPECT_NE(placeholder.text.find("legal basis \"未定\" is a placeholder"), std::string::npos)
      << placeholder.text;

  ASSERT_EQ(runRenkeiCommand("links update " + id +
                             " --legal-basis '地方税法 第323条' --actor sato" + config)
                .status,
            0);
  const CommandOutput approved =
      runRenkeiCommand("links approve " + id + " --actor yamada" + config);
  EXPECT_EQ(approved.status, 0) << approved.text;
  EXPECT_NE(approved.text.find("proposed -> approved by yamada"), std::string::npos)
      << approved.text;

  // Bulk approval holds each link to the same rules and names every refused one.
  ASSERT_EQ(
      runRenkeiCommand(
          "links propose --sender 062022/juminzei --receiver 062022/juki --service "
          "IdoJohoShokai --version 1 --purpose JUMINZEI-KOJO --purpose-name '個人住民税の控除' "
          "--legal-basis '地方税法 第314条の2' --actor yamada" +
          config)
          .status,
      0);
  const CommandOutput bulk = runRenkeiCommand(
      "links approve --filter sender=062022/juminzei,status=proposed --yes --actor yamada" +
      config);
  EXPECT_EQ(bulk.status, 1) << bulk.text;
  EXPECT_NE(bulk.text.find("1 approved, 1 refused"), std::string::npos) << bulk.text;
  EXPECT_NE(bulk.text.find("purpose JUMINZEI-KOJO): link "), std::string::npos) << bulk.text;
  EXPECT_NE(bulk.text.find("was proposed by yamada, who cannot also approve it"), std::string::npos)
      << bulk.text;
}

TEST(LinkGovernanceServe, ASeededLinkWithoutApproverIsProposedAndRefusedTraffic) {
  UnitProcess juki("unit_juki");
  const std::string request = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");
  SoapClient client;

  BrokerSetup unvouched{{{"062022/juki", juki.url()}}};
  unvouched.config_edits = {{kLinksWithApprover, "<links>"}};
  BrokerProcess refusing(unvouched);
  const HttpAnswer refused = client.post(refusing.url(), request);
  EXPECT_NE(refused.body.find("Client.LinkNotRegistered"), std::string::npos) << refused.body;
  const std::string log = refusing.stderrText();
  EXPECT_NE(log.find("renkei: warning: "), std::string::npos) << log;
  EXPECT_NE(log.find("link #1 (062022/kokuho -> 062022/juki, IdoJohoShokai) is declared active "
                     "but is link "),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("names no approver"), std::string::npos) << log;
  const CommandOutput listed = runRenkeiCommand(
      "links list --format csv --sender 062022/kokuho --service IdoJohoShokai:1 --config " +
      refusing.configPath());
  EXPECT_NE(listed.text.find(",proposed,"), std::string::npos) << listed.text;

  BrokerProcess serving(BrokerSetup{{{"062022/juki", juki.url()}}});
  const HttpAnswer routed = client.post(serving.url(), request);
  EXPECT_EQ(routed.status, 200) << routed.body;
  EXPECT_EQ(serving.stderrText().find("is declared active but"), std::string::npos)
      << serving.stderrText();
  const CommandOutput shown = runRenkeiCommand(
      "links list --format csv --status active --sender 062022/kokuho --service IdoJohoShokai:1 "
      "--config " +
      serving.configPath());
  EXPECT_NE(shown.text.find("米沢市 総務部 情報政策課長"), std::string::npos) << shown.text;
}

}  // namespace
}  // namespace renkei::testing
