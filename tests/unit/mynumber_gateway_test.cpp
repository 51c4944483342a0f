// The My Number gateway without SOAP: its store (the 符号 map, the chained 情報提供等記録) on a
// real SQLite file, and 情報照会 decided by the purpose rules, with the network side a function
// (the gSOAP path and the stand-in network run in tests/mynumber/mynumber_gateway_test.cpp).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "adapters/mynumber/inquiry.h"
#include "adapters/mynumber/sqlite_gateway_store.h"

namespace renkei::mynumber {
namespace {

class GatewayStoreTest : public ::testing::Test {
 protected:
  GatewayStoreTest() {
    char tmpl[] = "/tmp/renkei-mngw-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/gateway.db";
    store_ = std::make_unique<SqliteGatewayStore>(path_);
  }
  ~GatewayStoreTest() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // What someone with write access to the file could do behind the gateway's back.
  void tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
  }
  ProvisionRecord record(const std::string& atena, const std::string& at,
                         ProvisionResult result = ProvisionResult::kProvided) {
    ProvisionRecord r;
    r.record_id = "rec-" + std::to_string(++counter_);
    r.atena_no = atena;
    r.requester = "062022";
    r.provider = "062014";
    r.jimu_code = "JM0030";
    r.jimu_tetsuzuki = "JM0030-01";
    r.items = {"TM00000000000021"};
    r.requested_at = at;
    r.result = result;
    r.unit = "062022/kokuho";
    return r;
  }

  std::string dir_, path_;
  std::unique_ptr<GatewayStore> store_;
  int counter_ = 0;
};

TEST_F(GatewayStoreTest, AFugoIsKeptOnceAndNeverReplaced) {
  EXPECT_FALSE(store_->fugoOf("000000000000101"));
  EXPECT_TRUE(store_->rememberFugo("000000000000101", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "t"));
  EXPECT_FALSE(store_->rememberFugo("000000000000101", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", "t"));
  EXPECT_EQ(store_->fugoOf("000000000000101"), "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345");
}

TEST_F(GatewayStoreTest, RecordsAreChainedAndReadPerPersonAndJstDate) {
  store_->append(record("000000000000101", "2026-11-30T23:59:59+09:00"));
  store_->append(record("000000000000202", "2026-12-01T08:00:00+09:00"));
  const ProvisionRecord third = store_->append(
      record("000000000000101", "2026-12-01T00:00:01+09:00", ProvisionResult::kRefused));
  EXPECT_EQ(third.seq, 3);
  EXPECT_FALSE(third.prev_hash.empty());
  EXPECT_EQ(store_->recordsFor("000000000000101").size(), 2u);
  const auto december = store_->recordsFor("000000000000101", "2026-12-01", "2026-12-31");
  ASSERT_EQ(december.size(), 1u);
  EXPECT_EQ(december.front().result, ProvisionResult::kRefused);
  EXPECT_EQ(december.front().items, std::vector<std::string>{"TM00000000000021"});
  EXPECT_TRUE(store_->verifyChain().ok());
  EXPECT_EQ(store_->verifyChain().records, 3);
}

TEST_F(GatewayStoreTest, AnAlteredRecordBreaksTheChainAtThatRecord) {
  for (int i = 0; i < 3; ++i)
    store_->append(record("000000000000101", "2026-12-01T10:00:00+09:00"));
  tamper("UPDATE provision_records SET result = '拒否' WHERE seq = 2");
  const ChainCheck check = store_->verifyChain();
  EXPECT_FALSE(check.ok());
  EXPECT_EQ(check.first_broken_seq, 2);
  EXPECT_NE(check.reason.find("altered"), std::string::npos) << check.reason;
}

TEST_F(GatewayStoreTest, ARemovedRecordBreaksTheChain) {
  for (int i = 0; i < 3; ++i)
    store_->append(record("000000000000101", "2026-12-01T10:00:00+09:00"));
  tamper("DELETE FROM provision_records WHERE seq = 2");
  const ChainCheck check = store_->verifyChain();
  EXPECT_FALSE(check.ok());
  EXPECT_EQ(check.first_broken_seq, 3);
  EXPECT_NE(check.reason.find("record 2 is missing"), std::string::npos) << check.reason;
}

// 情報照会 with a rule table of one row and a scripted network side.
class InquiryTest : public GatewayStoreTest {
 protected:
  InquiryTest()
      : service_(
            *store_,
            [](const std::string& jimu, const std::string& requester, const std::string& provider,
               const std::string& item, const std::string&) -> std::optional<std::string> {
              if (jimu == "JM0030" && requester == "062022" && provider == "062014" &&
                  item == "TM00000000000021") {
                return "番号法第19条第8号 主務省令第2条の表第47項";
              }
              return std::nullopt;
            },
            [this](const InquiryRequest&, const std::string& fugo, const std::string&) {
              ++network_calls_;
              sent_fugo_ = fugo;
              return network_answer_;
            }) {
    store_->rememberFugo("000000000000101", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "t");
    network_answer_.answered = true;
    network_answer_.provided_at = "2026-12-01T10:00:01+09:00";
    network_answer_.items = {{"TM00000000000021", {{"所得割額", "187200"}}, ""}};
  }
  InquiryRequest request(std::vector<std::string> items = {"TM00000000000021"}) {
    InquiryRequest r;
    r.unit = "062022/kokuho";
    r.requester = "062022";
    r.provider = "062014";
    r.jimu_code = "JM0030";
    r.jimu_tetsuzuki = "JM0030-01";
    r.atena_no = "000000000000101";
    r.items = std::move(items);
    return r;
  }

  InquiryService service_;
  NetworkAnswer network_answer_;
  int network_calls_ = 0;
  std::string sent_fugo_;
};

TEST_F(InquiryTest, APermittedInquiryGoesOutWithTheFugoAndIsRecorded) {
  const InquiryOutcome outcome = service_.inquire(request());
  EXPECT_TRUE(outcome.refusal_code.empty()) << outcome.refusal_reason;
  EXPECT_EQ(sent_fugo_, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345");
  ASSERT_EQ(outcome.items.size(), 1u);
  EXPECT_EQ(outcome.items.front().values.front().second, "187200");
  const auto records = store_->recordsFor("000000000000101");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records.front().result, ProvisionResult::kProvided);
  EXPECT_EQ(records.front().record_id, outcome.record.record_id);
  EXPECT_EQ(records.front().provided_at, "2026-12-01T10:00:01+09:00");
}

TEST_F(InquiryTest, AnItemOutsideThePurposeRulesRefusesTheWholeInquiryAndIsRecorded) {
  const InquiryOutcome outcome =
      service_.inquire(request({"TM00000000000021", "TM00000000000004"}));
  EXPECT_EQ(outcome.refusal_code, "Client.PurposeNotPermitted");
  EXPECT_NE(outcome.refusal_reason.find("TM00000000000004"), std::string::npos);
  EXPECT_EQ(outcome.refusal_reason.find("TM00000000000021,"), std::string::npos)
      << "only the item outside the rules is named";
  EXPECT_EQ(network_calls_, 0) << "nothing leaves the gateway for a refused 照会";
  const auto records = store_->recordsFor("000000000000101");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records.front().result, ProvisionResult::kRefused);
  EXPECT_TRUE(records.front().provided_at.empty());
}

TEST_F(InquiryTest, APersonWithoutAFugoIsRefusedAndRecorded) {
  InquiryRequest r = request();
  r.atena_no = "000000000000999";
  const InquiryOutcome outcome = service_.inquire(r);
  EXPECT_EQ(outcome.refusal_code, "Client.FugoNotObtained");
  EXPECT_EQ(network_calls_, 0);
  EXPECT_EQ(store_->recordsFor("000000000000999").size(), 1u);
}

TEST_F(InquiryTest, NoAnswerFromTheNetworkIsF05ForEveryItemAndRecorded) {
  network_answer_ = NetworkAnswer{};
  network_answer_.error = "the network side did not answer in time";
  const InquiryOutcome outcome = service_.inquire(request());
  EXPECT_TRUE(outcome.refusal_code.empty());
  ASSERT_EQ(outcome.items.size(), 1u);
  EXPECT_EQ(outcome.items.front().fukaiji_code, "F05");
  const auto records = store_->recordsFor("000000000000101");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records.front().result, ProvisionResult::kNoAnswer);
  EXPECT_EQ(records.front().detail, "the network side did not answer in time");
}

TEST_F(InquiryTest, AWithheldItemIsRecordedWithItsCode) {
  network_answer_.items = {{"TM00000000000021", {}, "F04"}};
  const InquiryOutcome outcome = service_.inquire(request());
  ASSERT_EQ(outcome.items.size(), 1u);
  EXPECT_FALSE(outcome.items.front().provided());
  const auto records = store_->recordsFor("000000000000101");
  EXPECT_EQ(records.front().result, ProvisionResult::kWithheld);
  EXPECT_EQ(records.front().detail, "TM00000000000021=F04");
}

}  // namespace
}  // namespace renkei::mynumber
