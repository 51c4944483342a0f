// `renkei-file watch --dir D` against a real `renkei serve` and two subscribers: files that
// appear complete in D (renamed in, or written and closed) are each sent once and moved to
// done/ or failed/ with their reject file; a watcher killed with SIGKILL mid-file and started
// again sends the file left in D to the end with nothing lost and nothing twice.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "adapters/file/layout.h"
#include "adapters/file/record_envelope.h"
#include "broker/audit/audit_hash.h"
#include "tests/adapters/file/adapter_broker.h"
#include "tests/adapters/file/file_fixture.h"
#include "tests/integration/support/notify_setup.h"

namespace renkei::file {
namespace {

namespace fs = std::filesystem;
using renkei::testing::eventually;
using renkei::testing::NotifyBroker;
using renkei::testing::ReceiverProcess;
using renkei::testing::TempDir;
using testing::acceptedPosts;
using testing::adapterConfig;
using testing::cp932File;
using testing::layoutPath;
using testing::sorted;

class FileWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    layout_ = readLayoutFile(layoutPath("juki-ido.xml"));
    kokuho_ = std::make_unique<ReceiverProcess>(dir_, "kokuho");
    juminzei_ = std::make_unique<ReceiverProcess>(dir_, "juminzei");
    broker_ = std::make_unique<NotifyBroker>(
        dir_, adapterConfig(dir_, {{"062022/kokuho", kokuho_->url()},
                                   {"062022/juminzei", juminzei_->url()}}));
    inbox_ = std::string(dir_) + "/inbox";
    fs::create_directories(inbox_);
  }

  void TearDown() override {
    if (watcher_ > 0) renkei::testing::stopProcess(watcher_, SIGKILL);
  }

  pid_t startWatcher(const std::vector<std::string>& extra = {}) {
    const std::string url = broker_->url();  // .../services/JuminIdoTsuchi
    std::vector<std::string> args = {std::string(RENKEI_BINARY_DIR) + "/adapters/file/renkei-file",
                                     "watch",
                                     "--dir",
                                     inbox_,
                                     "--layout",
                                     layoutPath("juki-ido.xml"),
                                     "--gaiji",
                                     layoutPath("gaiji-yonezawa.txt"),
                                     "--broker",
                                     url.substr(0, url.rfind('/')),
                                     "--unit",
                                     "062022/juki-batch",
                                     "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    const int fd =
        open((std::string(dir_) + "/watch.out").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    const pid_t pid = renkei::testing::spawn(args, fd, std::string(dir_) + "/watch.err");
    close(fd);
    return pid;
  }

  // What the watcher wrote so far (its files may not exist yet right after the start).
  std::string log() const {
    std::string text;
    for (const char* name : {"/watch.out", "/watch.err"}) {
      std::ifstream in(std::string(dir_) + name);
      text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return text;
  }

  // Written under a dot name and renamed in: how a careful sender publishes a file.
  void renameIn(const std::string& name, const std::string& bytes) const {
    const std::string hidden = inbox_ + "/." + name + ".part";
    std::ofstream(hidden, std::ios::binary) << bytes;
    fs::rename(hidden, inbox_ + "/" + name);
  }

  std::vector<std::string> expectedIds(const std::string& bytes, int records,
                                       const std::set<int>& bad) const {
    std::vector<std::string> ids;
    for (int n = 1; n <= records; ++n) {
      if (!bad.count(n)) ids.push_back(recordMessageId(sha256Hex(bytes), n));
    }
    return ids;
  }

  TempDir dir_;
  std::string inbox_;
  Layout layout_;
  pid_t watcher_ = -1;
  std::unique_ptr<ReceiverProcess> kokuho_, juminzei_;
  std::unique_ptr<NotifyBroker> broker_;
};

TEST_F(FileWatchTest, FilesAppearingCompleteAreSentOnceAndMovedWithTheirRejects) {
  watcher_ = startWatcher();
  ASSERT_TRUE(eventually([&] { return log().find("watching") != std::string::npos; })) << log();

  // Three different files (different bytes, different SHA-256); record 2 of the third is cut.
  const std::string first = cp932File(layout_, 4, {}, {});
  const std::string second = cp932File(layout_, 3, {}, {});
  const std::string third = cp932File(layout_, 4, {2}, {});
  renameIn("ido-1.dat", first);
  std::ofstream(inbox_ + "/ido-2.dat", std::ios::binary) << second;  // written, then closed
  renameIn("ido-3.dat", third);

  ASSERT_TRUE(eventually([&] {
    return fs::exists(inbox_ + "/done/ido-1.dat") && fs::exists(inbox_ + "/done/ido-2.dat") &&
           fs::exists(inbox_ + "/failed/ido-3.dat");
  })) << log();
  EXPECT_FALSE(fs::exists(inbox_ + "/ido-1.dat"));
  EXPECT_TRUE(fs::exists(inbox_ + "/failed/ido-3.dat.rejects.tsv")) << log();
  EXPECT_NE(renkei::testing::readTextFile(inbox_ + "/failed/ido-3.dat.rejects.tsv")
                .find("the record has 300 bytes"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(inbox_ + "/done/ido-1.dat.rejects.tsv")) << "nothing rejected";

  // 4 + 3 + 3 good records, each once at each subscriber.
  std::vector<std::string> expected = expectedIds(first, 4, {});
  for (int n = 1; n <= 3; ++n) expected.push_back(recordMessageId(sha256Hex(second), n));
  for (const std::string& id : expectedIds(third, 4, {2})) expected.push_back(id);
  ASSERT_TRUE(eventually([&] {
    return kokuho_->received().size() >= 10 && juminzei_->received().size() >= 10;
  })) << broker_->stderrText();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a late duplicate would show
  EXPECT_EQ(sorted(kokuho_->received()), sorted(expected));
  EXPECT_EQ(sorted(juminzei_->received()), sorted(expected));
  EXPECT_EQ(acceptedPosts(broker_->dbPath()).size(), 10u);
}

TEST_F(FileWatchTest, KilledMidFileAndStartedAgainSendsTheRestWithoutLossOrDuplicates) {
  const int records = 40;
  const std::string bytes = cp932File(layout_, records, {}, {});
  watcher_ = startWatcher({"--pace-ms", "40", "--window", "4"});
  ASSERT_TRUE(eventually([&] { return log().find("watching") != std::string::npos; })) << log();
  renameIn("ido-night.dat", bytes);
  ASSERT_TRUE(eventually([&] { return kokuho_->received().size() >= 10; }))
      << broker_->stderrText() << log();
  renkei::testing::stopProcess(watcher_, SIGKILL);
  ASSERT_TRUE(fs::exists(inbox_ + "/ido-night.dat")) << "the file stays until it is sent";
  ASSERT_LT(kokuho_->received().size(), static_cast<size_t>(records)) << "killed too late";

  // Started again: the file left in the directory is sent on start, from where it stopped.
  pid_t again = startWatcher({"--once"});
  int status = 0;
  waitpid(again, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << log();
  EXPECT_TRUE(fs::exists(inbox_ + "/done/ido-night.dat")) << log();
  EXPECT_NE(log().find("resuming"), std::string::npos) << log();

  const std::vector<std::string> expected = expectedIds(bytes, records, {});
  ASSERT_TRUE(eventually([&] {
    return kokuho_->received().size() >= 40 && juminzei_->received().size() >= 40;
  })) << broker_->stderrText();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(sorted(kokuho_->received()), sorted(expected));
  EXPECT_EQ(sorted(juminzei_->received()), sorted(expected));
  const std::multiset<std::string> posts = acceptedPosts(broker_->dbPath());
  EXPECT_EQ(posts.size(), 40u);
  EXPECT_EQ(std::set<std::string>(posts.begin(), posts.end()).size(), 40u);
}

}  // namespace
}  // namespace renkei::file
