// The store end to end below the hub: the engines write through AwsPersistence and the writer's
// thread; a restart restores the same queues, topics and subscriptions.

#include "connectors/aws/store/aws_persistence.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "connectors/sns/engine/sns_topics.h"
#include "connectors/sqs/engine/queue_engine.h"
#include "tests/connectors/aws/store/store_test_support.h"
#include "tests/connectors/sqs/queue_workload.h"

namespace switchyard::aws {
namespace {

using testing::TempDataDir;

int64_t wallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

template <typename Condition>
bool eventually(Condition condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return condition();
}

// Stands in for the hub thread: the writer's reports are queued here and run by the test.
class FakeHub {
 public:
  AwsPersistence::PostToHub poster() {
    return [this](std::function<void()> task) {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push_back(std::move(task));
    };
  }
  void runPosted() {
    std::vector<std::function<void()>> tasks;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks.swap(tasks_);
    }
    for (auto& task : tasks) {
      task();
    }
  }

 private:
  std::mutex mutex_;
  std::vector<std::function<void()>> tasks_;
};

std::unique_ptr<AwsPersistence> openPersistence(const TempDataDir& dir, int64_t now_ms,
                                                FakeHub& hub) {
  auto opened = AwsPersistence::open(dir.path(), now_ms, hub.poster());
  EXPECT_TRUE(opened.ok()) << opened.error().message;
  return opened.ok() ? std::move(opened).value() : nullptr;
}

// The engine's clock starts at the wall clock: the writer sweeps deduplication records by it.
class AwsStoreRoundTrip : public sqs::testing::QueueWorkloadTest {
 protected:
  AwsStoreRoundTrip() { now_ = wallClockMs(); }
};

TEST_F(AwsStoreRoundTrip, RestoringWhatTheStoreKeptGivesTheSameQueues) {
  TempDataDir dir;
  FakeHub hub;
  auto persistence = openPersistence(dir, now_, hub);
  ASSERT_NE(persistence, nullptr);
  engine_.setObserver(persistence.get());
  runWorkload();
  engine_.setObserver(nullptr);
  persistence->stop();  // commits what is pending
  const AwsStoreWriter& writer = persistence->writer();
  EXPECT_GT(writer.lastAppended(), 50u);
  EXPECT_EQ(writer.committedThrough(), writer.lastAppended());
  EXPECT_EQ(writer.writeErrors(), 0u);

  auto reopened = openPersistence(dir, now_, hub);
  ASSERT_NE(reopened, nullptr);
  sqs::QueueEngine restarted(sqs::testing::seededOptions());
  for (sqs::QueueSnapshot& snapshot : reopened->takeRestoredQueues()) {
    const std::string name = snapshot.queue.name;
    Status restored = restarted.restore(std::move(snapshot), now_);
    ASSERT_TRUE(restored.ok()) << name << ": " << restored.error().message;
  }
  ASSERT_EQ(restarted.listQueues(), engine_.listQueues());
  for (const std::string& name : engine_.listQueues()) {
    SCOPED_TRACE(name);
    auto before = engine_.snapshot(name, now_);
    auto after = restarted.snapshot(name, now_);
    ASSERT_TRUE(before.ok() && after.ok());
    sqs::testing::expectSameQueue(before->queue, after->queue);
    sqs::testing::expectSameMessages(before->messages, after->messages);
    sqs::testing::expectSameDeduplication(before->deduplication, after->deduplication);
    EXPECT_EQ(*engine_.getQueueAttributes(name, {"All"}, now_),
              *restarted.getQueueAttributes(name, {"All"}, now_));
  }
  // Both deliver alike from here on, with the same receipt handles (the incarnation was kept):
  // a handle the old engine hands out deletes in the restored one.
  now_ += 600 * sqs::testing::kSecond;
  auto before = engine_.receive("work", {10, {}, {}}, now_);
  auto after = restarted.receive("work", {10, {}, {}}, now_);
  ASSERT_TRUE(before.ok() && after.ok());
  ASSERT_FALSE(before->messages.empty());
  ASSERT_EQ(before->messages.size(), after->messages.size());
  for (size_t i = 0; i < before->messages.size(); ++i) {
    EXPECT_EQ(before->messages[i].message_id, after->messages[i].message_id);
    EXPECT_EQ(before->messages[i].receipt_handle, after->messages[i].receipt_handle);
    EXPECT_EQ(before->messages[i].approximate_receive_count,
              after->messages[i].approximate_receive_count);
  }
  EXPECT_TRUE(restarted.deleteMessage("work", before->messages[0].receipt_handle, now_).ok());
  hub.runPosted();
}

TEST(AwsStoreTopics, TopicsAndSubscriptionsComeBackWithTheirFilterPolicies) {
  TempDataDir dir;
  FakeHub hub;
  const std::string queue_arn = "arn:aws:sqs:us-east-1:000000000000:orders";
  sns::TopicRegistry registry("us-east-1", "000000000000");
  std::vector<sns::SubscriptionRecord> expected_subscriptions;
  std::vector<sns::TopicRecord> expected_topics;
  {
    auto persistence = openPersistence(dir, wallClockMs(), hub);
    ASSERT_NE(persistence, nullptr);
    registry.setObserver(persistence.get());
    const sns::Topic* alerts = *registry.createTopic("alerts", {{"DisplayName", "A"}},
                                                     {{"env", "prod"}, {"gone", "soon"}});
    const std::string arn = alerts->arn;
    auto to_queue = registry.subscribe(
        arn, "sqs", queue_arn,
        {{"FilterPolicy", R"({"level":["error"]})"}, {"RawMessageDelivery", "true"}});
    ASSERT_TRUE(to_queue.ok());
    auto to_function =
        registry.subscribe(arn, "lambda", "arn:aws:lambda:us-east-1:000000000000:function:f", {});
    ASSERT_TRUE(to_function.ok());
    auto dropped =
        registry.subscribe(arn, "lambda", "arn:aws:lambda:us-east-1:000000000000:function:g", {});
    ASSERT_TRUE(dropped.ok());
    ASSERT_TRUE(registry.unsubscribe((*dropped)->arn).ok());
    ASSERT_TRUE(
        registry.setSubscriptionAttribute((*to_function)->arn, "FilterPolicyScope", "MessageBody")
            .ok());
    ASSERT_TRUE(registry.setTopicAttribute(arn, "DisplayName", "Alerts").ok());
    ASSERT_TRUE(registry.tagTopic(arn, {{"team", "ops"}}).ok());
    ASSERT_TRUE(registry.untagTopic(arn, {"gone"}).ok());
    const sns::Topic* temporary = *registry.createTopic("temporary", {});
    ASSERT_TRUE(registry.subscribe(temporary->arn, "sqs", queue_arn, {}).ok());
    ASSERT_TRUE(registry.deleteTopic(temporary->arn).ok());
    registry.setObserver(nullptr);
    persistence->stop();
    for (const sns::Topic* topic : registry.topics()) {
      expected_topics.push_back(registry.record(*topic));
    }
    for (const std::string& subscription : registry.findTopic(arn)->subscriptions) {
      expected_subscriptions.push_back(registry.record(*registry.findSubscription(subscription)));
    }
  }
  auto reopened = openPersistence(dir, wallClockMs(), hub);
  ASSERT_NE(reopened, nullptr);
  sns::TopicRegistry restarted("us-east-1", "000000000000");
  for (sns::TopicRecord& topic : reopened->takeRestoredTopics()) {
    ASSERT_TRUE(restarted.restoreTopic(std::move(topic)).ok());
  }
  for (const sns::SubscriptionRecord& subscription : reopened->takeRestoredSubscriptions()) {
    Status restored = restarted.restoreSubscription(subscription);
    ASSERT_TRUE(restored.ok()) << restored.error().message;
  }
  ASSERT_EQ(restarted.topics().size(), expected_topics.size());
  const sns::Topic& alerts = *restarted.topics()[0];
  EXPECT_EQ(alerts.name, "alerts");
  EXPECT_EQ(alerts.attributes, expected_topics[0].attributes);
  EXPECT_EQ(alerts.tags, (sns::TopicTags{{"env", "prod"}, {"team", "ops"}}));
  ASSERT_EQ(alerts.subscriptions.size(), expected_subscriptions.size());
  for (size_t i = 0; i < expected_subscriptions.size(); ++i) {
    const sns::SubscriptionRecord got =
        restarted.record(*restarted.findSubscription(alerts.subscriptions[i]));
    const sns::SubscriptionRecord& want = expected_subscriptions[i];
    EXPECT_EQ(got.arn, want.arn);
    EXPECT_EQ(got.protocol, want.protocol);
    EXPECT_EQ(got.endpoint, want.endpoint);
    EXPECT_EQ(got.filter_policy, want.filter_policy);
    EXPECT_EQ(got.filter_policy_scope, want.filter_policy_scope);
    EXPECT_EQ(got.raw_message_delivery, want.raw_message_delivery);
  }
  // The filter policy was compiled again: it still selects.
  EXPECT_EQ(restarted.matching(alerts, "x", {{"level", {"String", "error"}}}).size(), 2u);
  EXPECT_EQ(restarted.matching(alerts, "x", {{"level", {"String", "info"}}}).size(), 1u);
}

TEST(AwsStoreWriter, GathersWhatArrivesTogetherIntoFewCommits) {
  TempDataDir dir;
  std::atomic<uint64_t> reported{0};
  AwsStoreWriter writer(testing::openStore(dir), [&](AwsStoreWriter::Progress progress) {
    reported.store(progress.committed_through);
  });
  writer.start();
  sqs::QueueRecord queue;
  queue.name = "q";
  writer.append(QueueSaved{queue});
  constexpr int kMessages = 2000;
  for (int i = 1; i <= kMessages; ++i) {
    sqs::MessageRecord message;
    message.key = static_cast<uint64_t>(i);
    message.message_id = "da68f62c-0c07-4bee-bf5f-7e856e1a2b3c";
    message.body = "m" + std::to_string(i);
    EXPECT_EQ(writer.append(MessageSaved{"q", message}), static_cast<uint64_t>(i + 1));
  }
  ASSERT_TRUE(eventually([&] { return reported.load() == kMessages + 1; }));
  EXPECT_EQ(writer.committedThrough(), static_cast<uint64_t>(kMessages + 1));
  EXPECT_EQ(writer.pendingChanges(), 0u);
  // Appending is much faster than an fsync: the changes went in a handful of transactions.
  EXPECT_LT(writer.commits(), 50u);
  writer.stop();
  auto state = testing::openStore(dir)->load(0);
  ASSERT_TRUE(state.ok());
  ASSERT_EQ(state->queues[0].messages.size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(state->queues[0].messages.back().body, "m" + std::to_string(kMessages));
}

TEST(AwsStoreWriter, AFailedCommitIsReportedAndRetriedUntilItSucceeds) {
  TempDataDir dir;
  std::mutex mutex;
  std::vector<AwsStoreWriter::Progress> reports;
  AwsStoreWriter writer(testing::openStore(dir), [&](AwsStoreWriter::Progress progress) {
    std::lock_guard<std::mutex> lock(mutex);
    reports.push_back(progress);
  });
  writer.start();
  sqs::QueueRecord queue;
  queue.name = "q";
  writer.append(QueueSaved{queue});
  ASSERT_TRUE(eventually([&] { return writer.committedThrough() == 1; }));

  testing::runSql(dir.file(), "ALTER TABLE sqs_messages RENAME TO sqs_messages_away");
  sqs::MessageRecord message;
  message.key = 1;
  message.message_id = "da68f62c-0c07-4bee-bf5f-7e856e1a2b3c";
  message.body = "kept in memory until it can be written";
  writer.append(MessageSaved{"q", message});
  ASSERT_TRUE(eventually([&] {
    std::lock_guard<std::mutex> lock(mutex);
    return !reports.empty() && reports.back().failed_through == 2;
  }));
  EXPECT_GE(writer.writeErrors(), 1u);
  EXPECT_EQ(writer.committedThrough(), 1u);
  EXPECT_EQ(writer.pendingChanges(), 1u);

  testing::runSql(dir.file(), "ALTER TABLE sqs_messages_away RENAME TO sqs_messages");
  ASSERT_TRUE(eventually([&] { return writer.committedThrough() == 2; }));
  {
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_EQ(reports.back().committed_through, 2u);
    EXPECT_EQ(reports.back().failed_through, 0u);
  }
  writer.stop();
  auto state = testing::openStore(dir)->load(0);
  ASSERT_TRUE(state.ok());
  ASSERT_EQ(state->queues[0].messages.size(), 1u);
  EXPECT_EQ(state->queues[0].messages[0].body, message.body);
}

}  // namespace
}  // namespace switchyard::aws
