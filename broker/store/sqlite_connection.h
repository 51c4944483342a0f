#pragma once
// Thin RAII wrappers over the SQLite C API: a connection, prepared statements and transactions.
// Every failure becomes a StoreError carrying SQLite's message and what was being done, so the
// operator sees "appending audit batch: database is locked" rather than a bare code.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace renkei {

class SqliteConnection;

class SqliteStatement {
 public:
  SqliteStatement(SqliteConnection& connection, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are 1-based, as in SQLite.
  void bind(int index, std::string_view text);
  void bind(int index, int64_t value);
  void bind(int index, std::optional<int64_t> value);  // nullopt binds NULL
  // Returns true while a row is available, false when done.
  bool step(const char* doing);
  // Clears the current execution and the bindings so a cached statement can be reused.
  void reset();

  std::string columnText(int index) const;
  int64_t columnInt(int index) const;
  bool columnIsNull(int index) const;
  // SQLITE_INTEGER, SQLITE_TEXT, ...: the type of the stored value, which SQLite does not force
  // to match the column's declared type. Call before columnText/columnInt convert it.
  int columnType(int index) const;

 private:
  SqliteConnection& connection_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a cached statement when the scope ends, whether or not an exception is in flight.
class StatementUse {
 public:
  explicit StatementUse(SqliteStatement& statement) : statement_(statement) {}
  ~StatementUse() { statement_.reset(); }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  SqliteStatement* operator->() { return &statement_; }
  SqliteStatement& operator*() { return statement_; }

 private:
  SqliteStatement& statement_;
};

class SqliteConnection {
 public:
  explicit SqliteConnection(const std::string& path);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one or more statements that return no rows the caller needs.
  void exec(std::string_view sql, const char* doing);
  // Prepared once, then reused for the life of the connection.
  SqliteStatement& cached(const std::string& sql);
  int64_t queryInt(std::string_view sql, const char* doing);
  // Rows the last INSERT/UPDATE/DELETE touched; an upsert whose DO UPDATE ... WHERE matched
  // nothing reports 0, which is how seeding tells "unchanged" from "changed".
  int64_t changes() const;

  // Throws StoreError("<doing>: <sqlite message>").
  [[noreturn]] void fail(const char* doing) const;
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<SqliteStatement>> statements_;
};

// BEGIN IMMEDIATE takes the write lock up front, so two writers (other processes sharing the
// file) queue on busy_timeout instead of deadlocking on a read-to-write upgrade.
// Rolls back unless commit() was reached.
class SqliteTransaction {
 public:
  SqliteTransaction(SqliteConnection& connection, const char* doing);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit();

 private:
  SqliteConnection& connection_;
  const char* doing_;
  bool open_ = true;
};

}  // namespace renkei
