// QueueEngine: what the observer is told, and the long-polling hooks (version, nextChange) used
// the way the gateway uses them.

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sqs_test_util.h"

namespace switchyard::sqs {
namespace {

using testing::kSecond;
using Bodies = std::vector<std::string>;

const char* reasonName(RemovalReason reason) {
  switch (reason) {
    case RemovalReason::kDeleted:
      return "deleted";
    case RemovalReason::kExpired:
      return "expired";
    case RemovalReason::kMovedToDeadLetterQueue:
      return "moved";
  }
  return "?";
}

class RecordingObserver : public QueueEngineObserver {
 public:
  void onQueueCreated(const QueueRecord& queue) override { log("created " + queue.name); }
  void onQueueChanged(const QueueRecord& queue) override {
    log("queue-changed " + queue.name + (queue.last_purge_ms ? " purged-at" : ""));
  }
  void onQueueDeleted(std::string_view queue) override { log("deleted " + std::string(queue)); }
  void onQueuePurged(std::string_view queue) override { log("purged " + std::string(queue)); }
  void onMessageAdded(std::string_view queue, const MessageRecord& message) override {
    log("added " + std::string(queue) + " " + message.body +
        " rc=" + std::to_string(message.receive_count));
    bodies_[message.key] = message.body;
  }
  void onMessageChanged(std::string_view queue, const MessageStateRecord& state) override {
    log("changed " + std::string(queue) + " " + bodies_[state.key] +
        " rc=" + std::to_string(state.receive_count));
  }
  void onMessageRemoved(std::string_view queue, uint64_t key, RemovalReason reason) override {
    log(std::string("removed ") + std::string(queue) + " " + bodies_[key] + " " +
        reasonName(reason));
  }
  void onDeduplicationRecorded(std::string_view queue, const DeduplicationRecord& record) override {
    log("dedup " + std::string(queue) + " " + record.key);
  }

  std::vector<std::string> take() { return std::exchange(events_, {}); }

 private:
  void log(std::string event) { events_.push_back(std::move(event)); }
  std::vector<std::string> events_;
  std::map<uint64_t, std::string> bodies_;
};

class Observer : public testing::SqsEngineTest {
 protected:
  void SetUp() override { engine_.setObserver(&observer_); }
  void TearDown() override { engine_.setObserver(nullptr); }
  RecordingObserver observer_;
};

TEST_F(Observer, MessageLifecycle) {
  createQueue("q", {{"MessageRetentionPeriod", "60"}});
  send("q", "a");
  send("q", "b");
  std::vector<ReceivedMessage> received = receive("q", 2);
  ASSERT_EQ(received.size(), 2u);
  ASSERT_TRUE(engine_.changeVisibility("q", received[1].receipt_handle, 0, now_).ok());
  deleteMessage("q", received[0]);
  advanceSeconds(60);
  engine_.advanceTime(now_);
  EXPECT_EQ(observer_.take(), (Bodies{"created q", "added q a rc=0", "added q b rc=0",
                                      "changed q a rc=1", "changed q b rc=1", "changed q b rc=1",
                                      "removed q a deleted", "removed q b expired"}));
}

TEST_F(Observer, QueueLifecycle) {
  createQueue("q");
  ASSERT_TRUE(engine_.setQueueAttributes("q", {{"DelaySeconds", "1"}}, now_).ok());
  ASSERT_TRUE(engine_.tagQueue("q", {{"k", "v"}}).ok());
  send("q", "m");
  ASSERT_TRUE(engine_.purgeQueue("q", now_).ok());
  ASSERT_TRUE(engine_.deleteQueue("q").ok());
  // Failed operations tell nothing.
  EXPECT_FALSE(engine_.setQueueAttributes("nope", {}, now_).ok());
  EXPECT_FALSE(engine_.createQueue("bad name", {}, now_).ok());
  EXPECT_EQ(observer_.take(),
            (Bodies{"created q", "queue-changed q", "queue-changed q", "added q m rc=0", "purged q",
                    "queue-changed q purged-at", "deleted q"}));
}

TEST_F(Observer, RedriveAndDeduplication) {
  createFifoQueue("dlq.fifo");
  createFifoQueue(
      "q.fifo",
      {{"RedrivePolicy",
        R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq.fifo","maxReceiveCount":1})"}});
  observer_.take();
  sendToGroup("q.fifo", "m", "g", "id-1");
  sendToGroup("q.fifo", "again", "g", "id-1");  // deduplicated: nothing changes
  receive("q.fifo", 1, 0);
  receive("q.fifo");
  EXPECT_EQ(observer_.take(),
            (Bodies{"added q.fifo m rc=0", "dedup q.fifo id-1", "changed q.fifo m rc=1",
                    "removed q.fifo m moved", "added dlq.fifo m rc=1"}));
}

TEST_F(Observer, RestoreIsSilentAndExpiryAfterItIsReported) {
  createQueue("q", {{"MessageRetentionPeriod", "60"}});
  send("q", "m");
  auto snapshot = engine_.snapshot("q", now_);
  ASSERT_TRUE(snapshot.ok());
  QueueEngine restarted(testing::seededOptions());
  RecordingObserver fresh;
  restarted.setObserver(&fresh);
  ASSERT_TRUE(restarted.restore(*snapshot, now_ + 61 * kSecond).ok());
  EXPECT_TRUE(fresh.take().empty());
  restarted.advanceTime(now_ + 61 * kSecond);
  const Bodies events = fresh.take();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].starts_with("removed q ")) << events[0];
  EXPECT_TRUE(events[0].ends_with(" expired")) << events[0];
  restarted.setObserver(nullptr);
}

// The gateway's long poll: receive; if empty, wait until version() moves or nextChange()
// passes (or WaitTimeSeconds ends), then receive again.
class LongPolling : public testing::SqsEngineTest {
 protected:
  struct Waiter {
    uint64_t version = 0;
    std::optional<int64_t> wake_at;
  };
  Waiter startWaiting(const std::string& queue) {
    return {*engine_.version(queue), *engine_.nextChange(queue, now_)};
  }
  bool shouldRetry(const std::string& queue, const Waiter& waiter) {
    return *engine_.version(queue) != waiter.version || (waiter.wake_at && now_ >= *waiter.wake_at);
  }
};

TEST_F(LongPolling, ASendWakesTheWaiter) {
  createQueue("q", {{"ReceiveMessageWaitTimeSeconds", "20"}});
  auto first = engine_.receive("q", {}, now_);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->messages.empty());
  EXPECT_EQ(first->wait_time_seconds, 20);
  const Waiter waiter = startWaiting("q");
  EXPECT_FALSE(waiter.wake_at);
  advanceSeconds(5);
  EXPECT_FALSE(shouldRetry("q", waiter));
  send("q", "hello");
  EXPECT_TRUE(shouldRetry("q", waiter));
  EXPECT_EQ(receiveBodies("q"), Bodies{"hello"});
}

TEST_F(LongPolling, TheTimerWakesTheWaiterWhenADelayEnds) {
  createQueue("q");
  SendRequest delayed;
  delayed.delay_seconds = 7;
  send("q", "later", delayed);
  EXPECT_TRUE(receive("q").empty());
  const Waiter waiter = startWaiting("q");
  ASSERT_TRUE(waiter.wake_at);
  EXPECT_EQ(*waiter.wake_at, now_ + 7 * kSecond);
  advanceSeconds(6);
  EXPECT_FALSE(shouldRetry("q", waiter));
  advanceSeconds(1);
  EXPECT_TRUE(shouldRetry("q", waiter));
  EXPECT_EQ(receiveBodies("q"), Bodies{"later"});
}

TEST_F(LongPolling, AVisibilityChangeWakesTheWaiter) {
  createQueue("q");
  send("q", "m");
  const std::vector<ReceivedMessage> taken = receive("q");
  ASSERT_EQ(taken.size(), 1u);
  const Waiter waiter = startWaiting("q");
  EXPECT_EQ(*waiter.wake_at, now_ + 30 * kSecond);
  ASSERT_TRUE(engine_.changeVisibility("q", taken[0].receipt_handle, 0, now_).ok());
  EXPECT_TRUE(shouldRetry("q", waiter));
  EXPECT_EQ(receiveBodies("q"), Bodies{"m"});
}

TEST_F(LongPolling, DeletingTheInFlightMessageOfAFifoGroupWakesTheWaiter) {
  createFifoQueue("q.fifo");
  sendToGroup("q.fifo", "a1", "a");
  sendToGroup("q.fifo", "a2", "a");
  const std::vector<ReceivedMessage> taken = receive("q.fifo", 1);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_TRUE(receive("q.fifo").empty());
  const Waiter waiter = startWaiting("q.fifo");
  deleteMessage("q.fifo", taken[0]);
  EXPECT_TRUE(shouldRetry("q.fifo", waiter));
  EXPECT_EQ(receiveBodies("q.fifo"), Bodies{"a2"});
}

}  // namespace
}  // namespace switchyard::sqs
