// 副本登録 and 情報提供 from the 副本 without SOAP: the 副本 tables on a real SQLite file (batches
// applied once by batch id and record number, versions, entries without a 符号), and the
// provision decided by the purpose rules and answered from the 副本, each request recorded (the
// gSOAP path through the broker and the stand-in network is tests/integration/
// mynumber_fukuhon_test.cpp).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "adapters/mynumber/provision_service.h"
#include "adapters/mynumber/sqlite_fukuhon_store.h"
#include "adapters/mynumber/sqlite_gateway_store.h"

namespace renkei::mynumber {
namespace {

constexpr const char* kChihozei = "TM00000000000021";
constexpr const char* kJuminhyo = "TM00000000000002";
constexpr const char* kFugo101 = "FUGO0000000000000000000000000101";

class FukuhonTest : public ::testing::Test {
 protected:
  FukuhonTest() {
    char tmpl[] = "/tmp/renkei-fukuhon-XXXXXX";
    dir_ = mkdtemp(tmpl);
    records_ = std::make_unique<SqliteGatewayStore>(dir_ + "/gateway.db");
    fukuhon_ = std::make_unique<SqliteFukuhonStore>(dir_ + "/gateway.db");
    records_->rememberFugo("000000000000101", kFugo101, "t");
  }
  ~FukuhonTest() override {
    fukuhon_.reset();
    records_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::vector<EntryResult> registerBatch(const std::string& batch,
                                         const std::vector<FukuhonEntry>& entries) {
    return fukuhon_->registerBatch(
        batch, entries, [this](const std::string& atena) { return records_->fugoOf(atena); },
        "2026-12-02T10:00:00+09:00");
  }
  static FukuhonEntry entry(int64_t no, const std::string& atena, const std::string& item,
                            const std::string& shotokuwari = "187200") {
    return {no, atena, item, {{"課税年度", "2026"}, {"所得割額", shotokuwari}}, ""};
  }
  // 062014 asking this municipality (062022) under JM0030; the purpose rules permit 地方税関係情報
  // and 住民票関係情報 only.
  ProvisionOutcome ask(const std::vector<std::string>& items, const std::string& fugo = kFugo101) {
    ProvisionService service(
        *records_, *fukuhon_,
        [](const std::string& jimu, const std::string& requester, const std::string& provider,
           const std::string& item, const std::string&) -> std::optional<std::string> {
          if (jimu != "JM0030" || requester != "062014" || provider != "062022") return {};
          if (item != kChihozei && item != kJuminhyo) return {};
          return std::string("番号法第19条第8号");
        },
        "062022");
    return service.provide({"N-1", "062014", "JM0030", "JM0030-01", fugo, items, {}});
  }

  std::string dir_;
  std::unique_ptr<GatewayStore> records_;
  std::unique_ptr<FukuhonStore> fukuhon_;
};

TEST_F(FukuhonTest, ABatchIsRegisteredOnceAndAResentBatchAddsNothing) {
  records_->rememberFugo("000000000000102", "FUGO0000000000000000000000000102", "t");
  const std::vector<FukuhonEntry> batch = {entry(1, "000000000000101", kChihozei),
                                           entry(2, "000000000000102", kChihozei)};
  const auto first = registerBatch("B-0001", batch);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].outcome, EntryOutcome::kRegistered);
  EXPECT_EQ(first[1].version, 1);
  const auto again = registerBatch("B-0001", batch);
  EXPECT_EQ(again[0].outcome, EntryOutcome::kAlreadyApplied);
  EXPECT_EQ(again[1].outcome, EntryOutcome::kAlreadyApplied);
  EXPECT_EQ(again[1].version, 1);
  EXPECT_EQ(fukuhon_->rowCount(), 2);
  EXPECT_EQ(fukuhon_->find(kFugo101, kChihozei)->version, 1);
}

TEST_F(FukuhonTest, ALaterBatchRefreshesTheRowAndRaisesItsVersion) {
  registerBatch("B-0001", {entry(1, "000000000000101", kChihozei)});
  const auto refreshed =
      registerBatch("B-0002", {entry(1, "000000000000101", kChihozei, "190000")});
  EXPECT_EQ(refreshed[0].outcome, EntryOutcome::kRegistered);
  EXPECT_EQ(refreshed[0].version, 2);
  const auto row = fukuhon_->find(kFugo101, kChihozei);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->values.at(1).second, "190000");
  EXPECT_EQ(row->atena_no, "000000000000101");
  EXPECT_EQ(row->batch_id, "B-0002");
  EXPECT_EQ(fukuhon_->rowCount(), 1);
}

TEST_F(FukuhonTest, AnEntryWithoutAFugoIsNotKeptUntilItsBatchIsResentAfterTheFugo) {
  const auto first = registerBatch("B-0003", {entry(1, "000000000000103", kChihozei)});
  EXPECT_EQ(first[0].outcome, EntryOutcome::kNoFugo);
  EXPECT_EQ(fukuhon_->rowCount(), 0);
  records_->rememberFugo("000000000000103", "FUGO0000000000000000000000000103", "t");
  const auto resent = registerBatch("B-0003", {entry(1, "000000000000103", kChihozei)});
  EXPECT_EQ(resent[0].outcome, EntryOutcome::kRegistered);
  EXPECT_EQ(fukuhon_->rowCount(), 1);
}

TEST_F(FukuhonTest, ARecordResentWithOtherContentIsNotApplied) {
  registerBatch("B-0004", {entry(1, "000000000000101", kChihozei)});
  const auto changed = registerBatch("B-0004", {entry(1, "000000000000101", kChihozei, "1")});
  EXPECT_EQ(changed[0].outcome, EntryOutcome::kResentDifferently);
  EXPECT_EQ(std::string(outcomeName(changed[0].outcome)), "再送不一致");
  EXPECT_EQ(fukuhon_->find(kFugo101, kChihozei)->values.at(1).second, "187200");
}

TEST_F(FukuhonTest, ValuesRoundTripWhateverTheirText) {
  FukuhonEntry odd = entry(1, "000000000000101", kChihozei);
  odd.values = {{"備考", "a:b;12:c\n"}, {"", ""}, {"世帯", "山田 太郎"}};
  registerBatch("B-0005", {odd});
  EXPECT_EQ(fukuhon_->find(kFugo101, kChihozei)->values, odd.values);
}

TEST_F(FukuhonTest, AProvisionAnswersFromTheFukuhonAndIsRecorded) {
  registerBatch("B-0006", {entry(1, "000000000000101", kChihozei)});
  const ProvisionOutcome outcome = ask({kChihozei, kJuminhyo});
  EXPECT_TRUE(outcome.refusal_code.empty());
  ASSERT_EQ(outcome.items.size(), 2u);
  EXPECT_TRUE(outcome.items[0].provided());
  EXPECT_EQ(outcome.items[0].values.at(1).second, "187200");
  EXPECT_EQ(outcome.items[1].fukaiji_code, "F02");  // no 副本 for 住民票関係情報
  const auto records = records_->recordsFor("000000000000101");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].result, ProvisionResult::kPartlyWithheld);
  EXPECT_EQ(records[0].requester, "062014");
  EXPECT_EQ(records[0].provider, "062022");
  EXPECT_EQ(records[0].unit, "network");
  EXPECT_FALSE(records[0].provided_at.empty());
  EXPECT_NE(records[0].detail.find(std::string(kChihozei) + "=v1"), std::string::npos);
  EXPECT_EQ(records[0].detail.find("187200"), std::string::npos) << "values stay out of records";
}

TEST_F(FukuhonTest, AWithheldFukuhonIsAnsweredWithItsCodeAndRecorded) {
  FukuhonEntry dv = entry(1, "000000000000101", kChihozei);
  dv.values.clear();
  dv.fukaiji_code = "F04";
  registerBatch("B-0007", {dv});
  const ProvisionOutcome outcome = ask({kChihozei});
  ASSERT_EQ(outcome.items.size(), 1u);
  EXPECT_EQ(outcome.items[0].fukaiji_code, "F04");
  EXPECT_EQ(records_->recordsFor("000000000000101").at(0).result, ProvisionResult::kWithheld);
}

TEST_F(FukuhonTest, AnItemOutsideThePurposeRulesRefusesTheWholeRequestAndIsRecorded) {
  registerBatch("B-0008", {entry(1, "000000000000101", kChihozei)});
  const ProvisionOutcome outcome = ask({kChihozei, "TM00000000000004"});
  EXPECT_EQ(outcome.refusal_code, "Client.PurposeNotPermitted");
  EXPECT_TRUE(outcome.items.empty());
  const auto records = records_->recordsFor("000000000000101");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].result, ProvisionResult::kRefused);
  EXPECT_TRUE(records[0].provided_at.empty());
  EXPECT_TRUE(records_->verifyChain().ok());
}

TEST_F(FukuhonTest, AFugoUnknownHereIsAnsweredNoSuchPersonAndStillRecorded) {
  const ProvisionOutcome outcome = ask({kChihozei}, "FUGO9999999999999999999999999999");
  ASSERT_EQ(outcome.items.size(), 1u);
  EXPECT_EQ(outcome.items[0].fukaiji_code, "F01");
  EXPECT_EQ(records_->allRecords().size(), 1u);
  EXPECT_EQ(records_->allRecords().at(0).atena_no, "");
}

}  // namespace
}  // namespace renkei::mynumber
