#include "connectors/aws/store/sqlite_aws_store.h"

#include <sqlite3.h>

#include <filesystem>
#include <string_view>
#include <utility>

#include "connectors/aws/store/aws_store_json.h"
#include "connectors/aws/store/sqlite_aws_schema.h"

namespace switchyard::aws {
namespace {

constexpr int64_t kDeduplicationSweepIntervalMs = 60'000;

constexpr const char* kSaveQueue =
    "INSERT OR REPLACE INTO sqs_queues (name, attributes, tags, created_ms, last_modified_ms, "
    "last_purge_ms, incarnation) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kDeleteQueue = "DELETE FROM sqs_queues WHERE name = ?";
constexpr const char* kDeleteQueueMessages = "DELETE FROM sqs_messages WHERE queue = ?";
constexpr const char* kDeleteQueueDeduplication = "DELETE FROM sqs_deduplication WHERE queue = ?";
constexpr const char* kSaveMessage =
    "INSERT OR REPLACE INTO sqs_messages (queue, key, message_id, body, message_attributes, "
    "sent_ms, enqueued_ms, receive_count, visible_at_ms, first_receive_ms, last_receive_ms, "
    "sender_id, aws_trace_header, message_group_id, message_deduplication_id, sequence_number, "
    "dead_letter_queue_source_arn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSaveMessageState =
    "UPDATE sqs_messages SET receive_count = ?3, visible_at_ms = ?4, first_receive_ms = ?5, "
    "last_receive_ms = ?6 WHERE queue = ?1 AND key = ?2";
constexpr const char* kDeleteMessage = "DELETE FROM sqs_messages WHERE queue = ? AND key = ?";
constexpr const char* kSaveDeduplication =
    "INSERT OR REPLACE INTO sqs_deduplication (queue, key, message_id, sequence_number, "
    "expires_ms) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kDropExpiredDeduplication =
    "DELETE FROM sqs_deduplication WHERE expires_ms <= ?";
constexpr const char* kSaveTopic =
    "INSERT OR REPLACE INTO sns_topics (arn, name, attributes, tags) VALUES (?, ?, ?, ?)";
constexpr const char* kDeleteTopic = "DELETE FROM sns_topics WHERE arn = ?";
constexpr const char* kDeleteTopicSubscriptions =
    "DELETE FROM sns_subscriptions WHERE topic_arn = ?";
// An upsert rather than INSERT OR REPLACE: the row keeps its rowid, the creation order.
constexpr const char* kSaveSubscription =
    "INSERT INTO sns_subscriptions (arn, topic_arn, protocol, endpoint, filter_policy, "
    "filter_policy_scope, raw_message_delivery) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (arn) DO UPDATE SET topic_arn = excluded.topic_arn, protocol = "
    "excluded.protocol, endpoint = excluded.endpoint, filter_policy = excluded.filter_policy, "
    "filter_policy_scope = excluded.filter_policy_scope, raw_message_delivery = "
    "excluded.raw_message_delivery";
constexpr const char* kDeleteSubscription = "DELETE FROM sns_subscriptions WHERE arn = ?";

// Binds parameters 1, 2, 3, ... in turn; ok() is false once any bind failed.
class Binder {
 public:
  explicit Binder(sqlite3_stmt* statement) : statement_(statement) {}
  Binder& text(std::string_view value) { return track(store::bindText(statement_, next_, value)); }
  Binder& blob(std::string_view value) { return track(store::bindBlob(statement_, next_, value)); }
  Binder& integer(int64_t value) { return track(store::bindInt(statement_, next_, value)); }
  // 64-bit unsigned values are stored as their int64 bit pattern (modular since C++20).
  Binder& unsignedInteger(uint64_t value) { return integer(static_cast<int64_t>(value)); }
  Binder& null() { return track(sqlite3_bind_null(statement_, next_) == SQLITE_OK); }
  bool ok() const { return ok_; }

 private:
  Binder& track(bool bound) {
    ok_ = ok_ && bound;
    ++next_;
    return *this;
  }
  sqlite3_stmt* statement_;
  int next_ = 1;
  bool ok_ = true;
};

}  // namespace

struct SqliteAwsStore::Statements {
  store::SqliteStatement save_queue;
  store::SqliteStatement delete_queue;
  store::SqliteStatement delete_queue_messages;
  store::SqliteStatement delete_queue_deduplication;
  store::SqliteStatement save_message;
  store::SqliteStatement save_message_state;
  store::SqliteStatement delete_message;
  store::SqliteStatement save_deduplication;
  store::SqliteStatement drop_expired_deduplication;
  store::SqliteStatement save_topic;
  store::SqliteStatement delete_topic;
  store::SqliteStatement delete_topic_subscriptions;
  store::SqliteStatement save_subscription;
  store::SqliteStatement delete_subscription;
};

Result<std::unique_ptr<SqliteAwsStore>> SqliteAwsStore::open(const std::string& data_dir) {
  if (data_dir.empty()) {
    return makeError(Errc::kInvalidArgument, "aws store: the data directory is not set");
  }
  const std::string path = (std::filesystem::path(data_dir) / kFileName).string();
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    return makeError(Errc::kIo, "aws store " + path + ": cannot create the directory " + data_dir +
                                    ": " + error.message());
  }
  auto connection = store::SqliteConnection::open(path, "aws store");
  if (!connection.ok()) {
    return connection.error();
  }
  if (Status status = prepareAwsDatabase(connection->get()); !status.ok()) {
    return status.error();
  }
  auto opened = std::make_unique<SqliteAwsStore>(Key(), std::move(connection).value());
  if (Status status = opened->prepareStatements(); !status.ok()) {
    return status.error();
  }
  return opened;
}

SqliteAwsStore::SqliteAwsStore(Key, std::unique_ptr<store::SqliteConnection> connection)
    : connection_(std::move(connection)), statements_(std::make_unique<Statements>()) {}

SqliteAwsStore::~SqliteAwsStore() = default;

Status SqliteAwsStore::prepareStatements() {
  Statements& s = *statements_;
  const std::pair<store::SqliteStatement*, std::string_view> statements[] = {
      {&s.save_queue, kSaveQueue},
      {&s.delete_queue, kDeleteQueue},
      {&s.delete_queue_messages, kDeleteQueueMessages},
      {&s.delete_queue_deduplication, kDeleteQueueDeduplication},
      {&s.save_message, kSaveMessage},
      {&s.save_message_state, kSaveMessageState},
      {&s.delete_message, kDeleteMessage},
      {&s.save_deduplication, kSaveDeduplication},
      {&s.drop_expired_deduplication, kDropExpiredDeduplication},
      {&s.save_topic, kSaveTopic},
      {&s.delete_topic, kDeleteTopic},
      {&s.delete_topic_subscriptions, kDeleteTopicSubscriptions},
      {&s.save_subscription, kSaveSubscription},
      {&s.delete_subscription, kDeleteSubscription},
  };
  for (const auto& [statement, sql] : statements) {
    auto prepared = connection_->prepare(sql);
    if (!prepared.ok()) {
      return prepared.error();
    }
    *statement = std::move(prepared).value();
  }
  return okStatus();
}

Status SqliteAwsStore::apply(std::span<const StoreChange> changes, int64_t now_ms) {
  store::SqliteTransaction transaction(connection_.get());
  if (Status status = transaction.begin("cannot start a transaction"); !status.ok()) {
    return status;
  }
  for (const StoreChange& change : changes) {
    if (Status status = applyOne(change); !status.ok()) {
      return status;  // the transaction rolls back
    }
  }
  if (now_ms - deduplication_swept_ms_ >= kDeduplicationSweepIntervalMs) {
    if (Status status = dropExpiredDeduplication(now_ms); !status.ok()) {
      return status;
    }
  }
  if (Status status = transaction.commit("cannot commit"); !status.ok()) {
    return status;
  }
  if (now_ms - deduplication_swept_ms_ >= kDeduplicationSweepIntervalMs) {
    deduplication_swept_ms_ = now_ms;
  }
  return okStatus();
}

Status SqliteAwsStore::dropExpiredDeduplication(int64_t now_ms) {
  sqlite3_stmt* statement = statements_->drop_expired_deduplication.get();
  if (!Binder(statement).integer(now_ms).ok()) {
    return connection_->error("cannot bind the deduplication expiry");
  }
  return connection_->run(statement, "cannot drop expired deduplication records");
}

Status SqliteAwsStore::applyOne(const StoreChange& change) {
  Statements& s = *statements_;
  // Binds with `bind`, then steps `statement` to completion. The error text (`what` and
  // `subject`, a queue name or ARN) is built only on failure: this runs for every change.
  auto run = [this](sqlite3_stmt* statement, std::string_view what, std::string_view subject,
                    auto bind) -> Status {
    store::StatementReset reset(statement);
    Binder binder(statement);
    bind(binder);
    const bool bound = binder.ok();
    if (bound && sqlite3_step(statement) == SQLITE_DONE) {
      return okStatus();
    }
    std::string message = bound ? "cannot " : "cannot bind the parameters to ";
    message.append(what).append(" ").append(subject);
    return connection_->error(message);
  };
  return std::visit(
      [&](const auto& c) -> Status {
        using Change = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<Change, QueueSaved>) {
          const sqs::QueueRecord& queue = c.queue;
          return run(s.save_queue.get(), "save queue", queue.name, [&](Binder& b) {
            b.text(queue.name)
                .text(stringMapToJson(queue.attributes))
                .text(stringMapToJson(queue.tags))
                .integer(queue.created_ms)
                .integer(queue.last_modified_ms);
            queue.last_purge_ms ? b.integer(*queue.last_purge_ms) : b.null();
            b.unsignedInteger(queue.incarnation);
          });
        } else if constexpr (std::is_same_v<Change, QueueDeleted>) {
          for (sqlite3_stmt* statement :
               {s.delete_queue_messages.get(), s.delete_queue_deduplication.get(),
                s.delete_queue.get()}) {
            if (Status status =
                    run(statement, "delete queue", c.queue, [&](Binder& b) { b.text(c.queue); });
                !status.ok()) {
              return status;
            }
          }
          return okStatus();
        } else if constexpr (std::is_same_v<Change, QueuePurged>) {
          return run(s.delete_queue_messages.get(), "purge queue", c.queue,
                     [&](Binder& b) { b.text(c.queue); });
        } else if constexpr (std::is_same_v<Change, MessageSaved>) {
          const sqs::MessageRecord& m = c.message;
          return run(s.save_message.get(), "save a message of queue", c.queue, [&](Binder& b) {
            b.text(c.queue)
                .unsignedInteger(m.key)
                .text(m.message_id)
                .blob(m.body)
                .text(messageAttributesToJson(m.message_attributes))
                .integer(m.sent_ms)
                .integer(m.enqueued_ms)
                .integer(m.receive_count)
                .integer(m.visible_at_ms)
                .integer(m.first_receive_ms)
                .integer(m.last_receive_ms)
                .text(m.sender_id)
                .text(m.aws_trace_header)
                .text(m.message_group_id)
                .text(m.message_deduplication_id)
                .unsignedInteger(m.sequence_number)
                .text(m.dead_letter_queue_source_arn);
          });
        } else if constexpr (std::is_same_v<Change, MessageStateSaved>) {
          const sqs::MessageStateRecord& state = c.state;
          return run(s.save_message_state.get(), "update a message of queue", c.queue,
                     [&](Binder& b) {
                       b.text(c.queue)
                           .unsignedInteger(state.key)
                           .integer(state.receive_count)
                           .integer(state.visible_at_ms)
                           .integer(state.first_receive_ms)
                           .integer(state.last_receive_ms);
                     });
        } else if constexpr (std::is_same_v<Change, MessageDeleted>) {
          return run(s.delete_message.get(), "delete a message of queue", c.queue,
                     [&](Binder& b) { b.text(c.queue).unsignedInteger(c.key); });
        } else if constexpr (std::is_same_v<Change, DeduplicationSaved>) {
          const sqs::DeduplicationRecord& record = c.record;
          return run(s.save_deduplication.get(), "save a deduplication record of queue", c.queue,
                     [&](Binder& b) {
                       b.text(c.queue)
                           .text(record.key)
                           .text(record.message_id)
                           .unsignedInteger(record.sequence_number)
                           .integer(record.expires_ms);
                     });
        } else if constexpr (std::is_same_v<Change, TopicSaved>) {
          const sns::TopicRecord& topic = c.topic;
          return run(s.save_topic.get(), "save topic", topic.arn, [&](Binder& b) {
            b.text(topic.arn)
                .text(topic.name)
                .text(stringMapToJson(topic.attributes))
                .text(stringMapToJson(topic.tags));
          });
        } else if constexpr (std::is_same_v<Change, TopicDeleted>) {
          for (sqlite3_stmt* statement :
               {s.delete_topic_subscriptions.get(), s.delete_topic.get()}) {
            if (Status status =
                    run(statement, "delete topic", c.arn, [&](Binder& b) { b.text(c.arn); });
                !status.ok()) {
              return status;
            }
          }
          return okStatus();
        } else if constexpr (std::is_same_v<Change, SubscriptionSaved>) {
          const sns::SubscriptionRecord& subscription = c.subscription;
          return run(s.save_subscription.get(), "save subscription", subscription.arn,
                     [&](Binder& b) {
                       b.text(subscription.arn)
                           .text(subscription.topic_arn)
                           .text(subscription.protocol)
                           .text(subscription.endpoint)
                           .text(subscription.filter_policy)
                           .text(subscription.filter_policy_scope)
                           .integer(subscription.raw_message_delivery ? 1 : 0);
                     });
        } else {
          static_assert(std::is_same_v<Change, SubscriptionDeleted>);
          return run(s.delete_subscription.get(), "delete subscription", c.arn,
                     [&](Binder& b) { b.text(c.arn); });
        }
      },
      change);
}

}  // namespace switchyard::aws
