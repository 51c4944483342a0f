#include "broker/store/sqlite_audit_rows.h"

#include <sqlite3.h>

#include <optional>
#include <string>

namespace renkei {

namespace {

const char* typeName(int type) {
  switch (type) {
    case SQLITE_INTEGER:
      return "an integer";
    case SQLITE_FLOAT:
      return "a real number";
    case SQLITE_TEXT:
      return "text";
    case SQLITE_BLOB:
      return "a blob";
    default:
      return "NULL";
  }
}

// Reads columns by declared type and remembers the first one whose stored value has another.
class StrictReader {
 public:
  explicit StrictReader(const SqliteStatement& row) : row_(row) {}

  std::string text(int i, const char* name) {
    expect(i, name, SQLITE_TEXT, false);
    return row_.columnText(i);
  }
  int64_t integer(int i, const char* name) {
    expect(i, name, SQLITE_INTEGER, false);
    return row_.columnInt(i);
  }
  std::optional<int64_t> optionalInteger(int i, const char* name) {
    if (!expect(i, name, SQLITE_INTEGER, true)) return std::nullopt;
    return row_.columnInt(i);
  }
  const std::string& problem() const { return problem_; }

 private:
  // False when the value is NULL (and NULL is allowed).
  bool expect(int i, const char* name, int wanted, bool null_ok) {
    const int type = row_.columnType(i);
    if (type == SQLITE_NULL && null_ok) return false;
    if (type != wanted && problem_.empty()) {
      std::string shown = type == SQLITE_NULL ? std::string() : row_.columnText(i);
      if (shown.size() > 40) shown = shown.substr(0, 40) + "...";
      problem_ = std::string("column ") + name + " holds " + typeName(type) +
                 (shown.empty() ? "" : " '" + shown + "'") + " where " + typeName(wanted) +
                 " belongs";
    }
    return true;
  }

  const SqliteStatement& row_;
  std::string problem_;
};

}  // namespace

AuditRecord readSqliteAuditRow(const SqliteStatement& row) {
  StrictReader in(row);
  AuditRecord r;
  r.seq = in.integer(0, "seq");
  r.time = in.text(1, "time");
  r.message_id = in.text(2, "message_id");
  r.sender = in.text(3, "sender");
  r.receiver = in.text(4, "receiver");
  r.service = in.text(5, "service");
  r.purpose = in.text(6, "purpose");
  r.link_id = in.optionalInteger(7, "link_id");
  r.outcome = in.text(8, "outcome");
  r.fault_code = in.text(9, "fault_code");
  r.latency_us = in.integer(10, "latency_us");
  r.request_sha256 = in.text(11, "request_sha256");
  r.response_sha256 = in.text(12, "response_sha256");
  r.prev_hash = in.text(13, "prev_hash");
  r.hash = in.text(14, "hash");
  r.format = static_cast<int>(in.integer(15, "format"));
  r.operator_id = in.text(16, "operator_id");
  r.case_reference = in.text(17, "case_reference");
  r.peer_address = in.text(18, "peer_address");
  r.instance_id = in.text(19, "instance_id");
  r.authenticated_unit = in.text(20, "authenticated_unit");
  r.read_problem = in.problem();
  return r;
}

void bindSqliteAuditRow(SqliteStatement& insert, const AuditRecord& r) {
  insert.bind(1, r.seq);
  insert.bind(2, r.time);
  insert.bind(3, r.message_id);
  insert.bind(4, r.sender);
  insert.bind(5, r.receiver);
  insert.bind(6, r.service);
  insert.bind(7, r.purpose);
  insert.bind(8, r.link_id);
  insert.bind(9, r.outcome);
  insert.bind(10, r.fault_code);
  insert.bind(11, r.latency_us);
  insert.bind(12, r.request_sha256);
  insert.bind(13, r.response_sha256);
  insert.bind(14, r.prev_hash);
  insert.bind(15, r.hash);
  insert.bind(16, static_cast<int64_t>(r.format));
  insert.bind(17, r.operator_id);
  insert.bind(18, r.case_reference);
  insert.bind(19, r.peer_address);
  insert.bind(20, r.instance_id);
  insert.bind(21, r.authenticated_unit);
}

AuditCheckpoint readSqliteCheckpointRow(const SqliteStatement& row) {
  StrictReader in(row);
  AuditCheckpoint c;
  c.id = in.integer(0, "id");
  c.seq = in.integer(1, "seq");
  c.head_hash = in.text(2, "head_hash");
  c.time = in.text(3, "time");
  c.instance_id = in.text(4, "instance_id");
  c.key_id = in.text(5, "key_id");
  c.signature = in.text(6, "signature");
  c.tsa_token = in.text(7, "tsa_token");
  c.read_problem = in.problem();
  return c;
}

}  // namespace renkei
