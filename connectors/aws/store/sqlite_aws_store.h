#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "connectors/aws/store/aws_store_change.h"
#include "gateway/core/result.h"
#include "gateway/store/sqlite_connection.h"

namespace switchyard::aws {

// The AWS services' state (SQS queues, messages and deduplication records; SNS topics and
// subscriptions) in one SQLite file, DATA_DIR/aws.sqlite, in WAL mode with synchronous=FULL
// (schema: sqlite_aws_schema.cc). load() reads it all back at start; apply() writes a batch of
// changes in one transaction.
//
// NOTE: used by one thread at a time, and every call blocks on disk I/O (apply waits for an
// fsync): the control thread opens and loads it before the gateway serves, then the store thread
// (AwsStoreWriter) owns it. Never called on a loop that serves requests.
class SqliteAwsStore {
 public:
  static constexpr const char* kFileName = "aws.sqlite";

  // Opens DATA_DIR/aws.sqlite, creating the directory (with its parents) and the file if missing
  // and migrating an older schema.
  static Result<std::unique_ptr<SqliteAwsStore>> open(const std::string& data_dir);

  // Only open() can make the key, so only open() constructs.
  class Key {
    friend class SqliteAwsStore;
    Key() = default;
  };
  SqliteAwsStore(Key, std::unique_ptr<store::SqliteConnection> connection);
  ~SqliteAwsStore();
  SqliteAwsStore(const SqliteAwsStore&) = delete;
  SqliteAwsStore& operator=(const SqliteAwsStore&) = delete;

  const std::string& path() const { return connection_->path(); }

  // Everything stored. Deduplication records that expired before `now_ms` are left out.
  // Snapshots keep next_message_key at 1: the engine continues from the largest key restored and
  // the clock (message keys derive from it).
  Result<AwsState> load(int64_t now_ms);

  // Applies `changes` in order, all or nothing, in one transaction (one fsync). Also drops
  // deduplication records that expired before `now_ms` (at most once a minute). A failed call
  // changed nothing, so the same batch may be applied again.
  Status apply(std::span<const StoreChange> changes, int64_t now_ms);

 private:
  struct Statements;
  Status prepareStatements();
  Status applyOne(const StoreChange& change);
  Status dropExpiredDeduplication(int64_t now_ms);

  // Declared first so it is destroyed last, after the statements prepared on it.
  std::unique_ptr<store::SqliteConnection> connection_;
  std::unique_ptr<Statements> statements_;
  int64_t deduplication_swept_ms_ = 0;
};

}  // namespace switchyard::aws
