// QueueEngine: snapshot / restore, and write-through through the observer.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/connectors/sqs/queue_workload.h"

namespace switchyard::sqs {
namespace {

using testing::codeOf;
using testing::expectSameDeduplication;
using testing::expectSameMessages;
using testing::expectSameQueue;
using testing::kSecond;
using Bodies = std::vector<std::string>;

// A store that writes through: it applies every observer call to tables, like the SQLite store
// would, and can produce the snapshot a restart restores from.
class MirrorStore : public QueueEngineObserver {
 public:
  struct Table {
    QueueRecord queue;
    std::map<uint64_t, MessageRecord> messages;
    std::map<std::string, DeduplicationRecord> deduplication;
  };

  void onQueueCreated(const QueueRecord& queue) override {
    EXPECT_FALSE(tables_.contains(queue.name));
    tables_[queue.name].queue = queue;
  }
  void onQueueChanged(const QueueRecord& queue) override {
    ASSERT_TRUE(tables_.contains(queue.name));
    tables_[queue.name].queue = queue;
  }
  void onQueueDeleted(std::string_view queue) override {
    EXPECT_EQ(tables_.erase(std::string(queue)), 1u);
  }
  void onQueuePurged(std::string_view queue) override {
    table(queue).messages.clear();
    ++purges_;
  }
  void onMessageAdded(std::string_view queue, const MessageRecord& message) override {
    EXPECT_TRUE(table(queue).messages.emplace(message.key, message).second);
    ++added_;
  }
  void onMessageChanged(std::string_view queue, const MessageStateRecord& state) override {
    auto& messages = table(queue).messages;
    auto it = messages.find(state.key);
    ASSERT_NE(it, messages.end());
    it->second.receive_count = state.receive_count;
    it->second.visible_at_ms = state.visible_at_ms;
    it->second.first_receive_ms = state.first_receive_ms;
    it->second.last_receive_ms = state.last_receive_ms;
    ++changed_;
  }
  void onMessageRemoved(std::string_view queue, uint64_t key, RemovalReason reason) override {
    EXPECT_EQ(table(queue).messages.erase(key), 1u);
    ++removed_[static_cast<int>(reason)];
  }
  void onDeduplicationRecorded(std::string_view queue, const DeduplicationRecord& record) override {
    table(queue).deduplication[record.key] = record;
  }

  // What a restart would read back: the queue, its messages, unexpired deduplication records.
  QueueSnapshot snapshotOf(const std::string& name, int64_t now_ms) const {
    const Table& stored = tables_.at(name);
    QueueSnapshot snapshot;
    snapshot.queue = stored.queue;
    for (const auto& [key, message] : stored.messages) {
      snapshot.messages.push_back(message);
    }
    for (const auto& [key, record] : stored.deduplication) {
      if (record.expires_ms > now_ms) {
        snapshot.deduplication.push_back(record);
      }
    }
    std::sort(snapshot.deduplication.begin(), snapshot.deduplication.end(),
              [](const DeduplicationRecord& a, const DeduplicationRecord& b) {
                return a.expires_ms != b.expires_ms ? a.expires_ms < b.expires_ms : a.key < b.key;
              });
    return snapshot;
  }
  std::vector<std::string> queueNames() const {
    std::vector<std::string> names;
    for (const auto& [name, table] : tables_) {
      names.push_back(name);
    }
    return names;
  }

  int added_ = 0;
  int changed_ = 0;
  int purges_ = 0;
  std::map<int, int> removed_;

 private:
  Table& table(std::string_view queue) {
    auto it = tables_.find(std::string(queue));
    EXPECT_NE(it, tables_.end()) << queue;
    return it->second;
  }
  std::map<std::string, Table> tables_;
};

class Persistence : public testing::QueueWorkloadTest {
 protected:
  void expectStoreMatchesEngine(const MirrorStore& store) {
    EXPECT_EQ(store.queueNames(), engine_.listQueues());
    for (const std::string& name : engine_.listQueues()) {
      SCOPED_TRACE(name);
      auto snapshot = engine_.snapshot(name, now_);
      ASSERT_TRUE(snapshot.ok());
      const QueueSnapshot stored = store.snapshotOf(name, now_);
      expectSameQueue(stored.queue, snapshot->queue);
      expectSameMessages(stored.messages, snapshot->messages);
      expectSameDeduplication(stored.deduplication, snapshot->deduplication);
    }
  }
};

TEST_F(Persistence, TheObserverSeesEveryChange) {
  MirrorStore store;
  engine_.setObserver(&store);
  runWorkload();
  expectStoreMatchesEngine(store);
  EXPECT_GT(store.changed_, 0);
  EXPECT_EQ(store.purges_, 1);
  EXPECT_GT(store.removed_[static_cast<int>(RemovalReason::kDeleted)], 0);
  EXPECT_GT(store.removed_[static_cast<int>(RemovalReason::kExpired)], 0);
  EXPECT_GT(store.removed_[static_cast<int>(RemovalReason::kMovedToDeadLetterQueue)], 0);
  engine_.setObserver(nullptr);
}

TEST_F(Persistence, RestoringWhatTheStoreWroteGivesTheSameQueues) {
  MirrorStore store;
  engine_.setObserver(&store);
  runWorkload();
  engine_.setObserver(nullptr);

  QueueEngine restarted(testing::seededOptions());
  for (const std::string& name : store.queueNames()) {
    ASSERT_TRUE(restarted.restore(store.snapshotOf(name, now_), now_).ok()) << name;
  }
  EXPECT_EQ(restarted.listQueues(), engine_.listQueues());
  for (const std::string& name : engine_.listQueues()) {
    SCOPED_TRACE(name);
    auto before = engine_.snapshot(name, now_);
    auto after = restarted.snapshot(name, now_);
    ASSERT_TRUE(before.ok() && after.ok());
    expectSameQueue(before->queue, after->queue);
    expectSameMessages(before->messages, after->messages);
    expectSameDeduplication(before->deduplication, after->deduplication);
    EXPECT_EQ(*engine_.getQueueAttributes(name, {"All"}, now_),
              *restarted.getQueueAttributes(name, {"All"}, now_));
  }
  // Both behave alike from here on.
  for (int step = 0; step < 40; ++step) {
    for (const std::string& name : engine_.listQueues()) {
      auto a = engine_.receive(name, {3, {}, {}}, now_);
      auto b = restarted.receive(name, {3, {}, {}}, now_);
      ASSERT_TRUE(a.ok() && b.ok());
      ASSERT_EQ(a->messages.size(), b->messages.size()) << name << " step " << step;
      for (size_t i = 0; i < a->messages.size(); ++i) {
        EXPECT_EQ(a->messages[i].message_id, b->messages[i].message_id);
        EXPECT_EQ(a->messages[i].receipt_handle, b->messages[i].receipt_handle);
        EXPECT_EQ(a->messages[i].approximate_receive_count,
                  b->messages[i].approximate_receive_count);
      }
    }
    now_ += 7 * kSecond;
  }
}

TEST_F(Persistence, SnapshotRestoreRoundTripKeepsHandlesDeduplicationAndOrder) {
  createFifoQueue("jobs.fifo");
  createQueue("plain", {{"DelaySeconds", "30"}});
  for (int i = 0; i < 4; ++i) {
    sendToGroup("jobs.fifo", "g" + std::to_string(i), "g");
  }
  send("plain", "delayed");
  const std::vector<ReceivedMessage> in_flight = receive("jobs.fifo", 2);
  ASSERT_EQ(in_flight.size(), 2u);

  auto jobs = engine_.snapshot("jobs.fifo", now_);
  auto plain = engine_.snapshot("plain", now_);
  ASSERT_TRUE(jobs.ok() && plain.ok());
  EXPECT_EQ(jobs->messages.size(), 4u);
  EXPECT_EQ(jobs->deduplication.size(), 4u);

  QueueEngine restarted(testing::seededOptions());
  ASSERT_TRUE(restarted.restore(*jobs, now_).ok());
  ASSERT_TRUE(restarted.restore(*plain, now_).ok());
  EXPECT_EQ(codeOf(restarted.restore(*plain, now_)), "QueueNameExists");

  // The group is still blocked by the in-flight messages, whose handles still work.
  EXPECT_TRUE(restarted.receive("jobs.fifo", {10, {}, {}}, now_)->messages.empty());
  EXPECT_TRUE(restarted.deleteMessage("jobs.fifo", in_flight[0].receipt_handle, now_).ok());
  EXPECT_TRUE(restarted.deleteMessage("jobs.fifo", in_flight[1].receipt_handle, now_).ok());
  auto next = restarted.receive("jobs.fifo", {10, {}, {}}, now_);
  ASSERT_TRUE(next.ok() && !next->messages.empty());
  EXPECT_EQ(testing::bodiesOf(next->messages), (Bodies{"g2", "g3"}));
  // Deduplication survived.
  SendRequest duplicate;
  duplicate.body = "g0";
  duplicate.message_group_id = "g";
  duplicate.message_deduplication_id = "dedup-g0";
  EXPECT_TRUE(restarted.send("jobs.fifo", duplicate, now_)->deduplicated);
  // New messages sort after the restored ones.
  duplicate.message_deduplication_id = "new";
  const SendResult fresh = *restarted.send("jobs.fifo", duplicate, now_);
  EXPECT_GT(std::stoull(fresh.sequence_number), std::stoull(next->messages[1].sequence_number));
  // The delayed message keeps its delay.
  EXPECT_TRUE(restarted.receive("plain", {10, {}, {}}, now_)->messages.empty());
  EXPECT_EQ(*restarted.nextChange("plain", now_), now_ + 30 * kSecond);
}

TEST_F(Persistence, InFlightMessagesRestoredLaterAreVisible) {
  createQueue("q");
  send("q", "m");
  receive("q");
  auto snapshot = engine_.snapshot("q", now_);
  QueueEngine restarted(testing::seededOptions());
  ASSERT_TRUE(restarted.restore(*snapshot, now_ + 31 * kSecond).ok());
  auto received = restarted.receive("q", {10, {}, {}}, now_ + 31 * kSecond);
  ASSERT_EQ(received->messages.size(), 1u);
  EXPECT_EQ(received->messages[0].approximate_receive_count, 2u);
}

TEST_F(Persistence, RestoreRejectsBrokenSnapshots) {
  QueueSnapshot snapshot;
  snapshot.queue.name = "q";
  snapshot.queue.created_ms = now_;
  MessageRecord message;
  message.key = 5;
  message.message_id = "da68f62c-0c07-4bee-bf5f-7e856e1a2b3c";
  message.body = "m";
  message.sent_ms = now_;
  message.enqueued_ms = now_;  // retention counts from here
  snapshot.messages = {message, message};
  EXPECT_EQ(codeOf(engine_.restore(snapshot, now_)), "InternalFailure");
  snapshot.messages = {message};
  snapshot.messages[0].message_id = "not a uuid";
  EXPECT_EQ(codeOf(engine_.restore(snapshot, now_)), "InternalFailure");
  snapshot.messages[0].message_id = message.message_id;
  snapshot.queue.name = "q.fifo";
  snapshot.queue.attributes = {{"FifoQueue", "true"}};
  EXPECT_EQ(codeOf(engine_.restore(snapshot, now_)), "InternalFailure");  // no group
  snapshot.queue.name = "bad name";
  snapshot.queue.attributes = {};
  EXPECT_EQ(codeOf(engine_.restore(snapshot, now_)), "InvalidParameterValue");
  snapshot.queue.name = "q";
  snapshot.queue.attributes = {{"VisibilityTimeout", "-3"}};
  EXPECT_EQ(codeOf(engine_.restore(snapshot, now_)), "InvalidAttributeValue");
  EXPECT_TRUE(engine_.listQueues().empty());
  // A minimal hand-made snapshot works, and gets an incarnation.
  snapshot.queue.attributes = {};
  ASSERT_TRUE(engine_.restore(snapshot, now_).ok());
  auto received = engine_.receive("q", {10, {}, {}}, now_);
  ASSERT_EQ(received->messages.size(), 1u);
  EXPECT_EQ(received->messages[0].message_id, message.message_id);
  EXPECT_TRUE(engine_.deleteMessage("q", received->messages[0].receipt_handle, now_).ok());
}

}  // namespace
}  // namespace switchyard::sqs
