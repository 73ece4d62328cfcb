#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dispatcher/dlq/dlq_store.h"
#include "dispatcher/dlq/sqlite_connection.h"

namespace switchyard::dlq {

struct FilterSql;

// The embedded DLQ backend: one SQLite file, DATA_DIR/dlq.sqlite, in WAL mode with
// synchronous=FULL. The gateway and the CLI may have the same file open at once (each with its
// own store object): readers never block the writer, and writers wait up to the busy timeout for
// each other.
//
// NOTE: like every DlqStore, used by one thread at a time, and every call blocks on disk I/O
// (append and markReplayed wait for an fsync).
class SqliteDlqStore final : public DlqStore {
 public:
  static constexpr const char* kFileName = "dlq.sqlite";

  // Opens DATA_DIR/dlq.sqlite, creating the directory (with its parents) and the file if
  // missing, and migrating an older schema.
  static Result<std::unique_ptr<SqliteDlqStore>> open(const std::string& data_dir);

  // Only open() can make the key, so only open() constructs.
  class Key {
    friend class SqliteDlqStore;
    Key() = default;
  };
  SqliteDlqStore(Key, std::unique_ptr<SqliteConnection> connection);
  ~SqliteDlqStore() override;

  // Fails with kInvalidArgument on a record without an id; a duplicate id fails the whole call.
  Status append(const std::vector<DlqRecord>& records) override;
  Result<std::vector<DlqRecord>> list(const DlqFilter& filter) override;
  // The number of records list(filter) would return (so `limit` and `after_id` apply).
  Result<size_t> count(const DlqFilter& filter) override;
  Result<std::optional<DlqRecord>> get(const std::string& id) override;
  // `ids` are record ids (an event id can name several records: one per function it fanned out
  // to). Ids that match nothing are skipped: they were purged after being listed.
  Status markReplayed(const std::vector<std::string>& ids, const ReplayRecord& replay) override;
  // Deletes exactly the records list(filter) would return. An empty filter deletes everything.
  Result<size_t> purge(const DlqFilter& filter) override;

  const std::string& path() const { return connection_->path(); }

 private:
  Status prepareStatements();
  // The cached statement for `sql` (list/count/purge: one per filter shape), prepared on first
  // use.
  Result<sqlite3_stmt*> statementFor(const std::string& sql);
  Status bindFilter(sqlite3_stmt* statement, const FilterSql& sql);
  Status insert(const DlqRecord& record);
  // Steps `statement` and reads every row it returns.
  Status readRecords(sqlite3_stmt* statement, std::vector<DlqRecord>* records);
  Result<DlqRecord> readRecord(sqlite3_stmt* statement);

  // Declared first so it is destroyed last, after the statements prepared on it.
  std::unique_ptr<SqliteConnection> connection_;
  SqliteStatement insert_record_;
  SqliteStatement insert_body_;
  SqliteStatement get_by_id_;
  SqliteStatement get_by_event_id_;
  SqliteStatement append_replay_;
  SqliteStatement count_replay_;
  std::unordered_map<std::string, SqliteStatement> filter_statements_;
};

}  // namespace switchyard::dlq
