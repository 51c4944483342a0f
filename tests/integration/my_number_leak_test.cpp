// No 個人番号 where it could leak (issue 9): a message that carries a valid My Number — in the
// body, in the header's operator and case fields, in a malformed header field — leaves no trace
// of it in what the broker writes: the faults it answers, its log, its audit database.
// The real `renkei serve` binary, the real sample 住基 unit.
#include <gtest/gtest.h>

#include <filesystem>

#include "broker/core/my_number.h"
#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

constexpr const char* kMyNumber = "123456789018";  // check digit valid
constexpr const char* kMyNumberFullWidth = "１２３４５６７８９０１８";

std::string readIfExists(const std::string& path) {
  return std::filesystem::exists(path) ? readTextFile(path) : std::string();
}

TEST(MyNumberLeak, AValidMyNumberInAMessageIsInNoFaultLogOrAuditRecord) {
  ASSERT_TRUE(isMyNumber(kMyNumber));
  UnitProcess juki("unit_juki");
  BrokerProcess broker(BrokerSetup{{{"062022/juki", juki.url()}}});
  // Each message new (its own MessageId), so none is refused as a replay of another.
  const auto base = [] { return trafficFile("ido-joho-shokai.kokuho-to-juki.xml"); };

  // The answers to be checked are the broker's own words: its faults. A routed answer is the
  // unit's business data, which the broker forwards as it is (the sample unit echoes the
  // request's UserId and CaseReference in its header).
  std::vector<std::pair<std::string, std::string>> messages = {
      // in the body, where 宛名番号 belongs: a schema violation that quotes the value
      {"body", withElementText(base(), "AtenaNo", kMyNumber)},
      // an operator who typed the number as their id, and a case reference quoting it
      {"header UserId", withElementText(base(), "UserId", kMyNumber)},
      {"header CaseReference",
       withElementText(base(), "CaseReference", std::string("照会") + kMyNumberFullWidth)},
      // malformed header fields that a fault names
      {"header MessageId", withElementText(base(), "MessageId", kMyNumber)},
      {"header Sender", withElementText(base(), "Sender", std::string("062022/") + kMyNumber)},
  };
  SoapClient client;
  for (const auto& [where, message] : messages) {
    ASSERT_NE(message.find(where == "header CaseReference" ? kMyNumberFullWidth : kMyNumber),
              std::string::npos)
        << where << ": the test message carries the number";
    const HttpAnswer answer = client.postAsIs(broker.url(), message);
    if (where == "header UserId" || where == "header CaseReference") {
      EXPECT_EQ(answer.status, 200) << where << ": " << answer.body.substr(0, 400);
      continue;
    }
    EXPECT_NE(answer.status, 200) << where;
    EXPECT_EQ(answer.body.find(kMyNumber), std::string::npos) << where << ": " << answer.body;
    EXPECT_EQ(answer.body.find(kMyNumberFullWidth), std::string::npos) << where;
  }
  const std::string log = broker.stderrText();
  EXPECT_EQ(log.find(kMyNumber), std::string::npos) << log;
  const std::string stored = readIfExists(broker.dbPath()) + readIfExists(broker.dbPath() + "-wal");
  ASSERT_FALSE(stored.empty()) << "the audit database was written";
  EXPECT_EQ(stored.find(kMyNumber), std::string::npos) << "the number is in the audit database";
  EXPECT_EQ(stored.find(kMyNumberFullWidth), std::string::npos);
}

// What only the deployment knows is personal (<privacy><sensitive>): an operator's name typed
// into UserId, a カナ氏名 in the body. The exchange is routed; the audit database and the log keep
// neither, and a fault about such a message does not quote it.
TEST(SensitiveElementLeak, ConfiguredElementsAreInNoFaultLogOrAuditRecord) {
  const std::string operator_name = "窓口担当 米沢花子";
  const std::string kana = "ヨネザワ　ハナコ";
  UnitProcess juki("unit_juki");
  BrokerSetup setup{{{"062022/juki", juki.url()}}};
  setup.config_edits = {
      {"  <services>",
       "  <privacy>\n"
       "    <sensitive ns=\"urn:renkei:platform:header:v1\" element=\"UserId\"/>\n"
       "    <sensitive ns=\"urn:renkei:unit:juki:v1\" element=\"KanaShimei\"/>\n"
       "  </privacy>\n  <services>"}};
  BrokerProcess broker(setup);
  SoapClient client;

  const std::string routed =
      withElementText(trafficFile("ido-joho-shokai.kokuho-to-juki.xml"), "UserId", operator_name);
  ASSERT_NE(routed.find(operator_name), std::string::npos);
  EXPECT_EQ(client.post(broker.url(), routed).status, 200);

  // A カナ氏名 that breaks its pattern (Latin letters).
  const std::string refused =
      withElementText(trafficFile("ido-joho-shokai.soap12.xml"), "KanaShimei", kana + "Hanako");
  ASSERT_NE(refused.find(kana), std::string::npos);
  const HttpAnswer answer = client.post(broker.url(), refused, "application/soap+xml");
  EXPECT_NE(answer.status, 200);
  EXPECT_EQ(answer.body.find(kana), std::string::npos) << answer.body;
  EXPECT_EQ(answer.body.find(operator_name), std::string::npos) << answer.body;

  const std::string log = broker.stderrText();
  EXPECT_EQ(log.find(operator_name), std::string::npos) << log;
  EXPECT_EQ(log.find(kana), std::string::npos) << log;
  const std::string stored = readIfExists(broker.dbPath()) + readIfExists(broker.dbPath() + "-wal");
  ASSERT_FALSE(stored.empty()) << "the audit database was written";
  EXPECT_EQ(stored.find(operator_name), std::string::npos) << "the operator is in the audit";
  EXPECT_EQ(stored.find(kana), std::string::npos) << "the カナ氏名 is in the audit";
}

}  // namespace
}  // namespace renkei::testing
