// `renkei links update` and `renkei links review` as a 情報政策課 officer runs them: the real
// executable against the store a real `renkei serve` seeded from the example configuration,
// whose active links carry no review date (so `report review-due` lists them until reviewed).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/renkei_command.h"

namespace renkei::testing {
namespace {

constexpr const char* kFuture = "2099-03-31";

// The id of the first link row of `links list --format csv` with these filters.
std::string firstLinkId(const std::string& config, const std::string& filters) {
  const CommandOutput list =
      runRenkeiCommand("links list --format csv --config " + config + " " + filters);
  const size_t row = list.text.find('\n') + 1;
  return list.text.substr(row, list.text.find(',', row) - row);
}

// The history lines of `links show ID`.
std::string historyOf(const std::string& id, const std::string& config) {
  const CommandOutput show = runRenkeiCommand("links show " + id + " --config " + config);
  const size_t at = show.text.find("history (oldest first)");
  return at == std::string::npos ? show.text : show.text.substr(at);
}

int lineCount(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

class LinksEditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<BrokerProcess>(BrokerSetup{});
    config_ = " --config " + broker_->configPath();
    id_ = firstLinkId(broker_->configPath(), "--sender 062022/kokuho --service IdoJohoShokai:1");
    ASSERT_FALSE(id_.empty());
  }
  CommandOutput renkei(const std::string& args) { return runRenkeiCommand(args + config_); }

  std::unique_ptr<BrokerProcess> broker_;
  std::string config_;
  std::string id_;
};

TEST_F(LinksEditCliTest, UpdateRecordsEachChangedFieldWithBeforeAndAfter) {
  const CommandOutput update =
      renkei("links update " + id_ +
             " --legal-basis '国民健康保険法 第9条第2項' --department 保険年金課 "
             "--note '条例改正に伴う更新' --actor sato --reason 条例改正");
  ASSERT_EQ(update.status, 0) << update.text;
  EXPECT_NE(update.text.find("updated link " + id_), std::string::npos) << update.text;
  EXPECT_NE(update.text.find("legalBasis  \"国民健康保険法 第9条、住民基本台帳法 第1条\" -> "
                             "\"国民健康保険法 第9条第2項\""),
            std::string::npos)
      << update.text;
  EXPECT_NE(update.text.find("department  \"\" -> \"保険年金課\""), std::string::npos)
      << update.text;

  const CommandOutput show = renkei("links show " + id_);
  EXPECT_NE(show.text.find("legal basis  国民健康保険法 第9条第2項"), std::string::npos)
      << show.text;
  const std::string history = historyOf(id_, broker_->configPath());
  for (const char* expected :
       {"edited     legalBasis \"国民健康保険法 第9条、住民基本台帳法 第1条\" -> "
        "\"国民健康保険法 第9条第2項\"  by sato: 条例改正",
        "edited     department \"\" -> \"保険年金課\"  by sato: 条例改正",
        "edited     note \"\" -> \"条例改正に伴う更新\"  by sato: 条例改正"}) {
    EXPECT_NE(history.find(expected), std::string::npos) << expected << "\n" << history;
  }
  EXPECT_EQ(lineCount(history), 1 + 1 + 3) << history;  // heading, created, three edits

  // The same values again: nothing changed, and the history says so by not growing.
  const CommandOutput again =
      renkei("links update " + id_ + " --department 保険年金課 --actor sato");
  EXPECT_EQ(again.status, 0) << again.text;
  EXPECT_NE(again.text.find("nothing changed"), std::string::npos) << again.text;
  EXPECT_EQ(historyOf(id_, broker_->configPath()), history);
}

TEST_F(LinksEditCliTest, WhatIdentifiesALinkStaysANewLink) {
  const std::string before = historyOf(id_, broker_->configPath());
  for (const char* option : {"--sender 062022/juminzei", "--receiver 062022/juminzei",
                             "--service KazeiJohoShokai", "--version 2", "--purpose KOKUHO-X"}) {
    const CommandOutput refused = renkei("links update " + id_ + " " + option);
    EXPECT_EQ(refused.status, 1) << option << "\n" << refused.text;
    EXPECT_NE(refused.text.find("stays a new link: propose one"), std::string::npos)
        << refused.text;
    EXPECT_EQ(lineCount(refused.text), 1) << refused.text;
  }
  EXPECT_EQ(historyOf(id_, broker_->configPath()), before);
}

TEST_F(LinksEditCliTest, BadFieldsAndValuesAreClearErrors) {
  const CommandOutput unknown = renkei("links update " + id_ + " --colour red");
  EXPECT_EQ(unknown.status, 2) << unknown.text;
  EXPECT_NE(unknown.text.find("--colour is not a field that can be edited; the fields are "
                              "--purpose-name, --legal-basis, --data-items, --department, "
                              "--vendor, --review-date, --note"),
            std::string::npos)
      << unknown.text;
  EXPECT_EQ(lineCount(unknown.text), 1) << unknown.text;

  const CommandOutput none = renkei("links update " + id_);
  EXPECT_EQ(none.status, 2) << none.text;
  EXPECT_NE(none.text.find("needs at least one field"), std::string::npos) << none.text;

  const CommandOutput past = renkei("links update " + id_ + " --review-date 2020-04-01");
  EXPECT_EQ(past.status, 1) << past.text;
  EXPECT_NE(past.text.find("--review-date is in the past (2020-04-01; today is "),
            std::string::npos)
      << past.text;
  const CommandOutput shape = renkei("links update " + id_ + " --review-date 2099/03/31");
  EXPECT_EQ(shape.status, 1) << shape.text;
  EXPECT_NE(shape.text.find("--review-date must be a date written YYYY-MM-DD, not \"2099/03/31\""),
            std::string::npos)
      << shape.text;
  const CommandOutput empty = renkei("links update " + id_ + " --legal-basis ''");
  EXPECT_EQ(empty.status, 1) << empty.text;
  EXPECT_NE(empty.text.find("--legal-basis cannot be empty"), std::string::npos) << empty.text;

  const CommandOutput missing = renkei("links update 999999 --note x");
  EXPECT_EQ(missing.status, 1) << missing.text;
  EXPECT_NE(missing.text.find("there is no link 999999"), std::string::npos) << missing.text;

  ASSERT_EQ(renkei("links retire " + id_ + " --reason 廃止").status, 0);
  const CommandOutput retired = renkei("links update " + id_ + " --note 追記");
  EXPECT_EQ(retired.status, 1) << retired.text;
  EXPECT_NE(retired.text.find("retired is final"), std::string::npos) << retired.text;
}

TEST_F(LinksEditCliTest, AReviewMovesTheLinkOutOfReviewDue) {
  auto dueIds = [&] {
    const CommandOutput due = renkei("report review-due --format csv");
    EXPECT_EQ(due.status, 0) << due.text;
    return due.text;
  };
  // Seeded active links have no review date: listed as missing.
  ASSERT_NE(dueIds().find("\n" + id_ + ","), std::string::npos) << dueIds();

  EXPECT_EQ(renkei("links review " + id_ + " --next " + kFuture).status, 2) << "no --reason";
  EXPECT_EQ(renkei("links review " + id_ + " --reason 確認").status, 2) << "no --next";
  const CommandOutput past = renkei("links review " + id_ + " --next 2020-04-01 --reason 確認");
  EXPECT_EQ(past.status, 1) << past.text;
  EXPECT_NE(past.text.find("--next is in the past"), std::string::npos) << past.text;
  const CommandOutput shape = renkei("links review " + id_ + " --next 31/03/2099 --reason 確認");
  EXPECT_EQ(shape.status, 1) << shape.text;
  EXPECT_NE(shape.text.find("must be a date written YYYY-MM-DD"), std::string::npos) << shape.text;

  const CommandOutput review =
      renkei("links review " + id_ + " --next " + kFuture +
             " --reason '利用実績と根拠法令を確認、変更なし' --actor kacho");
  ASSERT_EQ(review.status, 0) << review.text;
  EXPECT_NE(review.text.find("reviewed link " + id_), std::string::npos) << review.text;
  EXPECT_NE(review.text.find("next review 2099-03-31 (was not set)"), std::string::npos)
      << review.text;

  EXPECT_EQ(dueIds().find("\n" + id_ + ","), std::string::npos) << dueIds();
  const std::string history = historyOf(id_, broker_->configPath());
  EXPECT_NE(history.find("reviewed   reviewDate \"\" -> \"2099-03-31\"  by kacho: "
                         "利用実績と根拠法令を確認、変更なし"),
            std::string::npos)
      << history;
  const CommandOutput show = renkei("links show " + id_);
  EXPECT_NE(show.text.find("review date  2099-03-31"), std::string::npos) << show.text;
}

TEST_F(LinksEditCliTest, HelpListsTheNewCommands) {
  const CommandOutput help = runRenkeiCommand("links --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.text.find("renkei links update ID"), std::string::npos) << help.text;
  EXPECT_NE(help.text.find("renkei links review ID --next YYYY-MM-DD --reason T"),
            std::string::npos)
      << help.text;
}

}  // namespace
}  // namespace renkei::testing
