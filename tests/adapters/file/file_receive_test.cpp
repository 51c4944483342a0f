// `renkei-file receive` as a real subscriber of a real `renkei serve`: the 通知 a CP932 file
// became come back as CP932 files in the same layout, rotated by count and by age, never
// visible half-written; a name CP932 cannot hold is reported, not written altered.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "adapters/file/gaiji_table.h"
#include "adapters/file/layout.h"
#include "adapters/file/record_decoder.h"
#include "adapters/file/record_splitter.h"
#include "tests/adapters/file/file_fixture.h"
#include "tests/integration/support/notify_setup.h"

namespace renkei::file {
namespace {

namespace fs = std::filesystem;
using renkei::testing::eventually;
using renkei::testing::readTextFile;
using testing::encoded;
using testing::encodeWith;
using testing::jukiIdo;
using testing::layoutPath;
using testing::recordOf;

// `renkei-file receive` on a free port, until the test ends.
class FileReceiverProcess {
 public:
  FileReceiverProcess(const std::string& dir, const std::string& out_dir) {
    const std::vector<std::string> args = {
        std::string(RENKEI_BINARY_DIR) + "/adapters/file/renkei-file",
        "receive",
        "--layout",
        layoutPath("juki-ido.xml"),
        "--gaiji",
        layoutPath("gaiji-yonezawa.txt"),
        "--out",
        out_dir,
        "--rotate-records",
        "5",
        "--rotate-seconds",
        "2"};
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = renkei::testing::spawn(args, out[1], dir + "/receive.err");
    close(out[1]);
    const std::string line = renkei::testing::firstLine(out[0]);
    close(out[0]);
    const std::string marker = "listening on ";
    if (line.rfind(marker, 0) != 0) throw std::runtime_error("receive did not start: " + line);
    url_ = line.substr(marker.size(), line.find(' ', marker.size()) - marker.size());
  }
  ~FileReceiverProcess() { renkei::testing::stopProcess(pid_, SIGKILL); }
  const std::string& url() const { return url_; }

 private:
  pid_t pid_ = -1;
  std::string url_;
};

std::vector<fs::path> publishedFiles(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name[0] != '.' && name.size() > 4 && name.substr(name.size() - 4) == ".dat") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(FileReceiveTest, NotificationsBecomeRotatedFilesInTheLayoutNeverSeenHalfWritten) {
  const renkei::testing::TempDir dir;
  const std::string out_dir = std::string(dir) + "/out";
  const Layout layout = readLayoutFile(layoutPath("juki-ido.xml"));
  const GaijiTable gaiji = GaijiTable::read(layoutPath("gaiji-yonezawa.txt"));
  FileReceiverProcess receiver(dir, out_dir);
  renkei::testing::ReceiverProcess juminzei(dir, "juminzei");
  std::string config = renkei::testing::notifyConfigText(
      dir, {{"062022/kokuho", receiver.url()}, {"062022/juminzei", juminzei.url()}},
      R"(<notifications maxAttempts="5" retryBaseMs="100" retryMaxMs="400" pollMs="50"/>)");
  renkei::testing::NotifyBroker broker(dir, config);

  // Watch the directory the whole time: every visible file is whole records.
  std::atomic<bool> watching{true};
  std::atomic<int> torn{0};
  std::thread watcher([&] {
    while (watching) {
      std::error_code ignored;
      if (fs::exists(out_dir, ignored)) {
        for (const fs::path& f : publishedFiles(out_dir)) {
          const auto size = fs::file_size(f, ignored);
          if (!ignored && (size == 0 || size % 322 != 0)) ++torn;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });

  // Twelve 通知 posted by 住基 (one with 𠮷 from the 外字 table, full-width カナ so the text
  // reads back the same), then one whose name CP932 cannot hold (鷗, JIS X 0213 only).
  renkei::testing::SoapClient client;
  std::map<std::string, std::string> sent_names;
  for (int n = 1; n <= 12; ++n) {
    char atena[16];
    std::snprintf(atena, sizeof atena, "%015d", 200 + n);
    std::string body = renkei::testing::notification(atena);
    const std::string name = n == 3 ? "𠮷田　花子" : "直江　健";
    body = renkei::testing::withElementText(body, "Shimei", name);
    ASSERT_EQ(client.postAsIs(broker.url(), body).status, 200) << broker.stderrText();
    sent_names[atena] = name;
  }
  std::string ogai = renkei::testing::notification("000000000000299");
  ogai = renkei::testing::withElementText(ogai, "Shimei", "森　鷗外");
  ASSERT_EQ(client.postAsIs(broker.url(), ogai).status, 200);

  ASSERT_TRUE(eventually([&] { return juminzei.received().size() == 13; }));
  // Count rotation gives files of 5; the last 2 records are published by age (2 s).
  std::map<std::string, std::string> written;
  ASSERT_TRUE(eventually([&] {
    size_t records = 0;
    for (const fs::path& f : publishedFiles(out_dir)) records += fs::file_size(f) / 322;
    return records == 12;
  })) << readTextFile(std::string(dir) + "/receive.err");
  watching = false;
  watcher.join();
  EXPECT_EQ(torn, 0) << "a visible file held a partial record";

  for (const fs::path& f : publishedFiles(out_dir)) {
    const std::string bytes = readTextFile(f.string());
    EXPECT_LE(bytes.size() / 322, 5u) << f;
    RecordSplitter splitter(bytes, layout);
    for (RawRecord raw; splitter.next(&raw);) {
      const DecodedRecord r = decodeRecord(raw.bytes, raw.offset, layout, gaiji);
      ASSERT_TRUE(r.ok()) << f << " record " << raw.number << ": " << r.firstError()->reason;
      EXPECT_TRUE(r.issues.empty());
      written[r.values[0]] = r.values[5];    // AtenaNo -> Shimei
      EXPECT_EQ(r.values[3], "2023-03-15");  // 異動日, as 和暦 in the file and back
    }
  }
  EXPECT_EQ(written, sent_names);
  // 𠮷 went out as the vendor's F040 again.
  bool gaiji_bytes = false;
  for (const fs::path& f : publishedFiles(out_dir)) {
    gaiji_bytes |= readTextFile(f.string()).find("\xF0\x40") != std::string::npos;
  }
  EXPECT_TRUE(gaiji_bytes);
  const std::string rejects = readTextFile(out_dir + "/rejects.tsv");
  EXPECT_NE(rejects.find("Shimei\terror\tMessageId "), std::string::npos) << rejects;
  EXPECT_NE(rejects.find("鷗 (U+9DD7) cannot be written in CP932"), std::string::npos) << rejects;
  EXPECT_EQ(written.count("000000000000299"), 0u);
}

}  // namespace
}  // namespace renkei::file
