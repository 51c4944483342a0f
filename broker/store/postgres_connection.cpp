#include "broker/store/postgres_connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>

#include "broker/store/postgres_io.h"

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

// Keywords before "dbname" are defaults the conninfo may override; client_encoding comes after
// it because every string the store handles is UTF-8 (氏名, 事務名) whatever the server's
// default. The limits make a lost server fail within seconds rather than at the kernel's TCP
// timeout (~15 min): keepalives find a vanished peer, tcp_user_timeout unacknowledged writes.
constexpr const char* kConnectKeywords[] = {"connect_timeout",           "keepalives",
                                            "keepalives_idle",           "keepalives_interval",
                                            "keepalives_count",          "tcp_user_timeout",
                                            "fallback_application_name", "dbname",
                                            "client_encoding",           nullptr};
constexpr const char* kConnectDefaults[] = {"3", "1", "10", "3", "3", "10000", "renkei"};

// The connect bound: the conninfo's own connect_timeout when it sets one, else our default.
std::chrono::seconds connectTimeoutOf(const std::string& conninfo) {
  long seconds = std::atol(kConnectDefaults[0]);
  char* error = nullptr;
  if (PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error)) {
    for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
      if (std::string(o->keyword) == "connect_timeout" && o->val != nullptr && o->val[0] != '\0') {
        seconds = std::max(2L, std::atol(o->val));  // libpq's own minimum
      }
    }
    PQconninfoFree(options);
  }
  PQfreemem(error);
  return std::chrono::seconds(seconds);
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

PgConnection::PgConnection(const std::string& conninfo, std::chrono::steady_clock::time_point until)
    : server_(describePgServer(conninfo)) {
  const char* values[std::size(kConnectKeywords)] = {};
  std::copy(std::begin(kConnectDefaults), std::end(kConnectDefaults), values);
  values[7] = conninfo.c_str();
  values[8] = "UTF8";
  std::string error;
  conn_ = pgConnectUntil(kConnectKeywords, values,
                         std::min(until, PgClock::now() + connectTimeoutOf(conninfo)), error);
  if (conn_ == nullptr)
    throw StoreError("connecting to " + server_ + ": " + oneLine(error.c_str()));
  // Notices ("relation already exists, skipping") are for humans at psql, not for a broker log.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  deadline_ = until;
  // A constructor that throws runs no destructor: a server lost between the handshake and the
  // session checks (a restart, found by the ASan pass of PostgresOutageTest) must not leak the
  // libpq connection.
  try {
    checkSessionSettings();
  } catch (...) {
    close();
    throw;
  }
  deadline_ = PgClock::time_point::max();
}

void PgConnection::checkSessionSettings() {
  // "Acknowledged means durable": a server configured with synchronous_commit=off would let a
  // commit return before the WAL is flushed. Stronger settings (remote_write, remote_apply for
  // synchronous replicas) are the DBA's choice and are kept. statement_timeout bounds a server
  // that is alive but stuck (locks, I/O); a value the DBA set for the role is kept.
  const PgResult mode =
      exec("SELECT current_setting('synchronous_commit'), current_setting('statement_timeout')",
           "checking session settings");
  if (mode.rows() == 1 && mode.text(0, 0) == "off") {
    exec("SET synchronous_commit = on", "enabling synchronous_commit");
  }
  if (mode.rows() == 1 && mode.text(0, 1) == "0") {
    exec("SET statement_timeout = '10s'", "setting statement_timeout");
  }
}

PgConnection::~PgConnection() { close(); }

void PgConnection::close() {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = nullptr;
}

PgResult PgConnection::check(pg_result* raw, std::string_view doing) {
  PgResult result(raw);
  const auto status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* state = raw != nullptr ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  const char* message = raw != nullptr ? PQresultErrorMessage(raw) : nullptr;
  if ((message == nullptr || message[0] == '\0') && conn_ != nullptr)
    message = PQerrorMessage(conn_);
  throw PgError(std::string(doing) + ": " + oneLine(message), state != nullptr ? state : "");
}

PgResult PgConnection::exec(std::string_view sql, std::string_view doing) {
  return run(doing, [&] { return PQsendQuery(conn_, std::string(sql).c_str()); });
}

PgResult PgConnection::query(const std::string& sql, const PgParams& params,
                             std::string_view doing) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return run(doing, [&] {
    return PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, /*resultFormat=*/0);
  });
}

PgResult PgConnection::run(std::string_view doing, const std::function<int()>& send) {
  if (conn_ == nullptr) throw PgError(std::string(doing) + ": the connection was closed", "08003");
  if (send() == 0) return check(nullptr, doing);
  const auto until = std::min(deadline_, PgClock::now() + kStatementWait);
  bool timed_out = false;
  pg_result* result = pgAwaitResult(conn_, until, timed_out);
  if (timed_out) {
    // A late answer can no longer be matched to its question: the connection is finished.
    close();
    throw PgError(std::string(doing) + ": no answer from " + server_ + " in time", "08006");
  }
  return check(result, doing);
}

void PgConnection::setDeadline(std::chrono::steady_clock::time_point until) { deadline_ = until; }

bool PgConnection::lostWhileIdle() const { return conn_ == nullptr || pgIdleConnectionLost(conn_); }

bool PgConnection::healthy() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

bool PgConnection::inTransaction() const {
  return conn_ == nullptr || PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

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
