#include "gateway/store/sqlite_connection.h"

#include <sqlite3.h>

#include <string>
#include <utility>

namespace switchyard::store {

void SqliteStatementFinalizer::operator()(sqlite3_stmt* statement) const noexcept {
  sqlite3_finalize(statement);
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path,
                                                                 std::string_view label) {
  sqlite3* db = nullptr;
  // NOMUTEX: a store is used by one thread at a time (its own contract), so SQLite's
  // per-connection mutex would only cost time. EXRESCODE: extended codes in errors.
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    // sqlite3_open_v2 allocates a handle even on failure (except out of memory); it carries the
    // message and must still be closed.
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return makeError(Errc::kIo, std::string(label) + " " + path +
                                    ": cannot open the database file (sqlite: " + message + ")");
  }
  return std::make_unique<SqliteConnection>(Key(), path, std::string(label), db);
}

SqliteConnection::~SqliteConnection() {
  // close_v2 defers the close until every statement is finalized, so destruction order between
  // a store's statements and its connection cannot leak the handle.
  sqlite3_close_v2(db_);
}

Error SqliteConnection::error(std::string_view what) const {
  std::string message = label_ + " " + path_ + ": ";
  message.append(what);
  message.append(" (sqlite: ");
  message.append(sqlite3_errmsg(db_));
  message.push_back(')');
  // Another process holding the write lock past the busy timeout is worth retrying; anything
  // else (disk full, corruption, a constraint) is not.
  const int code = sqlite3_errcode(db_) & 0xff;
  const bool retryable = code == SQLITE_BUSY || code == SQLITE_LOCKED;
  return makeError(Errc::kIo, std::move(message), retryable);
}

Error SqliteConnection::plainError(std::string_view what) const {
  std::string message = label_ + " " + path_ + ": ";
  message.append(what);
  return makeError(Errc::kIo, std::move(message));
}

Status SqliteConnection::useWriteAheadLog(int busy_timeout_ms) {
  // The timeout first: switching to WAL needs a lock another process may briefly hold.
  if (sqlite3_busy_timeout(db_, busy_timeout_ms) != SQLITE_OK) {
    return error("cannot set the busy timeout");
  }
  auto statement = prepare("PRAGMA journal_mode = WAL");
  if (!statement.ok()) {
    // Preparing is the first read of the file: "file is not a database" shows up here.
    return error("cannot read the database file");
  }
  StatementReset reset(statement->get());
  if (sqlite3_step(statement->get()) != SQLITE_ROW) {
    return error("cannot read the database file");
  }
  const std::string mode = columnText(statement->get(), 0);
  if (mode != "wal") {
    return plainError("cannot switch to WAL journaling (the journal mode stayed '" + mode +
                      "'; is the file on a network filesystem?)");
  }
  return okStatus();
}

Status SqliteConnection::exec(const char* sql, std::string_view what) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return error(what);
  }
  return okStatus();
}

Result<SqliteStatement> SqliteConnection::prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  // PERSISTENT: these statements are cached for the store's lifetime.
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &statement, nullptr) != SQLITE_OK) {
    return error("cannot prepare \"" + std::string(sql.substr(0, 80)) + "\"");
  }
  return SqliteStatement(statement);
}

Result<int64_t> SqliteConnection::queryInt(sqlite3_stmt* statement, std::string_view what) {
  StatementReset reset(statement);
  if (sqlite3_step(statement) != SQLITE_ROW) {
    return error(what);
  }
  return static_cast<int64_t>(sqlite3_column_int64(statement, 0));
}

Result<int64_t> SqliteConnection::queryInt(const char* sql, std::string_view what) {
  auto statement = prepare(sql);
  if (!statement.ok()) {
    return statement.error();
  }
  return queryInt(statement->get(), what);
}

Status SqliteConnection::run(sqlite3_stmt* statement, std::string_view what) {
  StatementReset reset(statement);
  int rc = sqlite3_step(statement);
  while (rc == SQLITE_ROW) {
    rc = sqlite3_step(statement);
  }
  if (rc != SQLITE_DONE) {
    return error(what);
  }
  return okStatus();
}

int64_t SqliteConnection::changes() const { return sqlite3_changes64(db_); }

int64_t SqliteConnection::lastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }

StatementReset::~StatementReset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

SqliteTransaction::~SqliteTransaction() {
  if (open_) {
    // Best effort: if ROLLBACK itself fails, SQLite has already rolled back (that is when it
    // fails), and the next BEGIN reports the state.
    sqlite3_exec(connection_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

Status SqliteTransaction::begin(std::string_view what) {
  Status status = connection_->exec("BEGIN IMMEDIATE", what);
  open_ = status.ok();
  return status;
}

Status SqliteTransaction::commit(std::string_view what) {
  Status status = connection_->exec("COMMIT", what);
  // A failed COMMIT can leave the transaction open (SQLITE_BUSY): the destructor rolls it back.
  open_ = !status.ok() && !sqlite3_get_autocommit(connection_->handle());
  return status;
}

bool bindText(sqlite3_stmt* statement, int index, std::string_view text) {
  // A non-null pointer even for empty text: a null one would bind SQL NULL, not ''.
  return sqlite3_bind_text64(statement, index, text.empty() ? "" : text.data(), text.size(),
                             SQLITE_TRANSIENT, SQLITE_UTF8) == SQLITE_OK;
}

bool bindBlob(sqlite3_stmt* statement, int index, std::string_view bytes) {
  if (bytes.empty()) {
    return sqlite3_bind_zeroblob(statement, index, 0) == SQLITE_OK;
  }
  return sqlite3_bind_blob64(statement, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) ==
         SQLITE_OK;
}

bool bindInt(sqlite3_stmt* statement, int index, int64_t value) {
  return sqlite3_bind_int64(statement, index, value) == SQLITE_OK;
}

std::string columnText(sqlite3_stmt* statement, int column) {
  const unsigned char* text = sqlite3_column_text(statement, column);
  // column_bytes after column_text: the length of the text as returned, NULs included.
  const int size = sqlite3_column_bytes(statement, column);
  if (text == nullptr || size <= 0) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::string columnBlob(sqlite3_stmt* statement, int column) {
  const void* bytes = sqlite3_column_blob(statement, column);
  const int size = sqlite3_column_bytes(statement, column);
  if (bytes == nullptr || size <= 0) {
    return {};
  }
  return std::string(static_cast<const char*>(bytes), static_cast<size_t>(size));
}

int64_t columnInt(sqlite3_stmt* statement, int column) {
  return sqlite3_column_int64(statement, column);
}

}  // namespace switchyard::store
