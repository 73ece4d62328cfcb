#include "dispatcher/inbox.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace switchyard::dispatcher {
namespace {

// This suite runs under ThreadSanitizer in CI (label `dispatcher`): the thread counts and sizes
// below keep it to a few seconds there.

struct SequencedNode final : InboxNode {
  int producer = 0;
  uint32_t sequence = 0;
  void run() noexcept override {}
};

TEST(Inbox, PopOnAnEmptyInboxReturnsNull) {
  Inbox inbox;
  EXPECT_EQ(inbox.pop(), nullptr);
  EXPECT_EQ(inbox.pop(), nullptr);
}

TEST(Inbox, SingleThreadIsFirstInFirstOut) {
  Inbox inbox;
  auto nodes = std::make_unique<SequencedNode[]>(100);
  for (uint32_t i = 0; i < 100; ++i) {
    nodes[i].sequence = i;
    inbox.push(&nodes[i]);
  }
  for (uint32_t i = 0; i < 100; ++i) {
    auto* node = static_cast<SequencedNode*>(inbox.pop());
    ASSERT_NE(node, nullptr);
    EXPECT_EQ(node->sequence, i);
  }
  EXPECT_EQ(inbox.pop(), nullptr);
}

TEST(Inbox, StaysFifoWhenDrainedToEmptyAndRefilledRepeatedly) {
  // Each time the inbox empties, pop() re-inserts its internal stub; nodes are reused afterwards.
  Inbox inbox;
  SequencedNode nodes[3];
  uint32_t next = 0;
  uint32_t expected = 0;
  for (int round = 0; round < 50; ++round) {
    const int count = 1 + round % 3;
    for (int k = 0; k < count; ++k) {
      nodes[k].sequence = next++;
      inbox.push(&nodes[k]);
    }
    for (int k = 0; k < count; ++k) {
      auto* node = static_cast<SequencedNode*>(inbox.pop());
      ASSERT_NE(node, nullptr) << "round " << round;
      EXPECT_EQ(node->sequence, expected++);
    }
    ASSERT_EQ(inbox.pop(), nullptr);
  }
}

TEST(Inbox, InterleavedPushAndPopKeepOrder) {
  Inbox inbox;
  SequencedNode nodes[4];
  for (uint32_t i = 0; i < 4; ++i) {
    nodes[i].sequence = i;
  }
  inbox.push(&nodes[0]);
  EXPECT_EQ(inbox.pop(), &nodes[0]);
  inbox.push(&nodes[1]);
  inbox.push(&nodes[2]);
  EXPECT_EQ(inbox.pop(), &nodes[1]);
  inbox.push(&nodes[3]);
  EXPECT_EQ(inbox.pop(), &nodes[2]);
  EXPECT_EQ(inbox.pop(), &nodes[3]);
  EXPECT_EQ(inbox.pop(), nullptr);
}

// Per-producer sequence numbers arrive in order at the single consumer; nothing is lost or
// duplicated. pop() may return nullptr while a producer is mid-push, so the consumer keeps
// polling until it has everything.
TEST(Inbox, ManyProducersOneConsumerLosesAndDuplicatesNothing) {
  constexpr int kProducers = 4;
  constexpr uint32_t kPerProducer = 200'000;
  Inbox inbox;
  // Producers fill their nodes just before pushing them, as real senders do, so TSan checks
  // that the inbox publishes a node's fields to the consumer.
  std::vector<std::unique_ptr<SequencedNode[]>> nodes;
  for (int p = 0; p < kProducers; ++p) {
    nodes.push_back(std::make_unique<SequencedNode[]>(kPerProducer));
  }

  std::vector<uint32_t> next_expected(kProducers, 0);
  uint64_t received = 0;
  bool in_order = true;
  std::thread consumer([&] {
    const uint64_t total = uint64_t{kProducers} * kPerProducer;
    while (received < total) {
      InboxNode* popped = inbox.pop();
      if (popped == nullptr) {
        std::this_thread::yield();
        continue;
      }
      auto* node = static_cast<SequencedNode*>(popped);
      if (node->sequence != next_expected[node->producer]) {
        in_order = false;
      }
      next_expected[node->producer] = node->sequence + 1;
      ++received;
    }
  });
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (uint32_t i = 0; i < kPerProducer; ++i) {
        nodes[p][i].producer = p;
        nodes[p][i].sequence = i;
        inbox.push(&nodes[p][i]);
      }
    });
  }
  for (std::thread& producer : producers) {
    producer.join();
  }
  consumer.join();

  EXPECT_TRUE(in_order);
  EXPECT_EQ(received, uint64_t{kProducers} * kPerProducer);
  for (int p = 0; p < kProducers; ++p) {
    EXPECT_EQ(next_expected[p], kPerProducer) << "producer " << p;
  }
  EXPECT_EQ(inbox.pop(), nullptr);
}

TEST(WakeFlag, OnlyTheFirstRaiseAfterAClearAsksForAWake) {
  WakeFlag flag;
  EXPECT_TRUE(flag.raise());
  EXPECT_FALSE(flag.raise());
  EXPECT_FALSE(flag.raise());
  flag.clear();
  EXPECT_TRUE(flag.raise());
  flag.clear();
  flag.clear();
  EXPECT_TRUE(flag.raise());
}

// A coalescing wake-up like uv_async_send: any number of signals before the waiter runs count
// as one.
class CoalescingSignal {
 public:
  void notify() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      signalled_ = true;
    }
    condition_.notify_one();
  }
  // False if nothing arrived within `timeout`.
  bool wait(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!condition_.wait_for(lock, timeout, [this] { return signalled_; })) {
      return false;
    }
    signalled_ = false;
    return true;
  }

 private:
  std::mutex mutex_;
  std::condition_variable condition_;
  bool signalled_ = false;
};

// The LoopThread protocol: producers push then raise(), signalling only when raise() says so;
// the consumer sleeps until signalled, then clear()s and drains everything. A lost wake-up would
// leave the consumer asleep with items queued; the timeout turns that hang into a failure.
TEST(WakeFlag, ConsumerThatSleepsUntilWokenNeverMissesAnItem) {
  constexpr int kProducers = 4;
  constexpr uint32_t kPerProducer = 50'000;
  constexpr uint64_t kTotal = uint64_t{kProducers} * kPerProducer;
  Inbox inbox;
  WakeFlag flag;
  CoalescingSignal signal;
  // Producers fill their nodes just before pushing them, as real senders do, so TSan checks
  // that the inbox publishes a node's fields to the consumer.
  std::vector<std::unique_ptr<SequencedNode[]>> nodes;
  for (int p = 0; p < kProducers; ++p) {
    nodes.push_back(std::make_unique<SequencedNode[]>(kPerProducer));
  }

  uint64_t received = 0;
  uint64_t wakeups = 0;
  bool lost_wakeup = false;
  bool in_order = true;
  std::vector<uint32_t> next_expected(kProducers, 0);
  std::thread consumer([&] {
    while (received < kTotal) {
      if (!signal.wait(std::chrono::seconds(20))) {
        lost_wakeup = true;
        return;
      }
      ++wakeups;
      flag.clear();
      while (InboxNode* popped = inbox.pop()) {
        auto* node = static_cast<SequencedNode*>(popped);
        in_order = in_order && node->sequence == next_expected[node->producer];
        next_expected[node->producer] = node->sequence + 1;
        ++received;
      }
    }
  });
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (uint32_t i = 0; i < kPerProducer; ++i) {
        nodes[p][i].producer = p;
        nodes[p][i].sequence = i;
        inbox.push(&nodes[p][i]);
        if (flag.raise()) {
          signal.notify();
        }
      }
    });
  }
  for (std::thread& producer : producers) {
    producer.join();
  }
  consumer.join();

  EXPECT_FALSE(lost_wakeup) << "consumer slept with " << (kTotal - received) << " items queued";
  EXPECT_EQ(received, kTotal);
  EXPECT_TRUE(in_order);
  EXPECT_LE(wakeups, kTotal);
  EXPECT_EQ(inbox.pop(), nullptr);
}

}  // namespace
}  // namespace switchyard::dispatcher
