#include "broker/store/postgres_audit_rows.h"

#include <optional>
#include <string>

namespace renkei {

namespace {

bool wholeInteger(const std::string& text) {
  size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size() || text.size() > 20) return false;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

class StrictReader {
 public:
  StrictReader(const PgResult& rows, int row) : rows_(rows), row_(row) {}

  std::string text(int c, const char* name) {
    if (rows_.isNull(row_, c)) note(name, "is NULL");
    return rows_.text(row_, c);
  }
  int64_t integer(int c, const char* name) { return optionalInteger(c, name).value_or(0); }
  std::optional<int64_t> optionalInteger(int c, const char* name) {
    if (rows_.isNull(row_, c)) return std::nullopt;
    const std::string value = rows_.text(row_, c);
    // Judged by the value, not the column's type: a column retyped to numeric or text still
    // reads "7" for an untouched row, and the row whose value no longer is one is named.
    if (!wholeInteger(value)) {
      note(name, "holds '" + value.substr(0, 40) + "' where an integer belongs");
      return std::nullopt;
    }
    return std::stoll(value);
  }
  const std::string& problem() const { return problem_; }

 private:
  void note(const char* name, const std::string& what) {
    if (problem_.empty()) problem_ = std::string("column ") + name + " " + what;
  }
  const PgResult& rows_;
  int row_;
  std::string problem_;
};

}  // namespace

AuditRecord readPgAuditRow(const PgResult& rows, int i) {
  StrictReader in(rows, i);
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

void appendPgAuditParams(PgParams& params, const AuditRecord& r) {
  params.push_back(std::to_string(r.seq));
  params.push_back(r.time);
  params.push_back(r.message_id);
  params.push_back(r.sender);
  params.push_back(r.receiver);
  params.push_back(r.service);
  params.push_back(r.purpose);
  params.push_back(r.link_id ? std::optional<std::string>(std::to_string(*r.link_id))
                             : std::nullopt);
  params.push_back(r.outcome);
  params.push_back(r.fault_code);
  params.push_back(std::to_string(r.latency_us));
  params.push_back(r.request_sha256);
  params.push_back(r.response_sha256);
  params.push_back(r.prev_hash);
  params.push_back(r.hash);
  params.push_back(std::to_string(r.format));
  params.push_back(r.operator_id);
  params.push_back(r.case_reference);
  params.push_back(r.peer_address);
  params.push_back(r.instance_id);
  params.push_back(r.authenticated_unit);
}

AuditCheckpoint readPgCheckpointRow(const PgResult& rows, int i) {
  StrictReader in(rows, i);
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
