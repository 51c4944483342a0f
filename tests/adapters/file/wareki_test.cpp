// 和暦 dates: 元年, the days either side of each change of era, and dates written in an era
// they are not in (refused with the era's end or start, never moved silently).
#include "adapters/file/wareki.h"

#include <gtest/gtest.h>

namespace renkei::file {
namespace {

std::string iso(std::string_view code) {
  std::string why;
  const auto d = parseWarekiCode(code, &why);
  return d ? isoText(*d) : "error: " + why;
}

std::string isoOfText(std::string_view text) {
  std::string why;
  const auto d = parseWarekiText(text, &why);
  return d ? isoText(*d) : "error: " + why;
}

std::string code(CivilDate d) {
  std::string why;
  return formatWarekiCode(d, &why).value_or("error: " + why);
}

std::string text(CivilDate d) {
  std::string why;
  return formatWarekiText(d, &why).value_or("error: " + why);
}

TEST(WarekiTest, EraBoundariesReadBothWays) {
  EXPECT_EQ(iso("4310430"), "2019-04-30");  // 平成31年4月30日
  EXPECT_EQ(iso("5010501"), "2019-05-01");  // 令和元年5月1日
  EXPECT_EQ(iso("3640107"), "1989-01-07");  // 昭和64年1月7日
  EXPECT_EQ(iso("4010108"), "1989-01-08");  // 平成元年1月8日
  EXPECT_EQ(iso("2151224"), "1926-12-24");  // 大正15年12月24日
  EXPECT_EQ(iso("3011225"), "1926-12-25");  // 昭和元年12月25日
  EXPECT_EQ(iso("1450729"), "1912-07-29");  // 明治45年7月29日
  EXPECT_EQ(iso("2010730"), "1912-07-30");  // 大正元年7月30日

  EXPECT_EQ(code({2019, 4, 30}), "4310430");
  EXPECT_EQ(code({2019, 5, 1}), "5010501");
  EXPECT_EQ(code({1989, 1, 7}), "3640107");
  EXPECT_EQ(code({1989, 1, 8}), "4010108");
  EXPECT_EQ(code({1926, 12, 25}), "3011225");
  EXPECT_EQ(text({2019, 5, 1}), "令和元年5月1日");
  EXPECT_EQ(text({2019, 4, 30}), "平成31年4月30日");
  EXPECT_EQ(text({1989, 1, 8}), "平成元年1月8日");
  EXPECT_EQ(text({1989, 1, 7}), "昭和64年1月7日");
  EXPECT_EQ(text({2024, 2, 29}), "令和6年2月29日");
}

TEST(WarekiTest, ADateOutsideItsEraIsRefusedNamingTheBoundary) {
  EXPECT_EQ(iso("4310501"), "error: 平成31年5月1日 (2019-05-01) is after 平成 ended on 2019-04-30");
  EXPECT_EQ(iso("5010430"),
            "error: 令和元年4月30日 (2019-04-30) is before 令和 began on 2019-05-01");
  EXPECT_EQ(iso("3640108"), "error: 昭和64年1月8日 (1989-01-08) is after 昭和 ended on 1989-01-07");
  EXPECT_EQ(iso("4010107"),
            "error: 平成元年1月7日 (1989-01-07) is before 平成 began on 1989-01-08");
  EXPECT_EQ(iso("4320101"), "error: 平成32年1月1日 (2020-01-01) is after 平成 ended on 2019-04-30");
}

TEST(WarekiTest, LettersAndDigitsBothNameTheEra) {
  EXPECT_EQ(iso("R060229"), "2024-02-29");
  EXPECT_EQ(iso("h010108"), "1989-01-08");
  EXPECT_EQ(iso("S400101"), "1965-01-01");
  EXPECT_EQ(iso("T010730"), "1912-07-30");
  EXPECT_EQ(iso("M060101"), "1873-01-01");
}

TEST(WarekiTest, ImpossibleDaysAndMalformedCodesAreRefused) {
  EXPECT_EQ(iso("5050229"), "error: 令和5年2月29日 is not a day of the calendar");  // 2023
  EXPECT_EQ(iso("5060229"), "2024-02-29");
  EXPECT_EQ(iso("5001231"), "error: 令和0年12月31日 is not a day of the calendar");
  EXPECT_EQ(iso("5011301"), "error: 令和元年13月1日 is not a day of the calendar");
  EXPECT_NE(iso("6010101").find("unknown era code"), std::string::npos);
  EXPECT_NE(iso("50105 1").find("non-digit"), std::string::npos);
  EXPECT_NE(iso("501051").find("7 characters"), std::string::npos);
  EXPECT_NE(iso("1050101").find("before 明治 began"), std::string::npos);  // 明治5年: lunisolar
  EXPECT_NE(code({1872, 12, 31}).find("before 明治6年"), std::string::npos);
  EXPECT_NE(code({2023, 2, 29}).find("not a day"), std::string::npos);
}

TEST(WarekiTest, WrittenFormsWithGannenAndFullWidthDigits) {
  EXPECT_EQ(isoOfText("令和元年5月1日"), "2019-05-01");
  EXPECT_EQ(isoOfText("令和1年5月1日"), "2019-05-01");
  EXPECT_EQ(isoOfText("平成３１年４月３０日"), "2019-04-30");
  EXPECT_EQ(isoOfText("昭和64年1月7日"), "1989-01-07");
  EXPECT_NE(isoOfText("昭和64年1月8日").find("after 昭和 ended"), std::string::npos);
  EXPECT_NE(isoOfText("令和元年5月1").find("not a 和暦 date"), std::string::npos);
  EXPECT_NE(isoOfText("西暦2019年5月1日").find("not a 和暦 date"), std::string::npos);
}

TEST(WarekiTest, SeirekiDatesAreCheckedAgainstTheCalendar) {
  std::string why;
  EXPECT_EQ(parseSeireki("20240229", &why), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(parseSeireki("2024-02-29", &why), (CivilDate{2024, 2, 29}));
  EXPECT_FALSE(parseSeireki("19000229", &why));  // not a leap year
  EXPECT_NE(why.find("not a day"), std::string::npos);
  EXPECT_TRUE(parseSeireki("20000229", &why));
  EXPECT_FALSE(parseSeireki("2024013", &why));
  EXPECT_FALSE(parseSeireki("2024O101", &why));
  EXPECT_NE(why.find("non-digit"), std::string::npos);
}

}  // namespace
}  // namespace renkei::file
