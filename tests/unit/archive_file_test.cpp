// The archive on disk: one file per JST day, one line per record, read back by the same
// reader the CLI uses; failures counted and logged once per kind, never thrown at the caller.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "broker/archive/archive_cipher.h"
#include "broker/archive/archive_day.h"
#include "broker/archive/archive_reader.h"
#include "broker/archive/file_archive.h"
#include "broker/core/japan_date.h"
#include "tests/unit/store_test_support.h"

namespace renkei::archive {
namespace {

using testing::TempDir;

ArchiveKey testKey() {
  std::array<unsigned char, ArchiveKey::kBytes> bytes{};
  bytes.fill(42);
  return ArchiveKey::fromBytes(bytes);
}

ArchiveMeta metaAt(const std::string& time, const std::string& message_id) {
  ArchiveMeta meta;
  meta.time = time;
  meta.message_id = message_id;
  meta.sender = "062022/kokuho";
  meta.receiver = "062022/juki";
  meta.service = "IdoJohoShokai:1";
  meta.outcome = "routed";
  return meta;
}

std::vector<ArchiveLine> linesOf(const std::string& path) {
  std::vector<ArchiveLine> lines;
  forEachArchiveLine(path, [&](const ArchiveLine& line) {
    lines.push_back(line);
    return true;
  });
  return lines;
}

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ArchiveDay, FilesAreCutAtMidnightInJapan) {
  EXPECT_EQ(recordDayOf("2026-11-30T14:59:59.999Z"), "2026-11-30");
  EXPECT_EQ(recordDayOf("2026-11-30T15:00:00.000Z"), "2026-12-01");
  EXPECT_EQ(recordDayOf("2026-12-31T15:00:00.000Z"), "2027-01-01");
  EXPECT_FALSE(recordDayOf("yesterday"));
  EXPECT_FALSE(recordDayOf("2026-13-01T00:00:00Z"));
  EXPECT_TRUE(isArchiveDate(jstDateToday()));
  EXPECT_FALSE(isArchiveDate("2026-12-1"));
  EXPECT_EQ(parseArchiveReference("2026-12-01:7")->number, 7);
  EXPECT_FALSE(parseArchiveReference("6f1c1a52-3f7d-4c1e-9b0e-0d3b5e2a9c11"));
  EXPECT_FALSE(parseArchiveReference("2026-12-01:0"));
}

TEST(FileArchive, AppendsOneLinePerRecordToTheDaysFileReadableWithTheKey) {
  TempDir tmp;
  const std::string dir = tmp.file("archive");
  std::ostringstream log;
  FileArchive archive(dir, testKey(), "broker1:8080", log);
  struct stat st {};
  ASSERT_EQ(stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u) << "created for the broker's user only";
  ASSERT_EQ(stat((dir + "/" + archiveFileName(jstDateToday())).c_str(), &st), 0)
      << "today's file is opened at start";
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  archive.keep(metaAt("2026-11-30T15:00:00.000Z", "m-1"), "request one", "response one");
  archive.keep(metaAt("2026-11-30T15:00:01.000Z", "m-2"), "request two", "");
  archive.keep(metaAt("2026-11-30T14:59:00.000Z", "m-0"), "late", "record");
  EXPECT_EQ(archive.recordsWritten(), 3u);
  EXPECT_EQ(archive.recordsLost(), 0u);
  EXPECT_EQ(log.str(), "");

  const auto files = archiveFiles(dir);
  ASSERT_GE(files.size(), 2u);
  EXPECT_EQ(archiveFiles(dir, "2026-11-30").size(), 1u);
  const auto day = linesOf(dir + "/2026-12-01.rka");
  ASSERT_EQ(day.size(), 2u);
  ASSERT_TRUE(day[1].record) << day[1].error;
  EXPECT_EQ(day[1].reference(), "2026-12-01:2");
  EXPECT_EQ(day[1].record->meta.message_id, "m-2");
  EXPECT_EQ(day[1].record->meta.instance_id, "broker1:8080");
  const auto opened = unseal(testKey(), *day[0].record);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->request, "request one");
  EXPECT_EQ(opened->response, "response one");
  EXPECT_EQ(readAll(dir + "/2026-12-01.rka").find("request one"), std::string::npos);
}

TEST(FileArchive, ARecordTornByACrashSpoilsOnlyItself) {
  TempDir tmp;
  const std::string dir = tmp.file("archive");
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/" + archiveFileName(jstDateToday());
  std::ofstream(path, std::ios::binary) << "{\"format\":1,\"time\":\"2026-";  // no newline
  std::ostringstream log;
  {
    FileArchive archive(dir, testKey(), "b", log);
    ArchiveMeta meta = metaAt("2026-01-01T00:00:00.000Z", "after-crash");
    meta.time = "";  // a time the day cannot be read from goes to today's file
    archive.keep(meta, "body", "answer");
  }
  const auto lines = linesOf(path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_FALSE(lines[0].record);
  EXPECT_FALSE(lines[0].error.empty());
  ASSERT_TRUE(lines[1].record) << lines[1].error;
  EXPECT_EQ(lines[1].record->meta.message_id, "after-crash");
}

TEST(FileArchive, FailuresAreLoggedOncePerKindCountedAndNeverThrown) {
  TempDir tmp;
  const std::string dir = tmp.file("archive");
  std::ostringstream log;
  FileArchive archive(dir, testKey(), "b", log);
  // A day whose file cannot be opened (a directory is in its place), and a day whose file
  // cannot be written (the disk is full).
  std::filesystem::create_directories(dir + "/2020-01-01.rka");
  std::filesystem::create_symlink("/dev/full", dir + "/2020-01-02.rka");

  archive.keep(metaAt("2019-12-31T16:00:00.000Z", "o-1"), "a", "b");
  archive.keep(metaAt("2019-12-31T16:00:01.000Z", "o-2"), "a", "b");
  archive.keep(metaAt("2020-01-01T16:00:00.000Z", "w-1"), "a", "b");
  archive.keep(metaAt("2020-01-01T16:00:01.000Z", "w-2"), "a", "b");
  EXPECT_EQ(archive.recordsLost(), 4u);
  EXPECT_EQ(archive.recordsWritten(), 0u);
  const std::string failing = log.str();
  EXPECT_NE(failing.find("cannot open the day's file"), std::string::npos) << failing;
  EXPECT_NE(failing.find("2020-01-01.rka"), std::string::npos) << failing;
  EXPECT_NE(failing.find("cannot write a record"), std::string::npos) << failing;
  EXPECT_NE(failing.find("2020-01-02.rka"), std::string::npos) << failing;
  EXPECT_EQ(std::count(failing.begin(), failing.end(), '\n'), 2) << "once per kind:\n" << failing;

  archive.keep(metaAt("2026-11-30T15:00:00.000Z", "ok"), "a", "b");
  EXPECT_EQ(archive.recordsWritten(), 1u);
  EXPECT_NE(log.str().find("writing again; 4 exchange(s) were not archived"), std::string::npos)
      << log.str();
}

TEST(FileArchive, ADirectoryThatCannotBeMadeStopsTheStart) {
  TempDir tmp;
  std::ofstream(tmp.file("plain-file")) << "x";
  std::ostringstream log;
  try {
    FileArchive archive(tmp.file("plain-file") + "/archive", testKey(), "b", log);
    FAIL() << "an archive under a plain file was accepted";
  } catch (const ArchiveError& e) {
    EXPECT_NE(std::string(e.what()).find(tmp.file("plain-file")), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace renkei::archive
