#include "dispatcher/dlq/sqlite_dlq_schema.h"

#include <sqlite3.h>

#include <iterator>
#include <string>
#include <string_view>

namespace switchyard::dlq {
namespace {

// How long a statement waits for another connection's lock (the CLI purging while the gateway
// appends) before failing with a retryable error.
constexpr int kBusyTimeoutMs = 5000;

// Settings that belong to the connection rather than the file, so every open applies them.
struct Setting {
  const char* sql;
  const char* what;
};
constexpr Setting kConnectionSettings[] = {
    // A commit returns only after the WAL is fsynced, so an appended record survives a power loss,
    // not only a process crash (NORMAL in WAL mode can lose the last commits on power loss).
    {"PRAGMA synchronous = FULL", "cannot set synchronous = FULL"},
    // Off by default; it makes a purge of dlq_records delete the bodies too.
    {"PRAGMA foreign_keys = ON", "cannot enable foreign keys"},
    // A checkpoint rewinds the WAL but keeps its size: after one large transaction (purging a
    // million records) the -wal file would otherwise stay that large while the gateway runs.
    {"PRAGMA journal_size_limit = 67108864", "cannot limit the WAL size"},
};

// Version 1: two tables, one row each per record.
//
// dlq_records holds what a DlqFilter tests -- one column per filtered field (last_status,
// last_error and replay_count are copies derived from the lists, kept in step by the store) --
// and nothing else, so its rows stay ~250 bytes whatever the payload. dlq_bodies holds the rest of
// the record under the same `seq`. The split is for the filters no index serves: an error
// substring (LIKE '%...%') reads every row of dlq_records, and with the payload in the same row
// that scan would read the payloads too (with 300-byte payloads, bench/dlq_bench's no-match
// search over 1M records took 0.46 s in one table and 0.28 s split; the gap grows with payload
// size). Reads join the body by its integer key.
//
// The three lists -- attributes, attempts, replays -- are JSON text in dlq_bodies rather than
// child tables: nothing filters on them, they are only ever read whole with their record, so an
// append stays two inserts, `get` two lookups, and the JSON is readable from the sqlite3 shell
// (json_extract). Byte strings that are not UTF-8 are stored as {"base64": "..."} inside that JSON
// (dlq_record_json.h), so nothing is lost.
//
// Indexes: each filter's column followed by id, so a filtered listing walks one index already in
// id order and stops at LIMIT without sorting; dead_lettered_us rides along at the end, so a time
// window on top of a function or trigger is checked in the index, reading only matching rows.
// The partial indexes hold only never-replayed records: `replay` without --force asks for exactly
// those, and after a large replay they would otherwise be found by skipping every replayed row.
// Each index costs one more B-tree insert per append (the fill rate in bench/dlq_bench).
//
// The body's foreign key (foreign_keys is on for every store connection) makes a purge of
// dlq_records delete the bodies with it.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE dlq_records (
  seq              INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  event_id         TEXT NOT NULL,
  function_name    TEXT NOT NULL,
  trigger_name     TEXT NOT NULL,
  reason           TEXT NOT NULL,
  dead_lettered_us INTEGER NOT NULL,
  last_status      INTEGER NOT NULL,
  last_error       TEXT NOT NULL,
  replay_count     INTEGER NOT NULL
);
CREATE TABLE dlq_bodies (
  seq           INTEGER PRIMARY KEY REFERENCES dlq_records (seq) ON DELETE CASCADE,
  event_kind    TEXT NOT NULL,
  event_time_us INTEGER NOT NULL,
  source        TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  traceparent   TEXT NOT NULL,
  partition_key TEXT NOT NULL,
  hops          INTEGER NOT NULL,
  format        TEXT NOT NULL,
  attributes    TEXT NOT NULL,
  attempts      TEXT NOT NULL,
  replays       TEXT NOT NULL,
  payload       BLOB NOT NULL
);
CREATE INDEX dlq_records_by_function ON dlq_records (function_name, id, dead_lettered_us);
CREATE INDEX dlq_records_by_trigger ON dlq_records (trigger_name, id, dead_lettered_us);
CREATE INDEX dlq_records_by_time ON dlq_records (dead_lettered_us);
CREATE INDEX dlq_records_by_event ON dlq_records (event_id);
CREATE INDEX dlq_records_unreplayed ON dlq_records (id) WHERE replay_count = 0;
CREATE INDEX dlq_records_unreplayed_by_function
  ON dlq_records (function_name, id, dead_lettered_us) WHERE replay_count = 0;
CREATE INDEX dlq_records_unreplayed_by_trigger
  ON dlq_records (trigger_name, id, dead_lettered_us) WHERE replay_count = 0;
)sql";

// The migration hook: kMigrations[i] takes the schema from version i to i + 1. A new version
// appends one entry (ALTER TABLE, CREATE INDEX, a data rewrite) and bumps kDlqSchemaVersion.
constexpr const char* kMigrations[] = {kSchemaV1};
static_assert(std::size(kMigrations) == kDlqSchemaVersion);

Result<std::string> queryText(SqliteConnection* connection, const char* sql,
                              std::string_view what) {
  auto statement = connection->prepare(sql);
  if (!statement.ok()) {
    // Preparing is the first read of the file: "file is not a database" shows up here.
    return connection->error(what);
  }
  StatementReset reset(statement->get());
  if (sqlite3_step(statement->get()) != SQLITE_ROW) {
    return connection->error(what);
  }
  return columnText(statement->get(), 0);
}

Status applySettings(SqliteConnection* connection) {
  // The timeout first: switching to WAL needs a lock another process may briefly hold.
  if (sqlite3_busy_timeout(connection->handle(), kBusyTimeoutMs) != SQLITE_OK) {
    return connection->error("cannot set the busy timeout");
  }
  // WAL: readers (the CLI listing) never block the writer (the gateway appending) and a commit
  // is one sequential append to the log. Persistent in the file, but asking is cheap and also
  // the first read of the file, so a file that is not a database fails here.
  auto mode = queryText(connection, "PRAGMA journal_mode = WAL", "cannot read the database file");
  if (!mode.ok()) {
    return mode.error();
  }
  if (*mode != "wal") {
    return connection->plainError("cannot switch to WAL journaling (the journal mode stayed '" +
                                  *mode + "'; is the file on a network filesystem?)");
  }
  for (const auto& [sql, what] : kConnectionSettings) {
    if (Status status = connection->exec(sql, what); !status.ok()) {
      return status;
    }
  }
  return okStatus();
}

Status migrate(SqliteConnection* connection) {
  auto version = connection->queryInt("PRAGMA user_version", "cannot read the schema version");
  if (!version.ok()) {
    return version.error();
  }
  if (*version == kDlqSchemaVersion) {
    return okStatus();
  }
  SqliteTransaction transaction(connection);
  if (Status status = transaction.begin("cannot start the schema migration"); !status.ok()) {
    return status;
  }
  // Again under the write lock: another process (gateway and CLI starting together) may have
  // migrated between the first read and the lock.
  version = connection->queryInt("PRAGMA user_version", "cannot read the schema version");
  if (!version.ok()) {
    return version.error();
  }
  if (*version > kDlqSchemaVersion || *version < 0) {
    return connection->plainError("the file has schema version " + std::to_string(*version) +
                                  ", this build reads up to " + std::to_string(kDlqSchemaVersion) +
                                  " (it was written by a newer Switchyard)");
  }
  for (int64_t from = *version; from < kDlqSchemaVersion; ++from) {
    const std::string what = "cannot migrate the schema to version " + std::to_string(from + 1);
    if (Status status = connection->exec(kMigrations[from], what); !status.ok()) {
      return status;
    }
  }
  // PRAGMA takes no bound parameters; the value is our own constant.
  const std::string set_version = "PRAGMA user_version = " + std::to_string(kDlqSchemaVersion);
  if (Status status = connection->exec(set_version.c_str(), "cannot record the schema version");
      !status.ok()) {
    return status;
  }
  return transaction.commit("cannot commit the schema migration");
}

}  // namespace

Status prepareDlqDatabase(SqliteConnection* connection) {
  if (Status status = applySettings(connection); !status.ok()) {
    return status;
  }
  return migrate(connection);
}

}  // namespace switchyard::dlq
