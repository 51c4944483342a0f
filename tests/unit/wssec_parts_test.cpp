// The small readers the WS-Security verifier relies on: wsu:Timestamp times and the base64 of a
// BinarySecurityToken. Both read sender input, so malformed text must be refused, not guessed.
#include <gtest/gtest.h>

#include "broker/wssec/base64_der.h"
#include "broker/wssec/wsu_time.h"

namespace renkei::wssec {
namespace {

using std::chrono::hours;
using std::chrono::sys_days;
using namespace std::chrono_literals;

TEST(WsuTime, ReadsUtcAndOffsetTimes) {
  const auto utc = parseDateTime("2026-12-01T09:00:00Z");
  ASSERT_TRUE(utc.has_value());
  EXPECT_EQ(*utc, sys_days(std::chrono::year{2026} / 12 / 1) + hours(9));
  // 18:00 in Japan is 09:00 UTC.
  EXPECT_EQ(parseDateTime("2026-12-01T18:00:00+09:00"), utc);
  EXPECT_EQ(parseDateTime(" 2026-12-01T09:00:00.250Z\n"), utc) << "fractions and spaces";
}

TEST(WsuTime, RefusesTimesWithoutAZoneOrOutOfRange) {
  EXPECT_FALSE(parseDateTime("2026-12-01T09:00:00").has_value()) << "no zone";
  EXPECT_FALSE(parseDateTime("2026-02-30T09:00:00Z").has_value());
  EXPECT_FALSE(parseDateTime("2026-12-01T24:00:00Z").has_value());
  EXPECT_FALSE(parseDateTime("2026-12-01 09:00:00Z").has_value());
  EXPECT_FALSE(parseDateTime("2026-12-01T09:00:00Zjunk").has_value());
  EXPECT_FALSE(parseDateTime("").has_value());
}

TEST(Base64, DecodesWrappedTextAndRefusesStrayCharacters) {
  EXPECT_EQ(decodeBase64("aGVs\nbG8="), "hello");
  EXPECT_EQ(decodeBase64("  aGVsbG8h  "), "hello!");
  EXPECT_FALSE(decodeBase64("aGVsbG8").has_value()) << "not a multiple of four";
  EXPECT_FALSE(decodeBase64("aGV*bG8=").has_value());
  EXPECT_FALSE(decodeBase64("aG==bG8=").has_value()) << "data after padding";
}

}  // namespace
}  // namespace renkei::wssec
