#include "broker/xml/parser_pool.h"

#include <gtest/gtest.h>

#include "tests/unit/support/project_schemas.h"

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace renkei::xml {
namespace {

using test_support::projectSchemas;

struct Counted {
  explicit Counted(int n) : n(n) {}
  int n;
};

TEST(RecentFirstPoolTest, LendsTheParserReturnedLastAndMakesOnlyWhenNoneIsIdle) {
  RecentFirstPool<Counted> pool(8);
  int made = 0;
  auto make = [&] { return std::make_unique<Counted>(++made); };
  Counted* first = nullptr;
  Counted* second = nullptr;
  {
    auto a = pool.lend(1, make);
    auto b = pool.lend(1, make);
    first = a.get();
    second = b.get();
    EXPECT_NE(first, second);
    // b goes back after a: b is the warmer one
  }
  EXPECT_EQ(made, 2);
  EXPECT_EQ(pool.idleCount(1), 2u);
  auto again = pool.lend(1, make);
  EXPECT_EQ(again.get(), first);  // a was returned last (destroyed after b)
  EXPECT_EQ(made, 2);
  // Another key never gets this key's parsers.
  auto other = pool.lend(2, make);
  EXPECT_EQ(made, 3);
  EXPECT_NE(other.get(), first);
  EXPECT_NE(other.get(), second);
}

TEST(RecentFirstPoolTest, KeepsAtMostMaxIdle) {
  RecentFirstPool<Counted> pool(2);
  int made = 0;
  auto make = [&] { return std::make_unique<Counted>(++made); };
  {
    auto a = pool.lend(7, make);
    auto b = pool.lend(7, make);
    auto c = pool.lend(7, make);
  }
  EXPECT_EQ(pool.idleCount(7), 2u);
}

// A SOAP 1.1 request; `birth_date` decides whether it is valid.
std::string request(const std::string& birth_date) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
         "<soap:Body>\n"
         "<j:IdoJohoShokaiRequest xmlns:j=\"urn:renkei:unit:juki:v1\">\n"
         "<j:KanaShimei>ヤマダ　タロウ</j:KanaShimei>\n"
         "<j:SeinenGappi>" +
         birth_date +
         "</j:SeinenGappi>\n"
         "</j:IdoJohoShokaiRequest>\n"
         "</soap:Body>\n"
         "</soap:Envelope>\n";
}

// Lent parsers carry the limits of the lease, not of whoever used them before, and documents
// outlive the lease: the pipeline keeps the request's DOM after its parser went back.
TEST(ParserPoolTest, LeasesApplyTheirOwnLimitsAndDocumentsOutliveThem) {
  ParserLimits tight;
  tight.max_bytes = 100;
  ParseResult refused = lendHardenedParser(projectSchemas(), tight)->parse(request("1980-01-15"));
  ASSERT_TRUE(refused.fault.has_value());
  EXPECT_EQ(refused.fault->code, FaultCode::kMessageTooLarge);

  ParseResult kept = lendHardenedParser(projectSchemas(), {})->parse(request("1980-01-15"));
  ASSERT_TRUE(kept.ok());
  for (int i = 0; i < 50; ++i) lendHardenedParser(projectSchemas(), {})->parse(request("bad"));
  EXPECT_NE(kept.document->root(), nullptr);
  EXPECT_TRUE(kept.document->issues().empty());

  ScannedEnvelope too_big = lendEnvelopeScanner(projectSchemas(), tight)->scan(request("x"));
  ASSERT_TRUE(too_big.fault.has_value());
  EXPECT_EQ(too_big.fault->code, FaultCode::kMessageTooLarge);
  ScannedEnvelope scanned = lendEnvelopeScanner(projectSchemas(), {})->scan(request("1980-01-15"));
  EXPECT_FALSE(scanned.fault.has_value());
  EXPECT_EQ(scanned.shape.body_root_local, "IdoJohoShokaiRequest");
}

TEST(ParserPoolTest, ThreadsShareThePoolSafely) {
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&wrong, t] {
      for (int i = 0; i < 40; ++i) {
        const bool valid = (i + t) % 2 == 0;
        ParseResult r =
            lendHardenedParser(projectSchemas(), {})->parse(request(valid ? "1980-01-15" : "x"));
        if (r.ok() && r.document->issues().empty() == valid) continue;
        ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace renkei::xml
