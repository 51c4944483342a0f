// 個人番号 detection as the gateway and the guard stage use it: the check digit, runs of exactly
// twelve ASCII digits, offsets, masking, and what deliberately does not count.
#include "broker/mynumber/personal_number.h"

#include <gtest/gtest.h>

namespace renkei::mynumber {
namespace {

TEST(PersonalNumberTest, AcceptsOnlyTwelveDigitsWithTheRightCheckDigit) {
  EXPECT_TRUE(isPersonalNumber("123456789018"));
  EXPECT_TRUE(isPersonalNumber("987654321093"));
  EXPECT_TRUE(isPersonalNumber("111111111118"));
  EXPECT_TRUE(isPersonalNumber("000000000019"));  // sum 2: check 11 - 2 = 9
  // r <= 1 gives check digit 0: "00000000006" sums to 12 (r = 1), "00000000000" to 0.
  EXPECT_TRUE(isPersonalNumber("000000000060"));
  EXPECT_FALSE(isPersonalNumber("000000000061"));
  EXPECT_TRUE(isPersonalNumber("000000000000"));
  for (char wrong = '0'; wrong <= '9'; ++wrong) {
    if (wrong == '8') continue;
    EXPECT_FALSE(isPersonalNumber(std::string("12345678901") + wrong)) << wrong;
  }
  EXPECT_FALSE(isPersonalNumber("12345678901"));    // eleven
  EXPECT_FALSE(isPersonalNumber("1234567890180"));  // thirteen
  EXPECT_FALSE(isPersonalNumber("12345678901a"));
  EXPECT_FALSE(isPersonalNumber(""));
}

TEST(PersonalNumberTest, FindsRunsOfExactlyTwelveAndNotInsideLongerRuns) {
  EXPECT_EQ(findPersonalNumbers("<AtenaNo>123456789018</AtenaNo>"), std::vector<std::size_t>{9});
  // Twelve valid digits inside a 13- or 15-digit run (a 宛名番号, say) are not a 個人番号.
  EXPECT_TRUE(findPersonalNumbers("1234567890180").empty());
  EXPECT_TRUE(findPersonalNumbers("0123456789018").empty());
  EXPECT_TRUE(findPersonalNumbers("000123456789018").empty());
  // A run with a wrong check digit is not one either.
  EXPECT_TRUE(findPersonalNumbers("no 123456789012 here").empty());
  // Letters and punctuation end a run.
  EXPECT_EQ(findPersonalNumbers("No.123456789018号"), std::vector<std::size_t>{3});
}

TEST(PersonalNumberTest, FullWidthDigitsAreNotMatched) {
  // Deliberately ASCII only (docs/mynumber.md, known limits): the broker-wide masking in
  // broker/core/my_number.h still masks full-width ones in the broker's own records.
  EXPECT_TRUE(findPersonalNumbers("１２３４５６７８９０１８").empty());
  EXPECT_EQ(maskPersonalNumbers("１２３４５６７８９０１８"), "１２３４５６７８９０１８");
}

TEST(PersonalNumberTest, FindsAndMasksSeveralInOneText) {
  const std::string text = "a=123456789018, b=987654321093; c=123456789012; d=111111111118";
  EXPECT_EQ(findPersonalNumbers(text), (std::vector<std::size_t>{2, 18, 50}));
  EXPECT_EQ(maskPersonalNumbers(text),
            "a=************, b=************; c=123456789012; d=************");
  EXPECT_EQ(maskPersonalNumbers("no number"), "no number");
}

TEST(PersonalNumberTest, TheGuardsVariantLeavesTheLastGroupOfAUuidAlone) {
  const std::string id = "5e2b9f70-13c4-4d8e-8000-000000000019";
  EXPECT_EQ(findPersonalNumbers(id).size(), 1u);
  EXPECT_TRUE(findPersonalNumbersOutsideUuids(id).empty());
  EXPECT_EQ(findPersonalNumbersOutsideUuids("x-000000000019"), std::vector<std::size_t>{2});
}

}  // namespace
}  // namespace renkei::mynumber
