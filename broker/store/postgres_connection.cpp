#include "broker/store/postgres_connection.h"

#include <libpq-fe.h>

namespace renkei {

namespace {

// libpq messages end in a newline and may span lines (ERROR / DETAIL / HINT); one line reads
// better in a log and in a test failure.
std::string oneLine(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (size_t pos = text.find('\n'); pos != std::string::npos; pos = text.find('\n', pos)) {
    size_t end = pos + 1;
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
    text.replace(pos, end - pos, "; ");
  }
  return text.empty() ? "unknown PostgreSQL error" : text;
}

}  // namespace

std::string describePgServer(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  // The parse error may quote part of the string, which may be the password: leave it out.
  PQfreemem(error);
  if (options == nullptr) return "PostgreSQL (the connection string could not be parsed)";
  std::string described;
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    const std::string keyword = o->keyword;
    if (o->val == nullptr || o->val[0] == '\0') continue;
    if (keyword == "host" || keyword == "hostaddr" || keyword == "port" || keyword == "dbname" ||
        keyword == "user") {
      if (!described.empty()) described += ' ';
      described += keyword + "=" + o->val;
    }
  }
  PQconninfoFree(options);
  return "PostgreSQL " + (described.empty() ? std::string("(libpq defaults)") : described);
}

PgResult::PgResult(pg_result* result) : result_(result) {}

void PgResult::Clear::operator()(pg_result* result) const { PQclear(result); }

int PgResult::rows() const { return result_ ? PQntuples(result_.get()) : 0; }

std::string PgResult::text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<size_t>(PQgetlength(result_.get(), row, column)));
}

int64_t PgResult::integer(int row, int column) const {
  return std::stoll(PQgetvalue(result_.get(), row, column));
}

bool PgResult::isNull(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

int64_t PgResult::affected() const {
  const char* count = result_ ? PQcmdTuples(result_.get()) : "";
  return count[0] == '\0' ? 0 : std::stoll(count);
}

PgConnection::PgConnection(const std::string& conninfo) : server_(describePgServer(conninfo)) {
  // Keywords before "dbname" are defaults the conninfo may override; client_encoding comes after
  // it because every string the store handles is UTF-8 (氏名, 事務名) whatever the server's
  // default.
  const char* keywords[] = {"connect_timeout", "fallback_application_name", "dbname",
                            "client_encoding", nullptr};
  const char* values[] = {"10", "renkei", conninfo.c_str(), "UTF8", nullptr};
  conn_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn_ == nullptr) throw StoreError("connecting to " + server_ + ": out of memory");
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = oneLine(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw StoreError("connecting to " + server_ + ": " + message);
  }
  // Notices ("relation already exists, skipping") are for humans at psql, not for a broker log.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  // "Acknowledged means durable": a server configured with synchronous_commit=off would let a
  // commit return before the WAL is flushed. Stronger settings (remote_write, remote_apply for
  // synchronous replicas) are the DBA's choice and are kept.
  const PgResult mode = exec("SHOW synchronous_commit", "checking synchronous_commit");
  if (mode.rows() == 1 && mode.text(0, 0) == "off") {
    exec("SET synchronous_commit = on", "enabling synchronous_commit");
  }
}

PgConnection::~PgConnection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

PgResult PgConnection::check(pg_result* raw, std::string_view doing) {
  PgResult result(raw);
  const auto status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* state = raw != nullptr ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  const char* message = raw != nullptr ? PQresultErrorMessage(raw) : PQerrorMessage(conn_);
  if (message == nullptr || message[0] == '\0') message = PQerrorMessage(conn_);
  throw PgError(std::string(doing) + ": " + oneLine(message), state != nullptr ? state : "");
}

PgResult PgConnection::exec(std::string_view sql, std::string_view doing) {
  return check(PQexec(conn_, std::string(sql).c_str()), doing);
}

PgResult PgConnection::query(const std::string& sql, const PgParams& params,
                             std::string_view doing) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return check(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                            values.data(), nullptr, nullptr, /*resultFormat=*/0),
               doing);
}

bool PgConnection::healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

bool PgConnection::inTransaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

PgTransaction::PgTransaction(PgConnection& connection, std::string_view doing)
    : connection_(connection), doing_(doing) {
  connection_.exec("BEGIN", doing_);
}

PgTransaction::~PgTransaction() {
  if (!open_ || !connection_.healthy()) return;
  try {
    connection_.exec("ROLLBACK", doing_);
  } catch (const StoreError&) {
    // The pool checks the connection's state before reuse; nothing more to do here.
  }
}

void PgTransaction::commit() {
  connection_.exec("COMMIT", doing_);
  open_ = false;
}

}  // namespace renkei
