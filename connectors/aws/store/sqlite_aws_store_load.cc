// SqliteAwsStore::load: everything the store holds, read back at start.

#include <sqlite3.h>

#include <map>
#include <string>

#include "connectors/aws/store/aws_store_json.h"
#include "connectors/aws/store/sqlite_aws_store.h"
#include "gateway/core/log.h"

namespace switchyard::aws {
namespace {

constexpr const char* kLoadQueues =
    "SELECT name, attributes, tags, created_ms, last_modified_ms, last_purge_ms, incarnation "
    "FROM sqs_queues ORDER BY name";
constexpr const char* kLoadMessages =
    "SELECT queue, key, message_id, body, message_attributes, sent_ms, enqueued_ms, "
    "receive_count, visible_at_ms, first_receive_ms, last_receive_ms, sender_id, "
    "aws_trace_header, message_group_id, message_deduplication_id, sequence_number, "
    "dead_letter_queue_source_arn FROM sqs_messages ORDER BY queue, key";
constexpr const char* kLoadDeduplication =
    "SELECT queue, key, message_id, sequence_number, expires_ms FROM sqs_deduplication "
    "WHERE expires_ms > ? ORDER BY queue, expires_ms, key";
constexpr const char* kLoadTopics =
    "SELECT arn, name, attributes, tags FROM sns_topics ORDER BY arn";
constexpr const char* kLoadSubscriptions =
    "SELECT arn, topic_arn, protocol, endpoint, filter_policy, filter_policy_scope, "
    "raw_message_delivery FROM sns_subscriptions ORDER BY rowid";

uint64_t columnUnsigned(sqlite3_stmt* statement, int column) {
  return static_cast<uint64_t>(store::columnInt(statement, column));
}

// Steps `statement` (already bound) and calls `read` for each row; stops at the first error.
template <typename ReadRow>
Status forEachRow(store::SqliteConnection* connection, sqlite3_stmt* statement,
                  std::string_view what, ReadRow read) {
  store::StatementReset reset(statement);
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    if (Status status = read(statement); !status.ok()) {
      return status;
    }
  }
  if (rc != SQLITE_DONE) {
    return connection->error(what);
  }
  return okStatus();
}

}  // namespace

Result<AwsState> SqliteAwsStore::load(int64_t now_ms) {
  AwsState state;
  std::map<std::string, size_t, std::less<>> queue_index;
  auto malformed = [this](const std::string& what) {
    return connection_->plainError("a stored value is malformed: " + what);
  };
  auto prepare = [this](const char* sql) { return connection_->prepare(sql); };

  auto queues = prepare(kLoadQueues);
  if (!queues.ok()) {
    return queues.error();
  }
  Status read = forEachRow(
      connection_.get(), queues->get(), "cannot read the queues", [&](sqlite3_stmt* row) {
        sqs::QueueSnapshot snapshot;
        sqs::QueueRecord& queue = snapshot.queue;
        queue.name = store::columnText(row, 0);
        if (!jsonToStringMap(store::columnText(row, 1), &queue.attributes) ||
            !jsonToStringMap(store::columnText(row, 2), &queue.tags)) {
          return Status(malformed("the attributes or tags of queue " + queue.name));
        }
        queue.created_ms = store::columnInt(row, 3);
        queue.last_modified_ms = store::columnInt(row, 4);
        if (sqlite3_column_type(row, 5) != SQLITE_NULL) {
          queue.last_purge_ms = store::columnInt(row, 5);
        }
        queue.incarnation = columnUnsigned(row, 6);
        queue_index.emplace(queue.name, state.queues.size());
        state.queues.push_back(std::move(snapshot));
        return okStatus();
      });
  if (!read.ok()) {
    return read.error();
  }

  // Rows of a queue that is not there cannot come from apply() (a queue's rows go in the same
  // transaction as the queue); if a hand-edited file has some, they are skipped and counted.
  size_t orphans = 0;
  auto messages = prepare(kLoadMessages);
  if (!messages.ok()) {
    return messages.error();
  }
  read = forEachRow(
      connection_.get(), messages->get(), "cannot read the messages", [&](sqlite3_stmt* row) {
        auto queue = queue_index.find(store::columnText(row, 0));
        if (queue == queue_index.end()) {
          ++orphans;
          return okStatus();
        }
        sqs::MessageRecord message;
        message.key = columnUnsigned(row, 1);
        message.message_id = store::columnText(row, 2);
        message.body = store::columnBlob(row, 3);
        if (!jsonToMessageAttributes(store::columnText(row, 4), &message.message_attributes)) {
          return Status(malformed("the attributes of message " + message.message_id));
        }
        message.sent_ms = store::columnInt(row, 5);
        message.enqueued_ms = store::columnInt(row, 6);
        message.receive_count = static_cast<uint32_t>(store::columnInt(row, 7));
        message.visible_at_ms = store::columnInt(row, 8);
        message.first_receive_ms = store::columnInt(row, 9);
        message.last_receive_ms = store::columnInt(row, 10);
        message.sender_id = store::columnText(row, 11);
        message.aws_trace_header = store::columnText(row, 12);
        message.message_group_id = store::columnText(row, 13);
        message.message_deduplication_id = store::columnText(row, 14);
        message.sequence_number = columnUnsigned(row, 15);
        message.dead_letter_queue_source_arn = store::columnText(row, 16);
        state.queues[queue->second].messages.push_back(std::move(message));
        return okStatus();
      });
  if (!read.ok()) {
    return read.error();
  }

  auto deduplication = prepare(kLoadDeduplication);
  if (!deduplication.ok()) {
    return deduplication.error();
  }
  if (!store::bindInt(deduplication->get(), 1, now_ms)) {
    return connection_->error("cannot bind the time to the deduplication query");
  }
  read = forEachRow(connection_.get(), deduplication->get(),
                    "cannot read the deduplication records", [&](sqlite3_stmt* row) {
                      auto queue = queue_index.find(store::columnText(row, 0));
                      if (queue == queue_index.end()) {
                        ++orphans;
                        return okStatus();
                      }
                      sqs::DeduplicationRecord record;
                      record.key = store::columnText(row, 1);
                      record.message_id = store::columnText(row, 2);
                      record.sequence_number = columnUnsigned(row, 3);
                      record.expires_ms = store::columnInt(row, 4);
                      state.queues[queue->second].deduplication.push_back(std::move(record));
                      return okStatus();
                    });
  if (!read.ok()) {
    return read.error();
  }

  auto topics = prepare(kLoadTopics);
  if (!topics.ok()) {
    return topics.error();
  }
  read = forEachRow(connection_.get(), topics->get(), "cannot read the topics",
                    [&](sqlite3_stmt* row) {
                      sns::TopicRecord topic;
                      topic.arn = store::columnText(row, 0);
                      topic.name = store::columnText(row, 1);
                      if (!jsonToStringMap(store::columnText(row, 2), &topic.attributes) ||
                          !jsonToStringMap(store::columnText(row, 3), &topic.tags)) {
                        return Status(malformed("the attributes or tags of topic " + topic.arn));
                      }
                      state.topics.push_back(std::move(topic));
                      return okStatus();
                    });
  if (!read.ok()) {
    return read.error();
  }

  auto subscriptions = prepare(kLoadSubscriptions);
  if (!subscriptions.ok()) {
    return subscriptions.error();
  }
  read = forEachRow(connection_.get(), subscriptions->get(), "cannot read the subscriptions",
                    [&](sqlite3_stmt* row) {
                      sns::SubscriptionRecord subscription;
                      subscription.arn = store::columnText(row, 0);
                      subscription.topic_arn = store::columnText(row, 1);
                      subscription.protocol = store::columnText(row, 2);
                      subscription.endpoint = store::columnText(row, 3);
                      subscription.filter_policy = store::columnText(row, 4);
                      subscription.filter_policy_scope = store::columnText(row, 5);
                      subscription.raw_message_delivery = store::columnInt(row, 6) != 0;
                      state.subscriptions.push_back(std::move(subscription));
                      return okStatus();
                    });
  if (!read.ok()) {
    return read.error();
  }
  if (orphans > 0) {
    log::warn("aws-store", "Rows of queues that do not exist were skipped.",
              {{"path", path()}, {"rows", orphans}});
  }
  return state;
}

}  // namespace switchyard::aws
