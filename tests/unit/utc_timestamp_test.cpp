// The one writer of UTC xs:dateTime texts and of random UUIDs (broker/core): the formats other
// components store and sign, so they are pinned here with fixed instants.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "broker/core/random_uuid.h"
#include "broker/core/utc_timestamp.h"

namespace renkei {
namespace {

TEST(UtcTimestamp, SecondsAndMillisecondsOfAFixedInstant) {
  // 2026-12-03T04:05:06.007Z
  const int64_t epoch_ms = 1796270706007;
  EXPECT_EQ(utcTimestamp(static_cast<std::time_t>(epoch_ms / 1000)), "2026-12-03T04:05:06Z");
  EXPECT_EQ(utcTimestampMs(epoch_ms), "2026-12-03T04:05:06.007Z");
  EXPECT_EQ(utcTimestampMs(0), "1970-01-01T00:00:00.000Z");
}

TEST(UtcTimestamp, NowHasTheStoredShape) {
  EXPECT_TRUE(
      std::regex_match(utcTimestampNow(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  EXPECT_TRUE(std::regex_match(utcTimestampMsNow(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
}

TEST(RandomUuid, IsAVersion4Rfc4122UuidAndNeverRepeats) {
  const std::regex shape(R"([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = newRandomUuid();
    ASSERT_TRUE(std::regex_match(id, shape)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace renkei
