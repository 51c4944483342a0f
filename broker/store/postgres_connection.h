#pragma once
// Thin RAII wrappers over libpq: a connection, a query result and a transaction. Every failure
// becomes a StoreError carrying libpq's message and what was being done, so the operator reads
// "appending audit batch: server closed the connection unexpectedly" rather than a bare code.
// Messages name the server (host, port, database, user) but never the password.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "broker/store/store.h"

struct pg_conn;
struct pg_result;

namespace renkei {

// Query parameters in libpq text format; nullopt is SQL NULL.
using PgParams = std::vector<std::optional<std::string>>;

// A StoreError that also says which SQLSTATE the server reported ("" when not from the server),
// so callers can tell a unique violation from a lost connection.
class PgError : public StoreError {
 public:
  PgError(const std::string& message, std::string sqlstate)
      : StoreError(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

constexpr const char* kPgUniqueViolation = "23505";

class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(pg_result* result);

  int rows() const;
  std::string text(int row, int column) const;
  int64_t integer(int row, int column) const;
  bool isNull(int row, int column) const;
  // Rows changed by an INSERT/UPDATE/DELETE.
  int64_t affected() const;

 private:
  struct Clear {
    void operator()(pg_result* result) const;
  };
  std::unique_ptr<pg_result, Clear> result_;
};

class PgConnection {
 public:
  // Connects at once, giving up at `until` or after connect_timeout; throws StoreError naming
  // the server if it cannot. Defaults for connect_timeout, keepalives and tcp_user_timeout are
  // added unless the conninfo sets them; statement_timeout is set unless the server has one.
  explicit PgConnection(
      const std::string& conninfo,
      std::chrono::steady_clock::time_point until = std::chrono::steady_clock::time_point::max());
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // One or more statements without parameters (DDL, BEGIN, COMMIT, ...).
  PgResult exec(std::string_view sql, std::string_view doing);
  // One statement with $1..$n parameters.
  PgResult query(const std::string& sql, const PgParams& params, std::string_view doing);

  // Every statement from now on gives up at `until` (at the latest kStatementWait after it is
  // sent); a statement that times out closes the connection.
  void setDeadline(std::chrono::steady_clock::time_point until);
  static constexpr std::chrono::seconds kStatementWait{15};

  // False once the server connection is lost: the pool then drops it instead of reusing it.
  bool healthy() const;
  // For an idle pooled connection: the server ended it (restart) or sent something unasked.
  bool lostWhileIdle() const;
  // True while a transaction is open or failed (not idle).
  bool inTransaction() const;
  const std::string& server() const { return server_; }

 private:
  PgResult check(pg_result* result, std::string_view doing);
  PgResult run(std::string_view doing, const std::function<int()>& send);
  // synchronous_commit on, a statement_timeout unless the server has one (from the constructor).
  void checkSessionSettings();
  void close();

  pg_conn* conn_ = nullptr;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  std::string server_;  // "host=... port=... dbname=... user=..." for messages
};

// BEGIN on construction; ROLLBACK on destruction unless commit() was reached.
class PgTransaction {
 public:
  PgTransaction(PgConnection& connection, std::string_view doing);
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  void commit();

 private:
  PgConnection& connection_;
  std::string doing_;
  bool open_ = true;
};

// The parts of a conninfo string that identify the server, without secrets.
std::string describePgServer(const std::string& conninfo);

}  // namespace renkei
