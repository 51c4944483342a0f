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

std::string idOf(int n) { return "5d1c7c4e-0000-4000-8000-" + std::to_string(100000000000 + n); }

TEST(MemoryReplayGuard, ManyClaimsAreEachHeldOnceAndTheTableGrowsForThem) {
  MemoryReplayGuard guard(seconds(600));
  const std::size_t first_capacity = guard.capacity();
  constexpr int kClaims = 20000;
  for (int i = 0; i < kClaims; ++i) ASSERT_TRUE(guard.claim("062022/kokuho", idOf(i))) << i;
  for (int i = 0; i < kClaims; ++i) EXPECT_FALSE(guard.claim("062022/kokuho", idOf(i))) << i;
  // The same ids from another sender are that sender's own.
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(guard.claim("062022/juminzei", idOf(i))) << i;
  EXPECT_EQ(guard.size(), static_cast<std::size_t>(kClaims + 100));
  EXPECT_GT(guard.capacity(), first_capacity);
  EXPECT_GE(guard.capacity() * 7, guard.size() * 10) << "the table is kept at most 70% full";
}

TEST(MemoryReplayGuard, ExpiringClaimsAmongLiveOnesLeavesTheLiveOnesFound) {
  // Claims that expire first are interleaved in the table with claims that stay: removing
  // them must not lose any claim that stays, nor keep any that went.
  MemoryReplayGuard guard(seconds(2));
  constexpr int kEach = 3000;
  for (int i = 0; i < kEach; ++i) {
    guard.remember("062022/kokuho", idOf(2 * i), seconds(1));    // expires in about 1 s
    ASSERT_TRUE(guard.claim("062022/kokuho", idOf(2 * i + 1)));  // in about 2 s
  }
  const std::size_t full_capacity = guard.capacity();
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  for (int i = 0; i < kEach; ++i) {
    EXPECT_FALSE(guard.claim("062022/kokuho", idOf(2 * i + 1))) << "kept claim lost: " << i;
  }
  EXPECT_EQ(guard.size(), static_cast<std::size_t>(kEach));
  for (int i = 0; i < kEach; ++i) {
    EXPECT_TRUE(guard.claim("062022/kokuho", idOf(2 * i))) << "expired claim kept: " << i;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_TRUE(guard.claim("062022/kokuho", "after"));
  EXPECT_EQ(guard.size(), 1u);
  EXPECT_LT(guard.capacity(), full_capacity) << "memory is given back once the claims expire";
}

TEST(MemoryReplayGuard, APrimedClaimSeenAgainLaterExpiresWithTheLaterOne) {
  MemoryReplayGuard guard(seconds(3));
  guard.remember("062022/kokuho", "twice", seconds(2));  // alone, it would expire in 1 s
  guard.remember("062022/kokuho", "twice", seconds(0));  // the later claim: in 3 s
  guard.remember("062022/kokuho", "out-of-order", seconds(1));
  EXPECT_EQ(guard.size(), 2u);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  EXPECT_FALSE(guard.claim("062022/kokuho", "twice"));
  EXPECT_FALSE(guard.claim("062022/kokuho", "out-of-order"));
}

}  // namespace
}  // namespace renkei
