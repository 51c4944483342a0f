#include "broker/store/sqlite_connection.h"

#include <sqlite3.h>

#include "broker/store/store.h"

namespace renkei {

SqliteStatement::SqliteStatement(SqliteConnection& connection, std::string_view sql)
    : connection_(connection) {
  if (sqlite3_prepare_v2(connection.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_,
                         nullptr) != SQLITE_OK) {
    connection.fail(("preparing \"" + std::string(sql) + "\"").c_str());
  }
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

void SqliteStatement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    connection_.fail("binding a text parameter");
  }
}

void SqliteStatement::bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) {
    connection_.fail("binding an integer parameter");
  }
}

void SqliteStatement::bind(int index, std::optional<int64_t> value) {
  if (value) {
    bind(index, *value);
  } else if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) {
    connection_.fail("binding a NULL parameter");
  }
}

bool SqliteStatement::step(const char* doing) {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  connection_.fail(doing);
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string SqliteStatement::columnText(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

int64_t SqliteStatement::columnInt(int index) const { return sqlite3_column_int64(stmt_, index); }

int SqliteStatement::columnType(int index) const { return sqlite3_column_type(stmt_, index); }

bool SqliteStatement::columnIsNull(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

SqliteConnection::SqliteConnection(const std::string& path) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = "opening SQLite database " + path + ": " +
                          (db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory");
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(message);
  }
  sqlite3_extended_result_codes(db_, 1);
}

SqliteConnection::~SqliteConnection() {
  // Statements must be finalized before the connection can close.
  statements_.clear();
  sqlite3_close(db_);
}

void SqliteConnection::exec(std::string_view sql, const char* doing) {
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(doing);
}

SqliteStatement& SqliteConnection::cached(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<SqliteStatement>(*this, sql)).first;
  }
  return *it->second;
}

int64_t SqliteConnection::queryInt(std::string_view sql, const char* doing) {
  SqliteStatement statement(*this, sql);
  if (!statement.step(doing)) throw StoreError(std::string(doing) + ": query returned no row");
  return statement.columnInt(0);
}

int64_t SqliteConnection::changes() const { return sqlite3_changes64(db_); }

void SqliteConnection::fail(const char* doing) const {
  throw StoreError(std::string(doing) + ": " + sqlite3_errmsg(db_) + " (SQLite code " +
                   std::to_string(sqlite3_extended_errcode(db_)) + ")");
}

SqliteTransaction::SqliteTransaction(SqliteConnection& connection, const char* doing)
    : connection_(connection), doing_(doing) {
  connection_.exec("BEGIN IMMEDIATE", doing_);
}

SqliteTransaction::~SqliteTransaction() {
  // Best effort: a failed ROLLBACK (e.g. SQLite already rolled back on I/O error) must not throw
  // from a destructor.
  if (open_) sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteTransaction::commit() {
  connection_.exec("COMMIT", doing_);
  open_ = false;
}

}  // namespace renkei
