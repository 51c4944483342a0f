// 個人番号 masking: what counts as one, and that nothing else is touched.
#include <gtest/gtest.h>

#include "broker/core/my_number.h"

namespace renkei {
namespace {

// 1234567890 1 -> weighted sum 212, r = 3, check digit 8.
constexpr const char* kValid = "123456789018";

TEST(MyNumber, TheCheckDigitDecides) {
  EXPECT_TRUE(isMyNumber(kValid));
  EXPECT_FALSE(isMyNumber("123456789017"));
  EXPECT_TRUE(isMyNumber("000000000000"));  // r = 0: check digit 0
  EXPECT_FALSE(isMyNumber("12345678901"));
  EXPECT_FALSE(isMyNumber("12345678901a"));
}

TEST(MyNumber, ValidNumbersAreMaskedWhereverTheyStand) {
  EXPECT_EQ(maskMyNumbers(std::string("value '") + kValid + "' is not a valid AtenaNo"),
            "value '************' is not a valid AtenaNo");
  EXPECT_EQ(maskMyNumbers(std::string("/Body/Kojin[") + kValid + "]"), "/Body/Kojin[************]");
  // Full-width digits, as 住基 screens write them.
  EXPECT_EQ(maskMyNumbers("番号１２３４５６７８９０１８です"), "番号************です");
}

TEST(MyNumber, OtherNumbersAreLeftAlone) {
  for (const char* text : {"123456789017",     // wrong check digit
                           "000000000000001",  // 15-digit 宛名番号
                           "1234567890181",    // valid 12 inside a 13-run
                           "062022/juki", "latency 123456 us",
                           // a message id whose last group happens to be a valid number
                           "00000000-0000-4000-8000-000000000019"}) {
    EXPECT_EQ(maskMyNumbers(text), text) << text;
  }
}

}  // namespace
}  // namespace renkei
