// The pieces of replay protection on their own: reading the header's xs:dateTime as an
// instant, and the in-memory claims of the embedded store.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "broker/replay/memory_replay_guard.h"
#include "broker/replay/xs_date_time.h"

namespace renkei {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

int64_t epochSeconds(const char* text) {
  const auto at = parseXsDateTime(text);
  EXPECT_TRUE(at.has_value()) << text;
  return at ? std::chrono::duration_cast<seconds>(at->time_since_epoch()).count() : -1;
}

TEST(XsDateTime, ZonesNameTheSameInstant) {
  // 2024-06-03T01:15:42Z = 1717377342
  EXPECT_EQ(epochSeconds("2024-06-03T10:15:42+09:00"), 1717377342);
  EXPECT_EQ(epochSeconds("2024-06-03T01:15:42Z"), 1717377342);
  EXPECT_EQ(epochSeconds("2024-06-02T21:15:42-04:00"), 1717377342);
  // No zone: the platform's own, Japan Standard Time.
  EXPECT_EQ(epochSeconds("2024-06-03T10:15:42"), 1717377342);
  EXPECT_EQ(epochSeconds("2024-02-29T00:00:00Z"), 1709164800);  // a leap day
}

TEST(XsDateTime, FractionsAreKept) {
  const auto at = parseXsDateTime("2024-06-03T01:15:42.250Z");
  ASSERT_TRUE(at);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(at->time_since_epoch()).count(),
            1717377342250);
}

TEST(XsDateTime, ImpossibleOrMalformedTextIsRefused) {
  for (const char* bad : {"", "2024-06-03", "2024-06-03 10:15:42+09:00", "2024-13-01T00:00:00Z",
                          "2023-02-29T00:00:00Z", "2024-06-03T24:00:00Z", "2024-06-03T10:60:00Z",
                          "2024-06-03T10:15:60Z", "2024-06-03T10:15:42.Z", "2024-06-03T10:15:42+9",
                          "2024-06-03T10:15:42+09:00junk", "２０２４-06-03T10:15:42Z"}) {
    EXPECT_FALSE(parseXsDateTime(bad).has_value()) << bad;
  }
}

TEST(MemoryReplayGuard, ASecondClaimOfTheSameIdBySameSenderIsADuplicate) {
  MemoryReplayGuard guard(seconds(600));
  EXPECT_TRUE(guard.claim("062022/kokuho", "id-1"));
  EXPECT_FALSE(guard.claim("062022/kokuho", "id-1"));
  // Another sender's id space is its own: it cannot use up kokuho's ids, nor kokuho its.
  EXPECT_TRUE(guard.claim("062022/juminzei", "id-1"));
  EXPECT_TRUE(guard.claim("062022/kokuho", "id-2"));
  EXPECT_EQ(guard.size(), 3u);
}

TEST(MemoryReplayGuard, ClaimsExpireAfterTheRetention) {
  MemoryReplayGuard guard(seconds(1));
  EXPECT_TRUE(guard.claim("062022/kokuho", "id-1"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_TRUE(guard.claim("062022/kokuho", "id-1")) << "expired: a claim again";
  EXPECT_EQ(guard.size(), 1u) << "the expired claim is gone from memory";
}

TEST(MemoryReplayGuard, PrimedClaimsCountWithTheirAge) {
  MemoryReplayGuard guard(seconds(600));
  // Priming visits the newest first, as the trail is read backwards.
  guard.remember("062022/kokuho", "recent", seconds(10));
  guard.remember("062022/kokuho", "older", seconds(300));
  guard.remember("062022/kokuho", "too-old", seconds(900));  // beyond the retention: ignored
  EXPECT_FALSE(guard.claim("062022/kokuho", "recent"));
  EXPECT_FALSE(guard.claim("062022/kokuho", "older"));
  EXPECT_TRUE(guard.claim("062022/kokuho", "too-old"));
}

}  // namespace
}  // namespace renkei
