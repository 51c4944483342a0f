// 照会条件 matched against a provider's item (adapters/mynumber/shokai_joken.h).
#include "adapters/mynumber/shokai_joken.h"

#include <gtest/gtest.h>

namespace renkei::mynumber {
namespace {

const KoumokuList kZei2026 = {{"課税年度", "2026"}, {"所得割額", "187200"}};
const KoumokuList kShikaku = {{"適用開始日", "2025-04-01"}, {"適用終了日", "2026-03-31"}};

bool matches(const ShokaiJoken& joken, const KoumokuList& values) {
  std::string why;
  return matchesJoken(joken, values, why);
}

TEST(ShokaiJoken, TheFiscalYearOfADayRunsFromAprilToMarch) {
  EXPECT_EQ(nendoOf("2026-04-01"), "2026");
  EXPECT_EQ(nendoOf("2027-03-31"), "2026");
  EXPECT_EQ(nendoOf("2026-03-31"), "2025");
  EXPECT_EQ(nendoOf("2026/04/01"), "");
}

TEST(ShokaiJoken, TheYearAskedMustBeTheYearTheItemIsFor) {
  EXPECT_TRUE(matches({}, kZei2026));
  EXPECT_TRUE(matches({"2026", ""}, kZei2026));
  std::string why;
  EXPECT_FALSE(matchesJoken({"2025", ""}, kZei2026, why));
  EXPECT_EQ(why, "対象年度 2025 (副本は 2026 年度)");
  // An item that names no year is not year-bound.
  EXPECT_TRUE(matches({"2025", ""}, {{"世帯員数", "3"}}));
}

TEST(ShokaiJoken, TheReferenceDayMustFallInTheYearOrThePeriod) {
  EXPECT_TRUE(matches({"", "2026-06-01"}, kZei2026));
  EXPECT_FALSE(matches({"", "2026-03-31"}, kZei2026));
  EXPECT_FALSE(matches({"2026", "2026-03-31"}, kZei2026));
  EXPECT_TRUE(matches({"", "2025-04-01"}, kShikaku));
  EXPECT_TRUE(matches({"", "2026-03-31"}, kShikaku));
  EXPECT_FALSE(matches({"", "2026-04-01"}, kShikaku));
  EXPECT_FALSE(matches({"", "2025-03-31"}, kShikaku));
  EXPECT_EQ((ShokaiJoken{"2026", "2026-06-01"}.describe()), "対象年度 2026 基準日 2026-06-01");
}

}  // namespace
}  // namespace renkei::mynumber
