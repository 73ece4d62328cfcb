#include "dispatcher/dlq/sqlite_dlq_store.h"

#include <sqlite3.h>

#include <filesystem>
#include <limits>
#include <string>
#include <system_error>
#include <utility>

#include "dispatcher/dlq/dlq_filter_sql.h"
#include "dispatcher/dlq/dlq_record_json.h"
#include "dispatcher/dlq/sqlite_dlq_schema.h"

namespace switchyard::dlq {
namespace {

// The columns a record is read back from, in this order (see Column): the filtered fields from
// dlq_records, the rest from its body. CROSS JOIN fixes the join order (SQLite does not reorder
// it): filters and ORDER BY id drive the scan of dlq_records, each body is one lookup by seq.
// last_status, last_error and replay_count are not read: they are derived from the lists.
constexpr const char* kSelectRecord =
    "SELECT id, event_id, event_kind, event_time_us, source, content_type, traceparent, "
    "partition_key, hops, trigger_name, function_name, format, reason, dead_lettered_us, "
    "attributes, attempts, replays, payload "
    "FROM dlq_records CROSS JOIN dlq_bodies USING (seq)";

enum Column : int {
  kId,
  kEventId,
  kEventKind,
  kEventTimeUs,
  kSource,
  kContentType,
  kTraceparent,
  kPartitionKey,
  kHops,
  kTrigger,
  kFunction,
  kFormat,
  kReason,
  kDeadLetteredUs,
  kAttributes,
  kAttempts,
  kReplays,
  kPayload,
};

constexpr const char* kInsertRecord =
    "INSERT INTO dlq_records (id, event_id, function_name, trigger_name, reason, "
    "dead_lettered_us, last_status, last_error, replay_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
// OR REPLACE: a body left behind by a record deleted outside the store (the sqlite3 shell does not
// enforce foreign keys unless asked) must not block the new record that reuses its seq.
constexpr const char* kInsertBody =
    "INSERT OR REPLACE INTO dlq_bodies (seq, event_kind, event_time_us, source, content_type, "
    "traceparent, partition_key, hops, format, attributes, attempts, replays, payload) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

// The history and the count change together, in one transaction (markReplayed).
constexpr const char* kAppendReplay =
    "UPDATE dlq_bodies SET replays = json_insert(replays, '$[#]', json(?)) WHERE seq IN "
    "(SELECT seq FROM dlq_records WHERE id IN (SELECT value FROM json_each(?)))";
constexpr const char* kCountReplay =
    "UPDATE dlq_records SET replay_count = replay_count + 1 "
    "WHERE id IN (SELECT value FROM json_each(?))";

// Filter shapes are few in practice (the CLI's and admin API's flags); the bound only guards
// against a caller that somehow produces many.
constexpr size_t kMaxCachedFilterStatements = 64;

std::string orderAndLimit(const FilterSql& sql) {
  return sql.limit > 0 ? " ORDER BY id LIMIT ?" : " ORDER BY id";
}

}  // namespace

Result<std::unique_ptr<SqliteDlqStore>> SqliteDlqStore::open(const std::string& data_dir) {
  if (data_dir.empty()) {
    return makeError(Errc::kInvalidArgument, "dlq store: the data directory is not set");
  }
  const std::string path = (std::filesystem::path(data_dir) / kFileName).string();
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    return makeError(Errc::kIo, "dlq store " + path + ": cannot create the directory " + data_dir +
                                    ": " + error.message());
  }
  auto connection = SqliteConnection::open(path, "dlq store");
  if (!connection.ok()) {
    return connection.error();
  }
  if (Status status = prepareDlqDatabase(connection->get()); !status.ok()) {
    return status.error();
  }
  auto store = std::make_unique<SqliteDlqStore>(Key(), std::move(connection.value()));
  if (Status status = store->prepareStatements(); !status.ok()) {
    return status.error();
  }
  return store;
}

SqliteDlqStore::SqliteDlqStore(Key, std::unique_ptr<SqliteConnection> connection)
    : connection_(std::move(connection)) {}

SqliteDlqStore::~SqliteDlqStore() = default;

Status SqliteDlqStore::prepareStatements() {
  const std::string by_id = std::string(kSelectRecord) + " WHERE id = ?";
  const std::string by_event_id =
      std::string(kSelectRecord) + " WHERE event_id = ? ORDER BY id LIMIT 1";
  const std::pair<SqliteStatement*, std::string_view> statements[] = {
      {&insert_record_, kInsertRecord},
      {&insert_body_, kInsertBody},
      {&get_by_id_, by_id},
      {&get_by_event_id_, by_event_id},
      {&append_replay_, kAppendReplay},
      {&count_replay_, kCountReplay},
  };
  for (const auto& [statement, sql] : statements) {
    auto prepared = connection_->prepare(sql);
    if (!prepared.ok()) {
      return prepared.error();
    }
    *statement = std::move(prepared.value());
  }
  return okStatus();
}

Status SqliteDlqStore::append(const std::vector<DlqRecord>& records) {
  for (const DlqRecord& record : records) {
    if (record.id.empty()) {
      return makeError(
          Errc::kInvalidArgument,
          "dlq store " + path() + ": a record without an id (event " + record.event_id + ")");
    }
  }
  if (records.empty()) {
    return okStatus();
  }
  // One transaction for the batch: all or nothing, and one fsync for N records.
  SqliteTransaction transaction(connection_.get());
  if (Status status = transaction.begin("cannot start the append"); !status.ok()) {
    return status;
  }
  for (const DlqRecord& record : records) {
    if (Status status = insert(record); !status.ok()) {
      return status;
    }
  }
  return transaction.commit("cannot commit " + std::to_string(records.size()) + " records");
}

Status SqliteDlqStore::insert(const DlqRecord& record) {
  sqlite3_stmt* statement = insert_record_.get();
  {
    StatementReset reset(statement);
    int index = 0;
    const bool bound = bindText(statement, ++index, record.id) &&
                       bindText(statement, ++index, record.event_id) &&
                       bindText(statement, ++index, record.function) &&
                       bindText(statement, ++index, record.trigger) &&
                       bindText(statement, ++index, record.reason) &&
                       bindInt(statement, ++index, record.dead_lettered_us) &&
                       bindInt(statement, ++index, record.lastStatus()) &&
                       bindText(statement, ++index, record.lastError()) &&
                       bindInt(statement, ++index, static_cast<int64_t>(record.replays.size()));
    if (!bound) {
      return connection_->error("cannot bind record " + record.id);
    }
    if (sqlite3_step(statement) != SQLITE_DONE) {
      return connection_->error("cannot append record " + record.id);
    }
  }
  statement = insert_body_.get();
  StatementReset reset(statement);
  int index = 0;
  const bool bound = bindInt(statement, ++index, connection_->lastInsertRowid()) &&
                     bindText(statement, ++index, record.event_kind) &&
                     bindInt(statement, ++index, record.event_time_us) &&
                     bindText(statement, ++index, record.source) &&
                     bindText(statement, ++index, record.content_type) &&
                     bindText(statement, ++index, record.traceparent) &&
                     bindText(statement, ++index, record.partition_key) &&
                     bindInt(statement, ++index, record.hops) &&
                     bindText(statement, ++index, record.format) &&
                     bindText(statement, ++index, attributesToJson(record.attributes)) &&
                     bindText(statement, ++index, attemptsToJson(record.attempts)) &&
                     bindText(statement, ++index, replaysToJson(record.replays)) &&
                     bindBlob(statement, ++index, record.payload);
  if (!bound) {
    return connection_->error("cannot bind the body of record " + record.id);
  }
  if (sqlite3_step(statement) != SQLITE_DONE) {
    return connection_->error("cannot append the body of record " + record.id);
  }
  return okStatus();
}

Result<std::vector<DlqRecord>> SqliteDlqStore::list(const DlqFilter& filter) {
  const FilterSql sql = filterToSql(filter);
  auto statement = statementFor(kSelectRecord + sql.where + orderAndLimit(sql));
  if (!statement.ok()) {
    return statement.error();
  }
  if (Status status = bindFilter(*statement, sql); !status.ok()) {
    return status.error();
  }
  std::vector<DlqRecord> records;
  if (Status status = readRecords(*statement, &records); !status.ok()) {
    return status.error();
  }
  return records;
}

Result<size_t> SqliteDlqStore::count(const DlqFilter& filter) {
  const FilterSql sql = filterToSql(filter);
  // With a limit the count is of the page list() would return; without one, count(*) over the
  // filter directly (an index-only scan when an index covers the filter).
  std::string text = sql.limit > 0 ? "SELECT count(*) FROM (SELECT 1 FROM dlq_records" + sql.where +
                                         orderAndLimit(sql) + ")"
                                   : "SELECT count(*) FROM dlq_records" + sql.where;
  auto statement = statementFor(text);
  if (!statement.ok()) {
    return statement.error();
  }
  if (Status status = bindFilter(*statement, sql); !status.ok()) {
    return status.error();
  }
  auto counted = connection_->queryInt(*statement, "cannot count records");
  if (!counted.ok()) {
    return counted.error();
  }
  return static_cast<size_t>(*counted);
}

Result<std::optional<DlqRecord>> SqliteDlqStore::get(const std::string& id) {
  // A record id first; failing that the oldest record of that event (an event that fanned out to
  // several functions has one record per function).
  for (sqlite3_stmt* statement : {get_by_id_.get(), get_by_event_id_.get()}) {
    StatementReset reset(statement);
    if (!bindText(statement, 1, id)) {
      return connection_->error("cannot bind id " + id);
    }
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_ROW) {
      auto record = readRecord(statement);
      if (!record.ok()) {
        return record.error();
      }
      return std::optional<DlqRecord>(std::move(record.value()));
    }
    if (rc != SQLITE_DONE) {
      return connection_->error("cannot read record " + id);
    }
  }
  return std::optional<DlqRecord>();
}

Status SqliteDlqStore::markReplayed(const std::vector<std::string>& ids,
                                    const ReplayRecord& replay) {
  if (ids.empty()) {
    return okStatus();
  }
  const std::string replay_json = replayToJson(replay);
  const std::string ids_json = stringsToJson(ids);
  SqliteTransaction transaction(connection_.get());
  if (Status status = transaction.begin("cannot start marking records replayed"); !status.ok()) {
    return status;
  }
  // Each statement handles the whole batch (the ids are one bound JSON array).
  sqlite3_stmt* append_replay = append_replay_.get();
  if (!bindText(append_replay, 1, replay_json) || !bindText(append_replay, 2, ids_json)) {
    Error error = connection_->error("cannot bind the replayed ids");
    StatementReset reset(append_replay);
    return error;
  }
  if (Status status = connection_->run(append_replay, "cannot add the replay to the history");
      !status.ok()) {
    return status;
  }
  sqlite3_stmt* count_replay = count_replay_.get();
  if (!bindText(count_replay, 1, ids_json)) {
    Error error = connection_->error("cannot bind the replayed ids");
    StatementReset reset(count_replay);
    return error;
  }
  if (Status status = connection_->run(count_replay, "cannot count the replay"); !status.ok()) {
    return status;
  }
  return transaction.commit("cannot commit marking " + std::to_string(ids.size()) +
                            " records replayed");
}

Result<size_t> SqliteDlqStore::purge(const DlqFilter& filter) {
  const FilterSql sql = filterToSql(filter);
  // Without a limit, a plain DELETE ... WHERE; with one, the page is chosen in id order exactly
  // as list() would choose it. One statement either way, hence one implicit transaction, which
  // deletes the bodies too (ON DELETE CASCADE).
  std::string text = sql.limit > 0 ? "DELETE FROM dlq_records WHERE rowid IN (SELECT rowid FROM "
                                     "dlq_records" +
                                         sql.where + orderAndLimit(sql) + ")"
                                   : "DELETE FROM dlq_records" + sql.where;
  auto statement = statementFor(text);
  if (!statement.ok()) {
    return statement.error();
  }
  if (Status status = bindFilter(*statement, sql); !status.ok()) {
    return status.error();
  }
  if (Status status = connection_->run(*statement, "cannot purge records"); !status.ok()) {
    return status.error();
  }
  return static_cast<size_t>(connection_->changes());
}

Result<sqlite3_stmt*> SqliteDlqStore::statementFor(const std::string& sql) {
  if (auto found = filter_statements_.find(sql); found != filter_statements_.end()) {
    return found->second.get();
  }
  if (filter_statements_.size() >= kMaxCachedFilterStatements) {
    filter_statements_.clear();
  }
  auto prepared = connection_->prepare(sql);
  if (!prepared.ok()) {
    return prepared.error();
  }
  sqlite3_stmt* statement = prepared->get();
  filter_statements_.emplace(sql, std::move(prepared.value()));
  return statement;
}

Status SqliteDlqStore::bindFilter(sqlite3_stmt* statement, const FilterSql& sql) {
  int index = 0;
  for (const auto& value : sql.values) {
    const bool bound = std::holds_alternative<int64_t>(value)
                           ? bindInt(statement, ++index, std::get<int64_t>(value))
                           : bindText(statement, ++index, std::get<std::string>(value));
    if (!bound) {
      return connection_->error("cannot bind the filter");
    }
  }
  if (sql.limit > 0 && !bindInt(statement, ++index, sql.limit)) {
    return connection_->error("cannot bind the filter's limit");
  }
  return okStatus();
}

Status SqliteDlqStore::readRecords(sqlite3_stmt* statement, std::vector<DlqRecord>* records) {
  StatementReset reset(statement);
  for (;;) {
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) {
      return okStatus();
    }
    if (rc != SQLITE_ROW) {
      return connection_->error("cannot list records");
    }
    auto record = readRecord(statement);
    if (!record.ok()) {
      return record.error();
    }
    records->push_back(std::move(record.value()));
  }
}

Result<DlqRecord> SqliteDlqStore::readRecord(sqlite3_stmt* statement) {
  DlqRecord record;
  record.id = columnText(statement, kId);
  record.event_id = columnText(statement, kEventId);
  record.event_kind = columnText(statement, kEventKind);
  record.event_time_us = columnInt(statement, kEventTimeUs);
  record.source = columnText(statement, kSource);
  record.content_type = columnText(statement, kContentType);
  record.traceparent = columnText(statement, kTraceparent);
  record.partition_key = columnText(statement, kPartitionKey);
  const int64_t hops = columnInt(statement, kHops);
  record.trigger = columnText(statement, kTrigger);
  record.function = columnText(statement, kFunction);
  record.format = columnText(statement, kFormat);
  record.reason = columnText(statement, kReason);
  record.dead_lettered_us = columnInt(statement, kDeadLetteredUs);
  record.payload = columnBlob(statement, kPayload);
  // Stored values are checked, not trusted: the file can be edited or damaged outside the store.
  const char* malformed = nullptr;
  if (hops < 0 || hops > std::numeric_limits<uint16_t>::max()) {
    malformed = "hops";
  } else if (!parseAttributes(columnText(statement, kAttributes), &record.attributes)) {
    malformed = "attributes";
  } else if (!parseAttempts(columnText(statement, kAttempts), &record.attempts)) {
    malformed = "attempts";
  } else if (!parseReplays(columnText(statement, kReplays), &record.replays)) {
    malformed = "replays";
  }
  if (malformed != nullptr) {
    return connection_->plainError("record " + record.id + " has a malformed " + malformed +
                                   " column");
  }
  record.hops = static_cast<uint16_t>(hops);
  return record;
}

}  // namespace switchyard::dlq
