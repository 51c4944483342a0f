// `renkei-file send` against a real `renkei serve` and two subscribers: a CP932 file with two
// bad records and two 外字 becomes one 通知 per good record, each delivered once to each
// subscriber; the reject file names the bad ones; the same file again is skipped; and an
// adapter killed with SIGKILL mid-file resumes with nothing lost and nothing twice.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "adapters/file/layout.h"
#include "adapters/file/record_envelope.h"
#include "broker/audit/audit_hash.h"
#include "broker/store/sqlite_connection.h"
#include "broker/store/sqlite_store.h"
#include "tests/adapters/file/adapter_broker.h"
#include "tests/adapters/file/file_fixture.h"
#include "tests/integration/support/notify_setup.h"

namespace renkei::file {
namespace {

using renkei::testing::eventually;
using renkei::testing::NotifyBroker;
using renkei::testing::ReceiverProcess;
using renkei::testing::TempDir;
using testing::adapterConfig;
using testing::cp932File;
using testing::layoutPath;
using testing::sorted;

struct SendRun {
  int exit_code = -1;
  std::string out;
};

class FileSendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    layout_ = readLayoutFile(layoutPath("juki-ido.xml"));
    kokuho_ = std::make_unique<ReceiverProcess>(dir_, "kokuho");
    juminzei_ = std::make_unique<ReceiverProcess>(dir_, "juminzei");
    broker_ = std::make_unique<NotifyBroker>(
        dir_, adapterConfig(dir_, {{"062022/kokuho", kokuho_->url()},
                                   {"062022/juminzei", juminzei_->url()}}));
  }

  std::vector<std::string> sendArgs(const std::string& file,
                                    const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args = {std::string(RENKEI_BINARY_DIR) + "/adapters/file/renkei-file",
                                     "send",
                                     file,
                                     "--layout",
                                     layoutPath("juki-ido.xml"),
                                     "--gaiji",
                                     layoutPath("gaiji-yonezawa.txt"),
                                     "--broker",
                                     brokerBase(),
                                     "--unit",
                                     "062022/juki-batch",
                                     "--state",
                                     std::string(dir_) + "/file-state.db",
                                     "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  std::string brokerBase() const {
    const std::string url = broker_->url();  // .../services/JuminIdoTsuchi
    return url.substr(0, url.rfind('/'));
  }

  SendRun run(const std::vector<std::string>& args) const {
    const std::string out_path = std::string(dir_) + "/send.out";
    std::ofstream(std::string(dir_) + "/send.err", std::ios::trunc);  // spawn appends to it
    const int fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = renkei::testing::spawn(args, fd, std::string(dir_) + "/send.err");
    close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1,
            renkei::testing::readTextFile(out_path) +
                renkei::testing::readTextFile(std::string(dir_) + "/send.err")};
  }

  std::string writeFile(const std::string& name, const std::string& bytes) const {
    const std::string path = std::string(dir_) + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  // MessageIds of the records expected at every subscriber, in file order.
  std::vector<std::string> expectedIds(const std::string& bytes, int records,
                                       const std::set<int>& bad) const {
    std::vector<std::string> ids;
    for (int n = 1; n <= records; ++n) {
      if (!bad.count(n)) ids.push_back(recordMessageId(sha256Hex(bytes), n));
    }
    return ids;
  }

  std::multiset<std::string> acceptedPosts() const {
    return testing::acceptedPosts(broker_->dbPath());
  }

  TempDir dir_;
  Layout layout_;
  std::unique_ptr<ReceiverProcess> kokuho_, juminzei_;
  std::unique_ptr<NotifyBroker> broker_;
};

TEST_F(FileSendTest, GoodRecordsBecomeOneNotificationEachBadOnesGoToTheRejectFile) {
  const std::string bytes = cp932File(layout_, 12, {4}, {9});
  const std::string file = writeFile("ido-20240603.dat", bytes);
  const std::string metrics = std::string(dir_) + "/renkei-file.prom";
  const SendRun first = run(sendArgs(file, {"--metrics", metrics}));
  EXPECT_EQ(first.exit_code, 2) << first.out << broker_->stderrText();
  EXPECT_NE(first.out.find("sent      10"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("rejected  2"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("warnings  1"), std::string::npos) << first.out;
  const std::string prom = renkei::testing::readTextFile(metrics);
  EXPECT_NE(prom.find("layout=\"juki-ido\",outcome=\"sent\"} 10\n"), std::string::npos) << prom;
  EXPECT_NE(prom.find("outcome=\"rejected\"} 2\n"), std::string::npos) << prom;
  EXPECT_NE(prom.find("renkei_file_finished{"), std::string::npos) << prom;
  EXPECT_NE(prom.find("} 1\n# HELP renkei_file_progress"), std::string::npos) << prom;

  const std::vector<std::string> expected = expectedIds(bytes, 12, {4, 9});
  ASSERT_TRUE(eventually([&] {
    return kokuho_->received().size() >= 10 && juminzei_->received().size() >= 10;
  })) << broker_->stderrText();
  // Each subscriber gets every good record once (one subject per record: any order would do).
  EXPECT_EQ(sorted(kokuho_->received()), sorted(expected));
  EXPECT_EQ(sorted(juminzei_->received()), sorted(expected));
  EXPECT_EQ(acceptedPosts().size(), 10u);

  const std::string rejects = renkei::testing::readTextFile(file + ".rejects.tsv");
  EXPECT_NE(rejects.find("4\t4\t966\t-\terror\tthe record has 300 bytes, the layout juki-ido "
                         "wants 320\n"),
            std::string::npos)
      << rejects;
  // Record 9 starts after 8 records of 322 bytes; 異動年月日 is at byte 33 of the record.
  EXPECT_NE(rejects.find("9\t9\t" + std::to_string(8 * 322 - 20 + 33) +
                         "\tIdoDate\terror\t平成31年5月1日 (2019-05-01) is after 平成 ended"),
            std::string::npos)
      << rejects;
  EXPECT_NE(rejects.find("5\t5\t" + std::to_string(4 * 322 - 20 + 48 + 2) +
                         "\tShimei\twarning\t外字 F1 9F has no entry in the 外字 table: kept as "
                         "U+E11A"),
            std::string::npos)
      << rejects;
  EXPECT_EQ(rejects.find("\n3\t"), std::string::npos) << "a 外字 in the table is no problem";

  // The same file again: skipped as done, nothing posted.
  const SendRun again = run(sendArgs(file));
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("already sent"), std::string::npos) << again.out;
  EXPECT_EQ(acceptedPosts().size(), 10u);
}

TEST_F(FileSendTest, KilledMidFileResumesWithExactlyTheUnsentRecordsWithoutLossOrDuplicates) {
  const int records = 40;
  const int window = 4;
  const std::string bytes = cp932File(layout_, records, {7}, {30});
  const std::string file = writeFile("ido-20240604.dat", bytes);

  std::vector<std::string> args =
      sendArgs(file, {"--pace-ms", "40", "--window", std::to_string(window)});
  const int out_fd = open((std::string(dir_) + "/killed.out").c_str(), O_WRONLY | O_CREAT, 0644);
  pid_t adapter = renkei::testing::spawn(args, out_fd, std::string(dir_) + "/killed.err");
  close(out_fd);
  ASSERT_TRUE(eventually([&] { return kokuho_->received().size() >= 10; }))
      << broker_->stderrText();
  renkei::testing::stopProcess(adapter, SIGKILL);
  const size_t before_resume = kokuho_->received().size();
  ASSERT_LT(before_resume, 38u) << "the adapter finished before it was killed";

  // Widen the crash window on purpose: forget an outcome in the middle of the records done, as
  // if its answer had come after later ones (several in flight) and the adapter died before
  // writing it. A resume from the highest record done would lose it.
  {
    SqliteConnection state(std::string(dir_) + "/file-state.db");
    state.exec("DELETE FROM sent_records WHERE record = 3", "forgetting record 3's outcome");
  }

  const SendRun resumed = run(sendArgs(file));
  EXPECT_EQ(resumed.exit_code, 2) << resumed.out;
  EXPECT_NE(resumed.out.find("resuming"), std::string::npos) << resumed.out;
  // At least the forgotten record (and the one in flight at the kill, if any) was recognised.
  EXPECT_NE(resumed.out.find("already accepted before a crash"), std::string::npos) << resumed.out;
  EXPECT_NE(resumed.out.find("sent      38"), std::string::npos) << resumed.out;
  {
    SqliteConnection state(std::string(dir_) + "/file-state.db");
    SqliteStatement count(state, "SELECT count(*) FROM sent_records WHERE record = 3");
    count.step("counting");
    EXPECT_EQ(count.columnInt(0), 1) << "record 3's outcome is written on the resumed run";
  }

  const std::vector<std::string> expected = expectedIds(bytes, records, {7, 30});
  ASSERT_TRUE(eventually([&] {
    return kokuho_->received().size() >= 38 && juminzei_->received().size() >= 38;
  })) << broker_->stderrText();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a late duplicate would show
  EXPECT_EQ(sorted(kokuho_->received()), sorted(expected));
  EXPECT_EQ(sorted(juminzei_->received()), sorted(expected));
  const std::multiset<std::string> posts = acceptedPosts();
  EXPECT_EQ(posts.size(), 38u);
  // The resumed run sent only the records without an outcome: the forgotten record and those
  // in flight at the kill (at most the window) met the broker's replay memory, none of the
  // records done after record 3.
  int duplicates = 0;
  SqliteStore(broker_->dbPath()).forEachAudit([&](const AuditRecord& r) {
    duplicates += r.sender == "062022/juki-batch" && r.fault_code == "Client.DuplicateMessage";
    return true;
  });
  EXPECT_GE(duplicates, 1);
  EXPECT_LE(duplicates, 1 + window);
  EXPECT_EQ(std::set<std::string>(posts.begin(), posts.end()).size(), 38u);
}

TEST_F(FileSendTest, ABrokerRefusingTheAdapterStopsTheRunResumablyInsteadOfRejectingRecords) {
  const std::string bytes = cp932File(layout_, 3, {}, {});
  const std::string file = writeFile("ido-20240605.dat", bytes);
  // 062022/kikan is a unit, but holds no subscription link for the topic.
  std::vector<std::string> args = sendArgs(file);
  *std::find(args.begin(), args.end(), "062022/juki-batch") = "062022/kikan";
  const SendRun refused = run(args);
  EXPECT_EQ(refused.exit_code, 3) << refused.out;
  // The three records went out at once (the window); the first refusal is reported, once.
  const std::string refusal = ": the broker refuses the adapter: Client.LinkNotRegistered";
  const size_t reported = refused.out.find(refusal);
  EXPECT_NE(reported, std::string::npos) << refused.out;
  EXPECT_EQ(refused.out.find(refusal, reported + 1), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("rejected  0"), std::string::npos) << refused.out;

  // Once the registry is right (here: the right unit), the same file goes out whole.
  const SendRun fixed = run(sendArgs(file));
  EXPECT_EQ(fixed.exit_code, 0) << fixed.out;
  EXPECT_NE(fixed.out.find("sent      3"), std::string::npos) << fixed.out;
  EXPECT_EQ(fixed.out.find("resum"), std::string::npos) << "nothing was recorded for record 1";
}

}  // namespace
}  // namespace renkei::file
