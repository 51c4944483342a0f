// The encrypted archive of message bodies (issue 9, <archive>): a real broker archives each
// exchange, the real `renkei archive` commands read it back byte-exact with the key and refuse
// a wrong key or a changed byte, and nothing of a body — not even a 個人番号 — is on disk in
// clear.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "broker/archive/archive_day.h"
#include "broker/core/japan_date.h"
#include "broker/core/my_number.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

constexpr const char* kAtenaNo = "000000000987654";
constexpr const char* kMyNumber = "123456789018";  // check digit valid

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/renkei-archive-XXXXXX";
    dir_ = mkdtemp(tmpl);
    // The key as an operator makes it: the real command.
    const CommandOutput keygen = runRenkeiCommand("archive keygen --out " + keyPath());
    ASSERT_EQ(keygen.status, 0) << keygen.text;
  }
  void TearDown() override {
    broker_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string keyPath() const { return dir_ + "/archive.key"; }
  std::string archiveDir() const { return dir_ + "/archive"; }
  std::string todayFile() const {
    return archiveDir() + "/" + archive::archiveFileName(jstDateToday());
  }
  BrokerSetup setup() const {
    BrokerSetup setup{{{"062022/juki", juki_.url()}}};
    setup.config_edits = {{"  <admin ", "  <archive dir=\"" + archiveDir() + "\" keyFile=\"" +
                                            keyPath() + "\"/>\n  <admin "}};
    return setup;
  }
  void startBroker() { broker_ = std::make_unique<RunningBroker>(setup()); }
  CommandOutput archiveCommand(const std::string& args) {
    return runRenkeiCommand("archive " + args + " --config " + broker_->configPath());
  }

  UnitProcess juki_{"unit_juki"};
  std::string dir_;
  std::unique_ptr<RunningBroker> broker_;
  SoapClient client_;
};

TEST_F(ArchiveTest, ARoutedExchangeComesBackByteExactAndIsNotOnDiskInClear) {
  startBroker();
  const std::string message =
      withElementText(trafficFile("ido-joho-shokai.kokuho-to-juki.xml"), "AtenaNo", kAtenaNo);
  const std::string id = firstElementText(message, "MessageId");
  const HttpAnswer answer = client_.postAsIs(broker_->url(), message);
  ASSERT_EQ(answer.status, 200) << answer.body.substr(0, 400);

  const CommandOutput request = archiveCommand("show " + id + " --part request");
  ASSERT_EQ(request.status, 0) << request.text;
  EXPECT_EQ(request.text, message) << "the request as received, byte for byte";
  const CommandOutput response = archiveCommand("show " + id + " --part response");
  ASSERT_EQ(response.status, 0) << response.text;
  EXPECT_EQ(response.text, answer.body) << "the response as sent back";

  const CommandOutput shown = archiveCommand("show " + id);
  ASSERT_EQ(shown.status, 0) << shown.text;
  EXPECT_NE(shown.text.find("outcome    routed"), std::string::npos) << shown.text;
  EXPECT_NE(shown.text.find(kAtenaNo), std::string::npos) << shown.text;

  const CommandOutput listed = archiveCommand("list --date " + jstDateToday());
  ASSERT_EQ(listed.status, 0) << listed.text;
  EXPECT_NE(listed.text.find(id), std::string::npos) << listed.text;
  EXPECT_NE(listed.text.find("062022/kokuho"), std::string::npos) << listed.text;
  EXPECT_NE(listed.text.find("1 record(s)"), std::string::npos) << listed.text;

  const std::string on_disk = readTextFile(todayFile());
  EXPECT_NE(on_disk.find(id), std::string::npos) << "identifiers are in clear";
  EXPECT_EQ(on_disk.find(kAtenaNo), std::string::npos) << "the body is in the file in clear";
  EXPECT_EQ(on_disk.find("AtenaNo"), std::string::npos);
  EXPECT_EQ(on_disk.find("Envelope"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(stat(todayFile().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(ArchiveTest, AMyNumberInARefusedBodyIsArchivedButNeverInClear) {
  ASSERT_TRUE(isMyNumber(kMyNumber));
  startBroker();
  // A 個人番号 where the 宛名番号 belongs: refused by the schema, archived all the same.
  const std::string message =
      withElementText(trafficFile("ido-joho-shokai.kokuho-to-juki.xml"), "AtenaNo", kMyNumber);
  const std::string id = firstElementText(message, "MessageId");
  const HttpAnswer answer = client_.postAsIs(broker_->url(), message);
  ASSERT_NE(answer.status, 200);

  const std::string on_disk = readTextFile(todayFile());
  ASSERT_NE(on_disk.find(id), std::string::npos) << "the refused exchange was archived";
  EXPECT_EQ(on_disk.find(kMyNumber), std::string::npos) << "a 個人番号 in clear in the archive";
  const CommandOutput request = archiveCommand("show " + id + " --part request");
  ASSERT_EQ(request.status, 0) << request.text;
  EXPECT_EQ(request.text, message);
  const CommandOutput shown = archiveCommand("show " + id);
  EXPECT_NE(shown.text.find("refused Client.SchemaViolation"), std::string::npos) << shown.text;
}

TEST_F(ArchiveTest, AWrongKeyOrAChangedByteIsAnErrorNamingTheRecordNeverGarbage) {
  startBroker();
  const std::string message = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");
  const std::string id = firstElementText(message, "MessageId");
  ASSERT_EQ(client_.postAsIs(broker_->url(), message).status, 200);

  const std::string other_key = dir_ + "/other.key";
  ASSERT_EQ(runRenkeiCommand("archive keygen --out " + other_key).status, 0);
  const CommandOutput wrong = archiveCommand("show " + id + " --key " + other_key);
  EXPECT_EQ(wrong.status, 1) << wrong.text;
  EXPECT_NE(wrong.text.find("record 1 of " + todayFile() + " fails authentication"),
            std::string::npos)
      << wrong.text;
  EXPECT_EQ(wrong.text.find("Envelope"), std::string::npos) << wrong.text;

  // One changed character of the ciphertext's base64, as an editor would leave it.
  std::string text = readTextFile(todayFile());
  const size_t at = text.find("\"ciphertext\":\"") + 20;
  text[at] = text[at] == 'A' ? 'B' : 'A';
  std::ofstream(todayFile(), std::ios::binary | std::ios::trunc) << text;
  const CommandOutput tampered = archiveCommand("show " + id);
  EXPECT_EQ(tampered.status, 1) << tampered.text;
  EXPECT_NE(tampered.text.find("record 1 of " + todayFile() + " fails authentication"),
            std::string::npos)
      << tampered.text;
  EXPECT_EQ(tampered.text.find("Envelope"), std::string::npos) << tampered.text;
}

TEST_F(ArchiveTest, AKeyOthersCanReadStopsTheStartNamingTheFile) {
  ASSERT_EQ(chmod(keyPath().c_str(), 0644), 0);
  try {
    startBroker();
    FAIL() << "the broker started with a world-readable archive key";
  } catch (const std::exception& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find(keyPath()), std::string::npos) << text;
    EXPECT_NE(text.find("0644"), std::string::npos) << text;
  }
  // The real `renkei serve` says the same and exits 1, before it listens.
  const std::string config = dir_ + "/renkei.xml";
  std::ofstream(config) << brokerConfigText(setup(), dir_);
  const std::string command = "timeout 30 " + std::string(RENKEI_BINARY_DIR) +
                              "/broker/renkei serve --config " + config + " 2>&1";
  CommandOutput out;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.text.append(buf, n);
  out.status = WEXITSTATUS(pclose(pipe));
  EXPECT_EQ(out.status, 1) << out.text;
  EXPECT_NE(out.text.find(keyPath() + ": archive key is accessible to group or others"),
            std::string::npos)
      << out.text;
  EXPECT_EQ(out.text.find("listening"), std::string::npos) << out.text;
}

}  // namespace
}  // namespace renkei::testing
