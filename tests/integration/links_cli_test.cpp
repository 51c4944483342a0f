// `renkei links ...` as an operator runs it: the real executable against the store of a real
// broker, and the running broker enforcing what the CLI changed.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

struct CliRun {
  int status = -1;
  std::string out;  // stdout and stderr together, as the operator sees them
};

CliRun renkei(const std::string& args) {
  const std::string command = std::string(RENKEI_BINARY_DIR) + "/broker/renkei " + args + " 2>&1";
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) run.out.append(buf.data(), n);
  run.status = WEXITSTATUS(pclose(pipe));
  return run;
}

// The id in the first data row of `links list --format csv` for the given filters.
std::string firstLinkId(const std::string& config, const std::string& filters) {
  const CliRun list = renkei("links list --format csv --config " + config + " " + filters);
  const size_t row = list.out.find('\n') + 1;
  return list.out.substr(row, list.out.find(',', row) - row);
}

class LinksCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    juki_ = std::make_unique<UnitProcess>("unit_juki");
    broker_ = std::make_unique<RunningBroker>(BrokerSetup{{{"062022/juki", juki_->url()}}});
    config_ = broker_->configPath();
    kokuho_link_ = firstLinkId(config_, "--sender 062022/kokuho --service IdoJohoShokai:1");
  }

  std::string config() const { return " --config " + config_; }

  std::unique_ptr<UnitProcess> juki_;
  std::unique_ptr<RunningBroker> broker_;
  std::string config_;
  std::string kokuho_link_;
};

// The CLI writes to the store from another process; the broker's RegistryWatcher picks the
// change up within one registryPollMs.
TEST_F(LinksCliTest, SuspendBlocksTheNextMessageAndResumeLetsItThrough) {
  SoapClient client;
  const std::string request = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");
  ASSERT_EQ(client.post(broker_->url(), request).status, 200);

  const CliRun suspend =
      renkei("links suspend " + kokuho_link_ + " --reason 障害調査 --actor suzuki" + config());
  ASSERT_EQ(suspend.status, 0) << suspend.out;
  EXPECT_NE(suspend.out.find("active -> suspended"), std::string::npos) << suspend.out;
  EXPECT_NE(suspend.out.find("registryPollMs"), std::string::npos) << suspend.out;

  // Within a few poll intervals the running broker refuses the link.
  HttpAnswer answer;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  do {
    answer = client.post(broker_->url(), request);
    if (answer.body.find("Client.LinkNotRegistered") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_NE(answer.body.find("Client.LinkNotRegistered"), std::string::npos) << answer.body;

  const CliRun resume = renkei("links resume " + kokuho_link_ + " --actor suzuki" + config());
  ASSERT_EQ(resume.status, 0) << resume.out;
  do {
    answer = client.post(broker_->url(), request);
    if (answer.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline + std::chrono::seconds(5));
  EXPECT_EQ(answer.status, 200) << answer.body;
}

TEST_F(LinksCliTest, LifecycleThroughTheCliWithHistory) {
  const CliRun proposed = renkei(
      "links propose --sender 062022/juminzei --receiver 062022/juki --service IdoJohoShokai "
      "--version 1 --purpose JUMINZEI-KAZEI --purpose-name '個人住民税の課税' "
      "--legal-basis '地方税法 第294条' --data-items '氏名;住所' --department 税務課 "
      "--review-date 2027-03-31 --actor sato --reason 新規" +
      config());
  ASSERT_EQ(proposed.status, 0) << proposed.out;
  const std::string id = firstLinkId(config_,
                                     "--status proposed --sender 062022/juminzei "
                                     "--receiver 062022/juki");
  ASSERT_FALSE(id.empty());
  EXPECT_NE(proposed.out.find("proposed link " + id), std::string::npos) << proposed.out;

  EXPECT_EQ(renkei("links approve " + id + " --actor yamada" + config()).status, 0);
  EXPECT_EQ(renkei("links activate " + id + " --actor yamada" + config()).status, 0);
  const CliRun show = renkei("links show " + id + config());
  ASSERT_EQ(show.status, 0) << show.out;
  for (const char* expected : {"approver     yamada", "data items   氏名;住所", "税務課",
                               "review date  2027-03-31", "created", "approved", "activated"}) {
    EXPECT_NE(show.out.find(expected), std::string::npos) << expected << "\n" << show.out;
  }
  EXPECT_LT(show.out.find("created"), show.out.find("activated")) << "oldest first";

  const CliRun json = renkei(
      "links list --format json --status active --sender 062022/juminzei"
      " --tenant 062022" +
      config());
  EXPECT_NE(json.out.find("\"purpose\": \"JUMINZEI-KAZEI\""), std::string::npos) << json.out;
}

TEST_F(LinksCliTest, RefusedChangesSayWhyAndExitOne) {
  const CliRun retire = renkei("links retire " + kokuho_link_ + " --reason 廃止" + config());
  ASSERT_EQ(retire.status, 0) << retire.out;
  const CliRun approve = renkei("links approve " + kokuho_link_ + config());
  EXPECT_EQ(approve.status, 1) << approve.out;
  EXPECT_NE(approve.out.find("retired is final"), std::string::npos) << approve.out;
  EXPECT_EQ(approve.out.find('\n'), approve.out.size() - 1) << "one line:\n" << approve.out;

  const CliRun missing = renkei("links suspend 999999 --reason x" + config());
  EXPECT_EQ(missing.status, 1) << missing.out;
  EXPECT_NE(missing.out.find("there is no link 999999"), std::string::npos) << missing.out;

  const CliRun cross = renkei(
      "links propose --sender 062014/kokuho --receiver 062022/juki --service IdoJohoShokai "
      "--version 1 --purpose KOKUHO-X --purpose-name x --legal-basis y" +
      config());
  EXPECT_EQ(cross.status, 1) << cross.out;
  EXPECT_NE(cross.out.find("--cross-tenant"), std::string::npos) << cross.out;

  EXPECT_EQ(renkei("links suspend " + kokuho_link_ + config()).status, 2) << "no --reason";
  EXPECT_EQ(renkei("links approve" + config()).status, 2);
  EXPECT_EQ(renkei("links approve abc" + config()).status, 2);
  EXPECT_EQ(renkei("links frobnicate 1" + config()).status, 2);
  EXPECT_EQ(renkei("links list --status sleeping" + config()).status, 2);
  const CliRun help = renkei("links --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("renkei links import FILE"), std::string::npos) << help.out;
}

TEST_F(LinksCliTest, CsvExportImportRoundTripIntoAFreshStore) {
  renkei(
      "links propose --sender 062022/kokuho --receiver 062022/juminzei --service "
      "KazeiJohoShokai --version 1 --purpose KOKUHO-NOTE --purpose-name '引用\"と,カンマ' "
      "--legal-basis 国民健康保険法 --note '一行目\n二行目'" +
      config());
  const std::string exported = broker_->dbPath() + ".csv";
  // With the BOM a spreadsheet wants; the import must not mind it.
  ASSERT_EQ(renkei("links export --format csv --bom --output " + exported + config()).status, 0);
  {
    std::ifstream in(exported, std::ios::binary);
    std::string start(3, '\0');
    in.read(start.data(), 3);
    EXPECT_EQ(start, "\xEF\xBB\xBF");
  }

  // A second configuration identical but for its store file, which no broker has seeded.
  std::string text;
  {
    std::ifstream in(config_);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  replaceAll(text, broker_->dbPath(), broker_->dbPath() + ".fresh");
  const std::string fresh = config_ + ".fresh.xml";
  std::ofstream(fresh) << text;

  const CliRun imported = renkei("links import " + exported + " --config " + fresh);
  ASSERT_EQ(imported.status, 0) << imported.out;
  EXPECT_NE(imported.out.find(":2: created"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("0 skipped (duplicate), 0 errors"), std::string::npos)
      << imported.out;

  // Same links, all proposed and so without the approver the configuration named: compare the
  // exports minus the status and approver columns.
  const CliRun original = renkei("links list --format csv" + config());
  const CliRun copy = renkei("links list --format csv --config " + fresh);
  auto withoutStatus = [](std::string csv) {
    for (const char* s : {",active,", ",suspended,", ",approved,", ",retired,"}) {
      replaceAll(csv, s, ",proposed,");
    }
    replaceAll(csv, ",米沢市 総務部 情報政策課長,", ",,");
    return csv;
  };
  EXPECT_EQ(withoutStatus(original.out), copy.out);
  EXPECT_NE(copy.out.find("一行目\n二行目"), std::string::npos) << copy.out;

  const CliRun again = renkei("links import " + exported + " --config " + fresh);
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find(":2: skipped (duplicate)"), std::string::npos) << again.out;

  // A broken row is reported with file, line and field; the others still go in.
  const std::string broken = broker_->dbPath() + ".broken.csv";
  std::ofstream(broken) << "sender,receiver,service,version,purpose,purposeName,legalBasis\n"
                           "062022/kokuho,062022/nowhere,IdoJohoShokai,1,KOKUHO-Z,n,l\n"
                           "062022/juki,062022/juminzei,KazeiJohoShokai,1,JUKI-Z,\"n,\n2\",l\n";
  const CliRun partly = renkei("links import " + broken + " --config " + fresh);
  EXPECT_EQ(partly.status, 1) << partly.out;
  EXPECT_NE(partly.out.find(broken + ":2: error: field receiver"), std::string::npos) << partly.out;
  EXPECT_NE(partly.out.find(broken + ":3: created"), std::string::npos) << partly.out;
}

TEST_F(LinksCliTest, XmlExportIsAValidLinksDocumentAndImportsAsProposed) {
  const std::string exported = broker_->dbPath() + ".xml";
  ASSERT_EQ(renkei("links export --format xml --output " + exported + config()).status, 0);
  const CliRun again = renkei("links import " + exported + config());
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find(exported + ":3: skipped (duplicate)"), std::string::npos) << again.out;

  const std::string evil = broker_->dbPath() + ".evil.xml";
  std::ofstream(evil) << "<?xml version=\"1.0\"?>\n<!DOCTYPE links [<!ENTITY x SYSTEM "
                         "\"file:///etc/passwd\">]>\n<links xmlns=\"urn:renkei:config:v1\"/>\n";
  const CliRun refused = renkei("links import " + evil + config());
  EXPECT_EQ(refused.status, 1) << refused.out;
  EXPECT_NE(refused.out.find(evil + ":"), std::string::npos) << refused.out;
}

}  // namespace
}  // namespace renkei::testing
