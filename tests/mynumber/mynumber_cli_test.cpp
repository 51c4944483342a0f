// `renkei mynumber rules ...` through the real binary, as an operator runs it: load the example,
// see the version, list it three ways, check a permitted and a forbidden request, refuse a bad
// file with its line, and keep the old version when a new one is loaded.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/running_broker.h"
#include "tests/support/json_check.h"

namespace renkei::testing {
namespace {

const std::string kExample =
    std::string(RENKEI_SOURCE_DIR) + "/examples/mynumber/purpose-rules.xml";

class MyNumberCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/renkei-mncli-XXXXXX";
    dir_ = mkdtemp(tmpl);
    config_ = dir_ + "/renkei.xml";
    std::ofstream(config_) << brokerConfigText(BrokerSetup{}, dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  CommandOutput rules(const std::string& args) {
    return runRenkeiCommand("mynumber rules " + args + " --config " + config_);
  }
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  std::string dir_;
  std::string config_;
};

TEST_F(MyNumberCliTest, HelpIsListedAndExplainsEachCommand) {
  const CommandOutput top = runRenkeiCommand("--help");
  EXPECT_NE(top.text.find("renkei mynumber rules"), std::string::npos) << top.text;
  const CommandOutput help = runRenkeiCommand("mynumber --help");
  EXPECT_EQ(help.status, 0);
  for (const char* word :
       {"rules load FILE (--actor NAME | --token-file FILE)", "--dry-run", "rules list", "--format",
        "rules versions", "rules check", "not permitted"}) {
    EXPECT_NE(help.text.find(word), std::string::npos) << word;
  }
  EXPECT_EQ(runRenkeiCommand("mynumber rules frobnicate").status, 2);
  EXPECT_EQ(rules("load " + kExample).status, 2) << "--actor is required";
  EXPECT_EQ(rules("list --colour red").status, 2);
}

TEST_F(MyNumberCliTest, LoadListVersionsAndCheckTheExample) {
  const CommandOutput dry = rules("load " + kExample + " --actor 情報政策課 --dry-run");
  ASSERT_EQ(dry.status, 0) << dry.text;
  EXPECT_NE(dry.text.find("nothing stored"), std::string::npos) << dry.text;
  EXPECT_NE(rules("versions").text.find("no purpose rules loaded yet"), std::string::npos);
  EXPECT_EQ(rules("check --jimu JM0030 --requester 062022 --provider 062014 --item "
                  "TM00000000000021")
                .status,
            1)
      << "nothing loaded: default deny";

  const CommandOutput load = rules("load " + kExample + " --actor 情報政策課");
  ASSERT_EQ(load.status, 0) << load.text;
  EXPECT_NE(load.text.find("version 1 loaded: 11 rule(s)"), std::string::npos) << load.text;

  const CommandOutput versions = rules("versions");
  EXPECT_NE(versions.text.find("情報政策課"), std::string::npos) << versions.text;
  EXPECT_NE(versions.text.find("(current)"), std::string::npos) << versions.text;

  const CommandOutput table = rules("list --jimu JM0056");
  ASSERT_EQ(table.status, 0) << table.text;
  EXPECT_NE(table.text.find("児童手当法"), std::string::npos) << table.text;
  EXPECT_EQ(table.text.find("JM0030"), std::string::npos) << table.text;
  EXPECT_NE(table.text.find("2 rule(s) of version 1"), std::string::npos) << table.text;
  const CommandOutput csv = rules("list --format csv");
  EXPECT_EQ(csv.text.rfind("jimuCode,jimuName,requester,provider,itemCode", 0), 0u) << csv.text;
  const CommandOutput json = rules("list --format json --jimu JM0040");
  EXPECT_TRUE(isValidJson(json.text)) << json.text;
  EXPECT_NE(json.text.find("\"requester\":\"NENKIN\""), std::string::npos) << json.text;

  const CommandOutput permitted = rules(
      "check --jimu JM0030 --requester 062022 --provider 062014 --item TM00000000000021 --date "
      "2026-12-02");
  EXPECT_EQ(permitted.status, 0) << permitted.text;
  EXPECT_NE(permitted.text.find("permitted by version 1"), std::string::npos) << permitted.text;
  EXPECT_NE(permitted.text.find("主務省令第2条の表第47項"), std::string::npos) << permitted.text;
  // 国保 asking for 生活保護関係情報: its 事務 does not allow it.
  const CommandOutput forbidden =
      rules("check --jimu JM0030 --requester 062022 --provider 062014 --item TM00000000000052");
  EXPECT_EQ(forbidden.status, 1);
  EXPECT_EQ(forbidden.text.rfind("not permitted", 0), 0u) << forbidden.text;
  EXPECT_EQ(rules("check --jimu JM0030 --requester 062022 --provider 062014 --item "
                  "TM00000000000021 --date 2026/12/02")
                .status,
            2);
}

TEST_F(MyNumberCliTest, ABadFileIsRefusedWithItsLineAndAReloadKeepsTheOldVersion) {
  ASSERT_EQ(rules("load " + kExample + " --actor 佐藤").status, 0);
  const std::string row =
      "  <rule jimuCode=\"JM0030\" jimuName=\"国保\" requester=\"*\" provider=\"*\" "
      "itemCode=\"TM00000000000021\" itemName=\"地方税関係情報\" legalBasis=\"第47項\"/>\n";
  const std::string head =
      "<?xml version=\"1.0\"?>\n<purposeRules xmlns=\"urn:renkei:mynumber:purpose-rules:v1\">\n";
  const CommandOutput twice =
      rules("load " + write("twice.xml", head + row + row + "</purposeRules>\n") + " --actor 鈴木");
  EXPECT_EQ(twice.status, 1);
  EXPECT_NE(twice.text.find("twice.xml:4: rule: attribute jimuCode"), std::string::npos)
      << twice.text;

  const CommandOutput one =
      rules("load " + write("one.xml", head + row + "</purposeRules>\n") + " --actor 鈴木");
  ASSERT_EQ(one.status, 0) << one.text;
  EXPECT_NE(one.text.find("version 2 loaded: 1 rule(s)"), std::string::npos) << one.text;
  EXPECT_NE(rules("list").text.find("1 rule(s) of version 2"), std::string::npos);
  EXPECT_NE(rules("list --version 1").text.find("11 rule(s) of version 1"), std::string::npos);
  EXPECT_EQ(rules("list --version 9").status, 1);
}

}  // namespace
}  // namespace renkei::testing
