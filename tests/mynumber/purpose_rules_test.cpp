// PurposeRules::permit: default deny, "*" for any municipality, validity dates, and the exact
// row winning over a wildcard one.
#include "broker/mynumber/purpose_rules.h"

#include <gtest/gtest.h>

namespace renkei::mynumber {
namespace {

PurposeRule rule(std::string requester, std::string provider, std::string basis,
                 std::string from = "", std::string to = "") {
  return {"JM0030",
          "国民健康保険法による保険料の賦課に関する事務",
          std::move(requester),
          std::move(provider),
          "TM00000000000021",
          "地方税関係情報",
          std::move(basis),
          std::move(from),
          std::move(to)};
}

TEST(PurposeRulesTest, PermitsOnlyWhatARowNamesOnItsDates) {
  const PurposeRules rules(3, {rule("*", "*", "第47項", "2017-11-13")});
  const auto row = rules.permit("JM0030", "062022", "062014", "TM00000000000021", "2026-12-02");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->legal_basis, "第47項");
  EXPECT_EQ(rules.version(), 3);
  // Another item, another 事務, before the row's first day: default deny.
  EXPECT_FALSE(rules.permit("JM0030", "062022", "062014", "TM00000000000002", "2026-12-02"));
  EXPECT_FALSE(rules.permit("JM0031", "062022", "062014", "TM00000000000021", "2026-12-02"));
  EXPECT_FALSE(rules.permit("JM0030", "062022", "062014", "TM00000000000021", "2017-11-12"));
  // "*" is any municipality: a code with a wrong check digit, or 日本年金機構, is not one.
  EXPECT_FALSE(rules.permit("JM0030", "062023", "062014", "TM00000000000021", "2026-12-02"));
  EXPECT_FALSE(rules.permit("JM0030", "NENKIN", "062014", "TM00000000000021", "2026-12-02"));
  EXPECT_FALSE(
      PurposeRules().permit("JM0030", "062022", "062014", "TM00000000000021", "2026-12-02"));
}

TEST(PurposeRulesTest, TheLastDayCountsAndTheExactRowWins) {
  const PurposeRules rules(1, {rule("*", "*", "wildcard"),
                               rule("062022", "062014", "exact", "2024-04-01", "2025-03-31")});
  EXPECT_EQ(
      rules.permit("JM0030", "062022", "062014", "TM00000000000021", "2025-03-31")->legal_basis,
      "exact");
  EXPECT_EQ(
      rules.permit("JM0030", "062022", "062014", "TM00000000000021", "2025-04-01")->legal_basis,
      "wildcard");
  EXPECT_EQ(
      rules.permit("JM0030", "062014", "062022", "TM00000000000021", "2025-01-01")->legal_basis,
      "wildcard");
}

}  // namespace
}  // namespace renkei::mynumber
