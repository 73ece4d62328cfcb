// SqliteAwsStore: every record type written and read back, all-or-nothing batches, the schema
// version check.

#include "connectors/aws/store/sqlite_aws_store.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/connectors/aws/store/store_test_support.h"

namespace switchyard::aws {
namespace {

using testing::openStore;
using testing::runSql;
using testing::TempDataDir;

constexpr int64_t kNow = 1'764'000'000'000;

sqs::QueueRecord queueRecord(const std::string& name) {
  sqs::QueueRecord queue;
  queue.name = name;
  queue.attributes = {{"VisibilityTimeout", "45"}, {"Policy", R"({"Statement":["é ✓"]})"}};
  queue.tags = {{"team", "core"}, {"empty", ""}};
  queue.created_ms = kNow - 5000;
  queue.last_modified_ms = kNow - 1000;
  queue.incarnation = 0xF00DFACE12345678ULL;  // past INT64_MAX: stored as its bit pattern
  return queue;
}

sqs::MessageRecord messageRecord(uint64_t key, const std::string& body) {
  sqs::MessageRecord message;
  message.key = key;
  message.message_id = "da68f62c-0c07-4bee-bf5f-7e856e1a2b3c";
  message.body = body;
  message.message_attributes["kind"] = {"String.custom", "order ✓", ""};
  message.message_attributes["blob"] = {"Binary", "", std::string("\x00\xff\x01", 3)};
  message.sent_ms = kNow - 3000;
  message.enqueued_ms = kNow - 2000;
  message.receive_count = 3;
  message.visible_at_ms = kNow + 30'000;
  message.first_receive_ms = kNow - 1500;
  message.last_receive_ms = kNow - 100;
  message.sender_id = "AIDASENDER";
  message.aws_trace_header = "Root=1-abc";
  message.message_group_id = "group";
  message.message_deduplication_id = "dedup";
  message.sequence_number = 0x8000000000000001ULL;
  message.dead_letter_queue_source_arn = "arn:aws:sqs:us-east-1:000000000000:source";
  return message;
}

TEST(SqliteAwsStore, EveryRecordTypeReadsBackAsWritten) {
  TempDataDir dir;
  sqs::QueueRecord queue = queueRecord("jobs.fifo");
  queue.last_purge_ms = kNow - 500;
  sqs::MessageRecord message = messageRecord(7, std::string("body\0with NUL", 13));
  sqs::DeduplicationRecord deduplication{"group\nid", message.message_id, 99, kNow + 60'000};
  sns::TopicRecord topic{"alerts",
                         "arn:aws:sns:us-east-1:000000000000:alerts",
                         {{"DisplayName", "Alerts"}},
                         {{"env", "prod"}}};
  sns::SubscriptionRecord subscription;
  subscription.arn = topic.arn + ":0b2c";
  subscription.topic_arn = topic.arn;
  subscription.protocol = "sqs";
  subscription.endpoint = "arn:aws:sqs:us-east-1:000000000000:jobs.fifo";
  subscription.filter_policy = R"({"level":["error"]})";
  subscription.filter_policy_scope = "MessageBody";
  subscription.raw_message_delivery = true;
  {
    auto store = openStore(dir);
    ASSERT_NE(store, nullptr);
    std::vector<StoreChange> changes = {
        QueueSaved{queue},
        QueueSaved{queueRecord("plain")},
        MessageSaved{"jobs.fifo", message},
        DeduplicationSaved{"jobs.fifo", deduplication},
        TopicSaved{topic},
        SubscriptionSaved{subscription},
    };
    Status applied = store->apply(changes, kNow);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
  }
  auto store = openStore(dir);  // a new connection: what a restart reads
  ASSERT_NE(store, nullptr);
  Result<AwsState> state = store->load(kNow);
  ASSERT_TRUE(state.ok()) << state.error().message;

  ASSERT_EQ(state->queues.size(), 2u);
  const sqs::QueueSnapshot& jobs = state->queues[0];
  EXPECT_EQ(jobs.queue.name, "jobs.fifo");
  EXPECT_EQ(jobs.queue.attributes, queue.attributes);
  EXPECT_EQ(jobs.queue.tags, queue.tags);
  EXPECT_EQ(jobs.queue.created_ms, queue.created_ms);
  EXPECT_EQ(jobs.queue.last_modified_ms, queue.last_modified_ms);
  EXPECT_EQ(jobs.queue.last_purge_ms, queue.last_purge_ms);
  EXPECT_EQ(jobs.queue.incarnation, queue.incarnation);
  EXPECT_EQ(state->queues[1].queue.name, "plain");
  EXPECT_EQ(state->queues[1].queue.last_purge_ms, std::nullopt);

  ASSERT_EQ(jobs.messages.size(), 1u);
  const sqs::MessageRecord& read = jobs.messages[0];
  EXPECT_EQ(read.key, message.key);
  EXPECT_EQ(read.message_id, message.message_id);
  EXPECT_EQ(read.body, message.body);
  EXPECT_EQ(read.message_attributes, message.message_attributes);
  EXPECT_EQ(read.sent_ms, message.sent_ms);
  EXPECT_EQ(read.enqueued_ms, message.enqueued_ms);
  EXPECT_EQ(read.receive_count, message.receive_count);
  EXPECT_EQ(read.visible_at_ms, message.visible_at_ms);
  EXPECT_EQ(read.first_receive_ms, message.first_receive_ms);
  EXPECT_EQ(read.last_receive_ms, message.last_receive_ms);
  EXPECT_EQ(read.sender_id, message.sender_id);
  EXPECT_EQ(read.aws_trace_header, message.aws_trace_header);
  EXPECT_EQ(read.message_group_id, message.message_group_id);
  EXPECT_EQ(read.message_deduplication_id, message.message_deduplication_id);
  EXPECT_EQ(read.sequence_number, message.sequence_number);
  EXPECT_EQ(read.dead_letter_queue_source_arn, message.dead_letter_queue_source_arn);

  ASSERT_EQ(jobs.deduplication.size(), 1u);
  EXPECT_EQ(jobs.deduplication[0].key, deduplication.key);
  EXPECT_EQ(jobs.deduplication[0].message_id, deduplication.message_id);
  EXPECT_EQ(jobs.deduplication[0].sequence_number, deduplication.sequence_number);
  EXPECT_EQ(jobs.deduplication[0].expires_ms, deduplication.expires_ms);

  ASSERT_EQ(state->topics.size(), 1u);
  EXPECT_EQ(state->topics[0].name, topic.name);
  EXPECT_EQ(state->topics[0].arn, topic.arn);
  EXPECT_EQ(state->topics[0].attributes, topic.attributes);
  EXPECT_EQ(state->topics[0].tags, topic.tags);
  ASSERT_EQ(state->subscriptions.size(), 1u);
  const sns::SubscriptionRecord& subscribed = state->subscriptions[0];
  EXPECT_EQ(subscribed.arn, subscription.arn);
  EXPECT_EQ(subscribed.topic_arn, subscription.topic_arn);
  EXPECT_EQ(subscribed.protocol, subscription.protocol);
  EXPECT_EQ(subscribed.endpoint, subscription.endpoint);
  EXPECT_EQ(subscribed.filter_policy, subscription.filter_policy);
  EXPECT_EQ(subscribed.filter_policy_scope, subscription.filter_policy_scope);
  EXPECT_TRUE(subscribed.raw_message_delivery);
}

TEST(SqliteAwsStore, ChangesApplyInOrderUpdatingAndDeletingRows) {
  TempDataDir dir;
  auto store = openStore(dir);
  ASSERT_NE(store, nullptr);
  const std::string topic_arn = "arn:aws:sns:us-east-1:000000000000:t";
  auto subscriptionTo = [&](const std::string& id) {
    sns::SubscriptionRecord subscription;
    subscription.arn = topic_arn + ":" + id;
    subscription.topic_arn = topic_arn;
    subscription.protocol = "lambda";
    subscription.endpoint = "arn:aws:lambda:us-east-1:000000000000:function:" + id;
    return subscription;
  };
  sns::SubscriptionRecord first = subscriptionTo("z-first");
  sns::SubscriptionRecord changed = first;
  changed.raw_message_delivery = true;
  std::vector<StoreChange> changes = {
      QueueSaved{queueRecord("q")},
      MessageSaved{"q", messageRecord(1, "one")},
      MessageSaved{"q", messageRecord(2, "two")},
      MessageSaved{"q", messageRecord(3, "three")},
      MessageStateSaved{"q", sqs::MessageStateRecord{2, 5, kNow + 1, kNow - 9, kNow - 2}},
      MessageDeleted{"q", 3},
      QueueSaved{queueRecord("gone")},
      MessageSaved{"gone", messageRecord(1, "with its queue")},
      DeduplicationSaved{"gone", {"d", "da68f62c-0c07-4bee-bf5f-7e856e1a2b3c", 1, kNow + 1000}},
      QueueDeleted{"gone"},
      QueueSaved{queueRecord("purged")},
      MessageSaved{"purged", messageRecord(1, "purged")},
      QueuePurged{"purged"},
      TopicSaved{{"t", topic_arn, {}, {}}},
      SubscriptionSaved{first},
      SubscriptionSaved{subscriptionTo("a-second")},
      SubscriptionSaved{changed},  // an update keeps its place in the order
      TopicSaved{{"u", topic_arn + "-u", {}, {}}},
      SubscriptionSaved{subscriptionTo("on-u")},
      SubscriptionDeleted{topic_arn + ":a-second"},
      TopicDeleted{topic_arn + "-u"},
  };
  std::get<SubscriptionSaved>(changes[18]).subscription.topic_arn = topic_arn + "-u";
  ASSERT_TRUE(store->apply(changes, kNow).ok());
  Result<AwsState> state = store->load(kNow);
  ASSERT_TRUE(state.ok()) << state.error().message;
  ASSERT_EQ(state->queues.size(), 2u);
  EXPECT_EQ(state->queues[0].queue.name, "purged");
  EXPECT_TRUE(state->queues[0].messages.empty());
  const sqs::QueueSnapshot& q = state->queues[1];
  ASSERT_EQ(q.messages.size(), 2u);
  EXPECT_EQ(q.messages[0].body, "one");
  EXPECT_EQ(q.messages[1].body, "two");
  EXPECT_EQ(q.messages[1].receive_count, 5u);
  EXPECT_EQ(q.messages[1].visible_at_ms, kNow + 1);
  EXPECT_EQ(q.messages[1].first_receive_ms, kNow - 9);
  EXPECT_EQ(q.messages[1].last_receive_ms, kNow - 2);
  ASSERT_EQ(state->topics.size(), 1u);
  ASSERT_EQ(state->subscriptions.size(), 1u);
  EXPECT_EQ(state->subscriptions[0].arn, first.arn);
  EXPECT_TRUE(state->subscriptions[0].raw_message_delivery);
}

TEST(SqliteAwsStore, SubscriptionsComeBackInCreationOrder) {
  TempDataDir dir;
  auto store = openStore(dir);
  ASSERT_NE(store, nullptr);
  const std::string topic_arn = "arn:aws:sns:us-east-1:000000000000:t";
  std::vector<StoreChange> changes = {TopicSaved{{"t", topic_arn, {}, {}}}};
  for (const char* id : {"c", "a", "b"}) {
    sns::SubscriptionRecord subscription;
    subscription.arn = topic_arn + ":" + id;
    subscription.topic_arn = topic_arn;
    subscription.protocol = "sqs";
    subscription.endpoint = "arn:aws:sqs:us-east-1:000000000000:q";
    changes.push_back(SubscriptionSaved{subscription});
  }
  ASSERT_TRUE(store->apply(changes, kNow).ok());
  Result<AwsState> state = store->load(kNow);
  ASSERT_TRUE(state.ok());
  std::vector<std::string> order;
  for (const sns::SubscriptionRecord& subscription : state->subscriptions) {
    order.push_back(subscription.arn.substr(topic_arn.size() + 1));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"c", "a", "b"}));
}

TEST(SqliteAwsStore, AFailedBatchChangesNothingAndCanBeAppliedAgain) {
  TempDataDir dir;
  auto store = openStore(dir);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->apply(std::vector<StoreChange>{QueueSaved{queueRecord("q")}}, kNow).ok());
  std::vector<StoreChange> batch = {
      MessageSaved{"q", messageRecord(1, "first of the batch")},
      TopicSaved{{"t", "arn:aws:sns:us-east-1:000000000000:t", {}, {}}},
  };
  // Another process takes the topics table away: the batch's second change fails.
  runSql(dir.file(), "ALTER TABLE sns_topics RENAME TO sns_topics_away");
  Status failed = store->apply(batch, kNow);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("aws store " + dir.file() + ": cannot save topic"),
            std::string::npos)
      << failed.error().message;
  runSql(dir.file(), "ALTER TABLE sns_topics_away RENAME TO sns_topics");

  Result<AwsState> state = store->load(kNow);
  ASSERT_TRUE(state.ok());
  EXPECT_TRUE(state->queues[0].messages.empty()) << "the first change was rolled back too";
  EXPECT_TRUE(state->topics.empty());

  ASSERT_TRUE(store->apply(batch, kNow).ok());
  state = store->load(kNow);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->queues[0].messages.size(), 1u);
  EXPECT_EQ(state->topics.size(), 1u);
}

TEST(SqliteAwsStore, ExpiredDeduplicationRecordsAreNeitherLoadedNorKept) {
  TempDataDir dir;
  auto store = openStore(dir);
  ASSERT_NE(store, nullptr);
  const std::string id = "da68f62c-0c07-4bee-bf5f-7e856e1a2b3c";
  ASSERT_TRUE(
      store
          ->apply(std::vector<StoreChange>{QueueSaved{queueRecord("q.fifo")},
                                           DeduplicationSaved{"q.fifo", {"old", id, 1, kNow}},
                                           DeduplicationSaved{"q.fifo", {"new", id, 2, kNow + 1}}},
                  kNow - 1)
          .ok());
  Result<AwsState> state = store->load(kNow);
  ASSERT_TRUE(state.ok());
  ASSERT_EQ(state->queues[0].deduplication.size(), 1u);
  EXPECT_EQ(state->queues[0].deduplication[0].key, "new");
  // A commit a minute later sweeps the expired rows from the file: read back as of an earlier
  // time, they are gone.
  ASSERT_TRUE(store->apply(std::vector<StoreChange>{QueuePurged{"q.fifo"}}, kNow + 60'000).ok());
  EXPECT_TRUE(store->load(kNow - 10)->queues[0].deduplication.empty());
}

TEST(SqliteAwsStore, AFileFromANewerBuildIsRefusedWithItsVersion) {
  TempDataDir dir;
  ASSERT_NE(openStore(dir), nullptr);
  runSql(dir.file(), "PRAGMA user_version = 42");
  auto refused = SqliteAwsStore::open(dir.path());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "aws store " + dir.file() +
                ": the file has schema version 42, this build reads versions up to 1 (was it "
                "written by a newer Switchyard?)");
}

TEST(SqliteAwsStore, AFileThatIsNotADatabaseIsRefused) {
  TempDataDir dir;
  FILE* file = std::fopen(dir.file().c_str(), "w");
  ASSERT_NE(file, nullptr);
  std::fputs("this is not a database, just text that is long enough to look like a header\n", file);
  std::fclose(file);
  auto refused = SqliteAwsStore::open(dir.path());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(
      refused.error().message.find("aws store " + dir.file() + ": cannot read the database file"),
      std::string::npos)
      << refused.error().message;
}

TEST(SqliteAwsStore, AnUnwritableDataDirIsReported) {
  TempDataDir dir;
  const std::string blocker = dir.path() + "/file";
  std::fclose(std::fopen(blocker.c_str(), "w"));
  auto refused = SqliteAwsStore::open(blocker + "/sub");  // a directory below a plain file
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("cannot create the directory"), std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace switchyard::aws
