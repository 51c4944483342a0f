#pragma once
// What `renkei-file send` has done with each file, in SQLite (WAL, synchronous=FULL): one row
// per file by its SHA-256, one row per record handled, written right after the broker's answer.
// Answers arrive out of order (several records in flight), so a run after a crash sends exactly
// the records without a row, not everything after the highest one; a file whose every record
// has one is done: sending it again is skipped.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace renkei {
class SqliteConnection;
}

namespace renkei::file {

struct FileProgress {
  bool finished = false;
  std::string finished_at;
  size_t next_record = 1;  // the first record with no outcome yet
  std::vector<bool> done;  // by record number (index 0 unused): has an outcome
  int64_t sent = 0;
  int64_t rejected = 0;
};

class SendState {
 public:
  explicit SendState(const std::string& path);
  ~SendState();

  // Registers the file if it is new; what is already done with it.
  FileProgress begin(const std::string& digest, const std::string& path, const std::string& layout,
                     size_t records);
  // outcome: "sent" (the broker accepted it) or "rejected" (it never will).
  void record(const std::string& digest, size_t number, const std::string& outcome,
              const std::string& message_id, const std::string& detail);
  void finish(const std::string& digest);

  // Several records' outcomes in one transaction (one sync instead of one per record).
  void beginBatch();
  void commitBatch();

 private:
  std::unique_ptr<SqliteConnection> db_;
};

}  // namespace renkei::file
