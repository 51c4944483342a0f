#include "adapters/file/send_state.h"

#include <ctime>

#include "broker/core/utc_timestamp.h"
#include "broker/store/sqlite_connection.h"

namespace renkei::file {

SendState::SendState(const std::string& path) : db_(std::make_unique<SqliteConnection>(path)) {
  db_->exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
      "CREATE TABLE IF NOT EXISTS sent_files ("
      "  digest TEXT PRIMARY KEY, path TEXT NOT NULL, layout TEXT NOT NULL,"
      "  records INTEGER NOT NULL, started_at TEXT NOT NULL, finished_at TEXT);"
      "CREATE TABLE IF NOT EXISTS sent_records ("
      "  digest TEXT NOT NULL, record INTEGER NOT NULL, outcome TEXT NOT NULL,"
      "  message_id TEXT NOT NULL, detail TEXT NOT NULL, at TEXT NOT NULL,"
      "  PRIMARY KEY (digest, record));",
      "opening the send state");
}

SendState::~SendState() = default;

FileProgress SendState::begin(const std::string& digest, const std::string& path,
                              const std::string& layout, size_t records) {
  SqliteStatement insert(*db_,
                         "INSERT OR IGNORE INTO sent_files (digest, path, layout, records, "
                         "started_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, digest);
  insert.bind(2, path);
  insert.bind(3, layout);
  insert.bind(4, static_cast<int64_t>(records));
  insert.bind(5, utcTimestampNow());
  insert.step("registering the file");

  FileProgress progress;
  SqliteStatement file(*db_, "SELECT finished_at FROM sent_files WHERE digest = ?1");
  file.bind(1, digest);
  if (file.step("reading the file's state") && !file.columnIsNull(0)) {
    progress.finished = true;
    progress.finished_at = file.columnText(0);
  }
  SqliteStatement done(*db_, "SELECT record, outcome FROM sent_records WHERE digest = ?1");
  done.bind(1, digest);
  progress.done.assign(records + 1, false);
  while (done.step("reading the records done")) {
    const int64_t number = done.columnInt(0);
    if (number < 1 || static_cast<size_t>(number) > records) continue;
    progress.done[static_cast<size_t>(number)] = true;
    (done.columnText(1) == "sent" ? progress.sent : progress.rejected) += 1;
  }
  while (progress.next_record <= records && progress.done[progress.next_record]) {
    ++progress.next_record;
  }
  return progress;
}

void SendState::record(const std::string& digest, size_t number, const std::string& outcome,
                       const std::string& message_id, const std::string& detail) {
  StatementUse insert(
      db_->cached("INSERT INTO sent_records (digest, record, outcome, message_id, detail, at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  insert->bind(1, digest);
  insert->bind(2, static_cast<int64_t>(number));
  insert->bind(3, outcome);
  insert->bind(4, message_id);
  insert->bind(5, detail);
  insert->bind(6, utcTimestampNow());
  insert->step("recording a record's outcome");
}

void SendState::beginBatch() { db_->exec("BEGIN IMMEDIATE", "starting a batch of outcomes"); }

void SendState::commitBatch() { db_->exec("COMMIT", "writing a batch of outcomes"); }

void SendState::finish(const std::string& digest) {
  SqliteStatement update(*db_, "UPDATE sent_files SET finished_at = ?2 WHERE digest = ?1");
  update.bind(1, digest);
  update.bind(2, utcTimestampNow());
  update.step("marking the file done");
}

}  // namespace renkei::file
