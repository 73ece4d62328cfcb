#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "gateway/core/result.h"

// The C API's handle types, declared here so that this header does not pull in <sqlite3.h>
// (STYLE.md 11). They match the `typedef struct sqlite3 sqlite3;` declarations in sqlite3.h.
struct sqlite3;
struct sqlite3_stmt;

namespace switchyard::store {

struct SqliteStatementFinalizer {
  void operator()(sqlite3_stmt* statement) const noexcept;
};
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteStatementFinalizer>;

// One SQLite connection and the embedded stores' error convention: every failure becomes
// Error{kIo, "<label> <path>: <what> (sqlite: <sqlite3_errmsg>)"}, the label naming the store
// ("dlq store", "aws store") so an operator knows which file and which feature is affected.
// Shared by the DLQ (dispatcher/dlq) and the AWS services' state (connectors/aws/store).
//
// NOTE: used by one thread at a time (the connection is opened without SQLite's own mutex, as the
// stores' contracts already serialise calls). Statements prepared here must be destroyed before
// the connection; a store declares the connection first so that member order guarantees it.
class SqliteConnection {
 public:
  // Opens (creating if missing) the database file at `path`; the directory must exist.
  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path,
                                                        std::string_view label);

  // Only open() can make the key, so only open() constructs (and std::make_unique still works).
  class Key {
    friend class SqliteConnection;
    Key() = default;
  };
  SqliteConnection(Key, std::string path, std::string label, sqlite3* db)
      : path_(std::move(path)), label_(std::move(label)), db_(db) {}
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

  // The error for a failed call, with SQLite's message for the most recent failure.
  Error error(std::string_view what) const;
  // An error that did not come from SQLite (a malformed stored value, a bad argument).
  Error plainError(std::string_view what) const;

  // WAL journaling (readers never block the writer; a commit is one sequential append) and a
  // busy timeout for another process's lock. Also the first read of the file: a file that is not
  // a database fails here.
  Status useWriteAheadLog(int busy_timeout_ms);

  // Runs one or more statements that return no rows (schema, pragmas without results).
  Status exec(const char* sql, std::string_view what);
  Result<SqliteStatement> prepare(std::string_view sql);
  // Runs a statement that returns one integer (count(*), PRAGMA user_version) and resets it.
  Result<int64_t> queryInt(sqlite3_stmt* statement, std::string_view what);
  Result<int64_t> queryInt(const char* sql, std::string_view what);
  // Steps a statement that returns no rows to completion, then resets it.
  Status run(sqlite3_stmt* statement, std::string_view what);

  // Rows changed by the last INSERT/UPDATE/DELETE (not counting cascaded deletes).
  int64_t changes() const;
  // The rowid of the last row inserted on this connection.
  int64_t lastInsertRowid() const;

 private:
  std::string path_;
  std::string label_;
  sqlite3* db_;
};

// Resets a statement (and clears its bindings) when it goes out of scope. A SELECT left
// un-reset keeps its read transaction open, which in WAL mode pins a snapshot and stops
// checkpoints; this makes "always reset" impossible to forget on an early return.
class StatementReset {
 public:
  explicit StatementReset(sqlite3_stmt* statement) : statement_(statement) {}
  ~StatementReset();
  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;

 private:
  sqlite3_stmt* statement_;
};

// BEGIN IMMEDIATE … COMMIT, rolled back unless commit() succeeded. IMMEDIATE takes the write
// lock up front: a deferred transaction that reads and then writes can fail with SQLITE_BUSY at
// once (no busy-handler wait) when another process (the CLI, the gateway) wrote in between.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteConnection* connection) : connection_(connection) {}
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  Status begin(std::string_view what);
  Status commit(std::string_view what);

 private:
  SqliteConnection* connection_;
  bool open_ = false;
};

// Binding and reading helpers. Text is bound with its length, so embedded NULs and bytes that
// are not UTF-8 are stored and returned unchanged (SQLite does not validate text encoding).
// Indexes follow SQLite: bind parameters from 1, result columns from 0.
bool bindText(sqlite3_stmt* statement, int index, std::string_view text);
bool bindBlob(sqlite3_stmt* statement, int index, std::string_view bytes);
bool bindInt(sqlite3_stmt* statement, int index, int64_t value);
std::string columnText(sqlite3_stmt* statement, int column);
std::string columnBlob(sqlite3_stmt* statement, int column);
int64_t columnInt(sqlite3_stmt* statement, int column);

}  // namespace switchyard::store
