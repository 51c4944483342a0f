// 副本 history (docs/mynumber.md, "副本登録 and 情報提供"): a refresh keeps the version it
// replaces, so last 年度's 地方税関係情報 is still provided to a 照会 whose 対象年度 asks for it,
// while a 照会 without one (or for this 年度) gets the current version; `renkei mynumber fukuhon
// --history` lists the versions, values only with --values. A real SQLite file and the real CLI.
#include <gtest/gtest.h>

#include "adapters/mynumber/provision_service.h"
#include "adapters/mynumber/sqlite_fukuhon_store.h"
#include "adapters/mynumber/sqlite_gateway_store.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/unit/store_test_support.h"

namespace renkei::mynumber {
namespace {

using testing::TempDir;

constexpr const char* kChihozei = "TM00000000000021";
constexpr const char* kAtena = "000000000000101";
constexpr const char* kFugo = "FUGO0000000000000000000000000101";

class FukuhonHistoryTest : public ::testing::Test {
 protected:
  FukuhonHistoryTest() { records_.rememberFugo(kAtena, kFugo, "t"); }

  std::vector<EntryResult> registerYear(const std::string& batch, const std::string& year,
                                        const std::string& shotokuwari) {
    const FukuhonEntry entry{
        1, kAtena, kChihozei, {{"課税年度", year}, {"所得割額", shotokuwari}}, ""};
    return fukuhon_.registerBatch(
        batch, {entry}, [this](const std::string& atena) { return records_.fugoOf(atena); },
        "2026-12-02T10:00:00+09:00");
  }
  // 062014 asks this municipality (062022) for 地方税関係情報, permitted.
  ProvisionOutcome ask(const ShokaiJoken& joken) {
    ProvisionService service(
        records_, fukuhon_,
        [](const std::string&, const std::string&, const std::string&, const std::string&,
           const std::string&) -> std::optional<std::string> {
          return std::string("番号法第19条第8号");
        },
        "062022");
    return service.provide({"N-1", "062014", "JM0030", "JM0030-01", kFugo, {kChihozei}, joken});
  }
  static std::string shotokuwari(const ProvisionOutcome& outcome) {
    if (outcome.items.size() != 1 || !outcome.items[0].provided()) return "withheld";
    return outcome.items[0].values.at(1).second;
  }

  TempDir dir_;
  std::string db_ = dir_.file("gateway.db");
  SqliteGatewayStore records_{db_};
  SqliteFukuhonStore fukuhon_{db_};
};

TEST_F(FukuhonHistoryTest, ARefreshKeepsTheVersionItReplaces) {
  registerYear("B-2025", "2025", "150000");
  registerYear("B-2026", "2026", "187200");
  const auto earlier = fukuhon_.earlierVersions(kFugo, kChihozei);
  ASSERT_EQ(earlier.size(), 1u);
  EXPECT_EQ(earlier[0].version, 1);
  EXPECT_EQ(earlier[0].batch_id, "B-2025");
  EXPECT_EQ(earlier[0].values.at(1).second, "150000");
  EXPECT_EQ(earlier[0].replaced_at, "2026-12-02T10:00:00+09:00");
  EXPECT_EQ(fukuhon_.find(kFugo, kChihozei)->version, 2);

  // A batch re-sent (after a crash, say) adds no version and keeps none twice.
  EXPECT_EQ(registerYear("B-2026", "2026", "187200")[0].outcome, EntryOutcome::kAlreadyApplied);
  EXPECT_EQ(fukuhon_.earlierVersions(kFugo, kChihozei).size(), 1u);
  EXPECT_EQ(fukuhon_.listWithHistory(kAtena, "").size(), 2u);
}

TEST_F(FukuhonHistoryTest, AnInquiryForLastYearIsAnsweredFromTheVersionThatHoldsIt) {
  registerYear("B-2025", "2025", "150000");
  registerYear("B-2026", "2026", "187200");
  EXPECT_EQ(shotokuwari(ask({})), "187200") << "no 照会条件: the current version";
  EXPECT_EQ(shotokuwari(ask({"2026", ""})), "187200");
  const ProvisionOutcome last_year = ask({"2025", ""});
  EXPECT_EQ(shotokuwari(last_year), "150000");
  EXPECT_NE(last_year.record.detail.find(std::string(kChihozei) + "=v1 (以前の版, 現行 v2)"),
            std::string::npos)
      << last_year.record.detail;
  EXPECT_EQ(last_year.record.detail.find("150000"), std::string::npos) << "no values in records";
  // 基準日 2026-03-31 lies in 年度 2025.
  EXPECT_EQ(shotokuwari(ask({"", "2026-03-31"})), "150000");

  const ProvisionOutcome never = ask({"2024", ""});
  ASSERT_EQ(never.items.size(), 1u);
  EXPECT_EQ(never.items[0].fukaiji_code, "F02") << "no version holds 2024";
}

TEST_F(FukuhonHistoryTest, AnItemNowWithheldIsWithheldForEveryYear) {
  registerYear("B-2025", "2025", "150000");
  const FukuhonEntry dv{1, kAtena, kChihozei, {}, "F04"};
  fukuhon_.registerBatch(
      "B-DV", {dv}, [this](const std::string& atena) { return records_.fugoOf(atena); }, "t");
  const ProvisionOutcome outcome = ask({"2025", ""});
  ASSERT_EQ(outcome.items.size(), 1u);
  EXPECT_EQ(outcome.items[0].fukaiji_code, "F04");
}

TEST_F(FukuhonHistoryTest, TheCliListsTheVersionsAndShowsValuesOnlyWhenAsked) {
  registerYear("B-2025", "2025", "150000");
  registerYear("B-2026", "2026", "187200");
  const std::string listing = "mynumber fukuhon --db " + db_ + " --person " + kAtena;
  const auto plain = testing::runRenkeiCommand(listing);
  ASSERT_EQ(plain.status, 0) << plain.text;
  EXPECT_EQ(plain.text.find("以前の版"), std::string::npos) << "no history unless asked";

  const auto history = testing::runRenkeiCommand(listing + " --history --format csv");
  ASSERT_EQ(history.status, 0) << history.text;
  EXPECT_NE(history.text.find("replaced_at"), std::string::npos) << history.text;
  EXPECT_NE(history.text.find("B-2025"), std::string::npos) << history.text;
  EXPECT_EQ(history.text.find("150000"), std::string::npos) << "values only with --values";

  const auto values = testing::runRenkeiCommand(listing + " --history --values");
  ASSERT_EQ(values.status, 0) << values.text;
  EXPECT_NE(values.text.find("version 1 (以前の版)"), std::string::npos) << values.text;
  EXPECT_NE(values.text.find("所得割額=150000"), std::string::npos) << values.text;
  EXPECT_NE(values.text.find("所得割額=187200"), std::string::npos) << values.text;
}

}  // namespace
}  // namespace renkei::mynumber
