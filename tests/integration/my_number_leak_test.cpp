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

}  // namespace
}  // namespace renkei::testing
