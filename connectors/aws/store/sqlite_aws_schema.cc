#include "connectors/aws/store/sqlite_aws_schema.h"

#include <iterator>
#include <string>

namespace switchyard::aws {
namespace {

// How long a statement waits for another connection's lock (the sqlite3 shell reading while the
// gateway writes) before failing with a retryable error.
constexpr int kBusyTimeoutMs = 5000;

// Version 1. One row per queue, message, deduplication record, topic and subscription; the store
// thread applies the engines' changes to them in order (aws_store_change.h).
//
// sqs_messages: every MessageRecord field as a column. The columns that change after the send
// (receive_count, visible_at_ms, first/last_receive_ms) are updated in place on receives and
// visibility changes; the rest is written once. The body is a BLOB (bytes as sent); message
// attributes are JSON (aws_store_json.h). A message is identified by (queue, key): keys are unique
// within a queue and increase in send order, so loading `ORDER BY queue, key` walks the primary
// key index and gives each queue's messages in FIFO order. A rowid table, not WITHOUT ROWID:
// bodies reach 256 KiB, far past the row size WITHOUT ROWID tables are meant for.
//
// 64-bit unsigned values (keys, sequence numbers, incarnations) are stored as their int64 bit
// pattern. Times are Unix milliseconds. Queues and topics are keyed by name and ARN; a deleted
// queue's rows go with it in the same transaction.
//
// sns_subscriptions keeps its rowid as the creation order (an upsert updates in place, so the
// rowid stays), which is the order a topic delivers in.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE sqs_queues (
  name             TEXT PRIMARY KEY,
  attributes       TEXT NOT NULL,
  tags             TEXT NOT NULL,
  created_ms       INTEGER NOT NULL,
  last_modified_ms INTEGER NOT NULL,
  last_purge_ms    INTEGER,
  incarnation      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE sqs_messages (
  queue                        TEXT NOT NULL,
  key                          INTEGER NOT NULL,
  message_id                   TEXT NOT NULL,
  body                         BLOB NOT NULL,
  message_attributes           TEXT NOT NULL,
  sent_ms                      INTEGER NOT NULL,
  enqueued_ms                  INTEGER NOT NULL,
  receive_count                INTEGER NOT NULL,
  visible_at_ms                INTEGER NOT NULL,
  first_receive_ms             INTEGER NOT NULL,
  last_receive_ms              INTEGER NOT NULL,
  sender_id                    TEXT NOT NULL,
  aws_trace_header             TEXT NOT NULL,
  message_group_id             TEXT NOT NULL,
  message_deduplication_id     TEXT NOT NULL,
  sequence_number              INTEGER NOT NULL,
  dead_letter_queue_source_arn TEXT NOT NULL,
  PRIMARY KEY (queue, key)
);
CREATE TABLE sqs_deduplication (
  queue           TEXT NOT NULL,
  key             TEXT NOT NULL,
  message_id      TEXT NOT NULL,
  sequence_number INTEGER NOT NULL,
  expires_ms      INTEGER NOT NULL,
  PRIMARY KEY (queue, key)
) WITHOUT ROWID;
CREATE INDEX sqs_deduplication_by_expiry ON sqs_deduplication (expires_ms);
CREATE TABLE sns_topics (
  arn        TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  attributes TEXT NOT NULL,
  tags       TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE sns_subscriptions (
  arn                  TEXT NOT NULL UNIQUE,
  topic_arn            TEXT NOT NULL,
  protocol             TEXT NOT NULL,
  endpoint             TEXT NOT NULL,
  filter_policy        TEXT NOT NULL,
  filter_policy_scope  TEXT NOT NULL,
  raw_message_delivery INTEGER NOT NULL
);
CREATE INDEX sns_subscriptions_by_topic ON sns_subscriptions (topic_arn);
)sql";

// kMigrations[i] takes the schema from version i to i + 1. A new version appends one entry and
// bumps kAwsSchemaVersion.
constexpr const char* kMigrations[] = {kSchemaV1};
static_assert(std::size(kMigrations) == kAwsSchemaVersion);

Status applySettings(store::SqliteConnection* connection) {
  if (Status status = connection->useWriteAheadLog(kBusyTimeoutMs); !status.ok()) {
    return status;
  }
  // A commit returns only after the WAL is fsynced: an acknowledged SendMessage survives a power
  // loss, not only a crash (NORMAL in WAL mode can lose the last commits on power loss). Commits
  // are grouped (one per batch of changes), so the fsync is paid per batch, not per message.
  if (Status status =
          connection->exec("PRAGMA synchronous = FULL", "cannot set synchronous = FULL");
      !status.ok()) {
    return status;
  }
  // A checkpoint rewinds the WAL but keeps its size; without a limit a burst of sends would
  // leave the -wal file that large while the gateway runs.
  return connection->exec("PRAGMA journal_size_limit = 67108864", "cannot limit the WAL size");
}

Error unknownVersion(store::SqliteConnection* connection, int64_t version) {
  return connection->plainError("the file has schema version " + std::to_string(version) +
                                ", this build reads versions up to " +
                                std::to_string(kAwsSchemaVersion) +
                                " (was it written by a newer Switchyard?)");
}

Status migrate(store::SqliteConnection* connection) {
  auto version = connection->queryInt("PRAGMA user_version", "cannot read the schema version");
  if (!version.ok()) {
    return version.error();
  }
  if (*version == kAwsSchemaVersion) {
    return okStatus();
  }
  if (*version > kAwsSchemaVersion || *version < 0) {
    return unknownVersion(connection, *version);
  }
  store::SqliteTransaction transaction(connection);
  if (Status status = transaction.begin("cannot start the schema migration"); !status.ok()) {
    return status;
  }
  // Again under the write lock: another process may have migrated since the first read.
  version = connection->queryInt("PRAGMA user_version", "cannot read the schema version");
  if (!version.ok()) {
    return version.error();
  }
  if (*version > kAwsSchemaVersion || *version < 0) {
    return unknownVersion(connection, *version);
  }
  for (int64_t from = *version; from < kAwsSchemaVersion; ++from) {
    const std::string what = "cannot migrate the schema to version " + std::to_string(from + 1);
    if (Status status = connection->exec(kMigrations[from], what); !status.ok()) {
      return status;
    }
  }
  // PRAGMA takes no bound parameters; the value is our own constant.
  const std::string set_version = "PRAGMA user_version = " + std::to_string(kAwsSchemaVersion);
  if (Status status = connection->exec(set_version.c_str(), "cannot record the schema version");
      !status.ok()) {
    return status;
  }
  return transaction.commit("cannot commit the schema migration");
}

}  // namespace

Status prepareAwsDatabase(store::SqliteConnection* connection) {
  if (Status status = applySettings(connection); !status.ok()) {
    return status;
  }
  return migrate(connection);
}

}  // namespace switchyard::aws
