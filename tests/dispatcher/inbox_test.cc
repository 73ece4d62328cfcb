#include "dispatcher/inbox.h"

#include <gtest/gtest.h>

#include <atomic>
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

// Checks what a consumer receives: per-producer sequence numbers in order, counted.
struct Receipts {
  explicit Receipts(size_t producers) : next_expected(producers, 0) {}
  void take(InboxNode* popped) {
    auto* node = static_cast<SequencedNode*>(popped);
    in_order = in_order && node->sequence == next_expected[node->producer];
    next_expected[node->producer] = node->sequence + 1;
    ++received;
  }
  std::vector<uint32_t> next_expected;
  uint64_t received = 0;
  bool in_order = true;
};

// Producers fill their nodes just before pushing them, as real senders do, so TSan checks that
// the inbox publishes a node's fields to the consumer.
void pushSequenced(Inbox& inbox, SequencedNode* nodes, int producer, uint32_t from, uint32_t to) {
  for (uint32_t i = from; i < to; ++i) {
    nodes[i].producer = producer;
    nodes[i].sequence = i;
    inbox.push(&nodes[i]);
  }
}

// Spins (yielding) until `count` reaches `target`: a barrier that TSan sees through.
void awaitCount(const std::atomic<int>& count, int target) {
  while (count.load(std::memory_order_acquire) < target) {
    std::this_thread::yield();
  }
}

// One array of nodes per producer, allocated before any thread starts.
std::vector<std::unique_ptr<SequencedNode[]>> makeNodes(int producers, uint32_t per_producer) {
  std::vector<std::unique_ptr<SequencedNode[]>> nodes;
  for (int p = 0; p < producers; ++p) {
    nodes.push_back(std::make_unique<SequencedNode[]>(per_producer));
  }
  return nodes;
}

// The consumer's side: pops (yielding when empty) until `total` items were received.
void drainUntil(Inbox& inbox, Receipts& receipts, uint64_t total) {
  while (receipts.received < total) {
    InboxNode* node = inbox.pop();
    if (node == nullptr) {
      std::this_thread::yield();
      continue;
    }
    receipts.take(node);
  }
}

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
  auto nodes = makeNodes(kProducers, kPerProducer);

  Receipts receipts(kProducers);
  std::thread consumer([&] { drainUntil(inbox, receipts, uint64_t{kProducers} * kPerProducer); });
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] { pushSequenced(inbox, nodes[p].get(), p, 0, kPerProducer); });
  }
  for (std::thread& producer : producers) {
    producer.join();
  }
  consumer.join();

  EXPECT_TRUE(receipts.in_order);
  EXPECT_EQ(receipts.received, uint64_t{kProducers} * kPerProducer);
  for (int p = 0; p < kProducers; ++p) {
    EXPECT_EQ(receipts.next_expected[p], kPerProducer) << "producer " << p;
  }
  EXPECT_EQ(inbox.pop(), nullptr);
}

// A ring holds kRingSlots; pushing more before the consumer runs goes to the lane's overflow,
// and the lane returns to the ring once the consumer has emptied the overflow.
TEST(Inbox, OverflowKeepsOrderAndReturnsToTheRing) {
  constexpr uint32_t kRing = Inbox::kRingSlots;
  constexpr uint32_t kTotal = 6 * kRing;
  Inbox inbox;
  auto nodes = std::make_unique<SequencedNode[]>(kTotal);
  Receipts receipts(1);
  auto popSome = [&](uint32_t count) {
    for (uint32_t k = 0; k < count; ++k) {
      InboxNode* node = inbox.pop();
      ASSERT_NE(node, nullptr) << "after " << receipts.received;
      receipts.take(node);
    }
  };
  pushSequenced(inbox, nodes.get(), 0, 0, 2 * kRing + 7);          // ring full, then overflow
  popSome(kRing / 2);                                              // frees ring slots...
  pushSequenced(inbox, nodes.get(), 0, 2 * kRing + 7, 3 * kRing);  // ...but stays in overflow
  popSome(3 * kRing - kRing / 2);                                  // everything
  EXPECT_EQ(inbox.pop(), nullptr);
  pushSequenced(inbox, nodes.get(), 0, 3 * kRing, 4 * kRing);  // back in the ring, fills it
  popSome(kRing / 4);
  pushSequenced(inbox, nodes.get(), 0, 4 * kRing, kTotal);  // ring again, then overflow again
  popSome(kTotal - 3 * kRing - kRing / 4);
  EXPECT_EQ(inbox.pop(), nullptr);
  EXPECT_TRUE(receipts.in_order);
  EXPECT_EQ(receipts.received, kTotal);
}

// Producers fill their rings and overflows before the consumer starts, then keep pushing while
// it drains, so their lanes go back and forth between overflow and ring under concurrency.
TEST(Inbox, ProducersThatOutrunTheConsumerKeepTheirOrder) {
  constexpr int kProducers = 3;
  constexpr uint32_t kPerProducer = 8 * Inbox::kRingSlots;
  constexpr uint32_t kBeforeConsumer = 3 * Inbox::kRingSlots;
  Inbox inbox;
  auto nodes = makeNodes(kProducers, kPerProducer);
  std::atomic<int> filled{0};
  Receipts receipts(kProducers);
  std::thread consumer([&] {
    awaitCount(filled, kProducers);
    drainUntil(inbox, receipts, uint64_t{kProducers} * kPerProducer);
  });
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      pushSequenced(inbox, nodes[p].get(), p, 0, kBeforeConsumer);
      filled.fetch_add(1, std::memory_order_release);
      pushSequenced(inbox, nodes[p].get(), p, kBeforeConsumer, kPerProducer);
    });
  }
  for (std::thread& producer : producers) {
    producer.join();
  }
  consumer.join();
  EXPECT_TRUE(receipts.in_order);
  EXPECT_EQ(receipts.received, uint64_t{kProducers} * kPerProducer);
  EXPECT_EQ(inbox.pop(), nullptr);
}

// More live producer threads than lanes: the ones without a lane index use the shared lane.
TEST(Inbox, ThreadsBeyondTheLanesShareOneLaneAndLoseNothing) {
  constexpr int kProducers = static_cast<int>(Inbox::kLanes) + 4;
  constexpr uint32_t kPerProducer = 5'000;
  Inbox inbox;
  auto nodes = makeNodes(kProducers, kPerProducer);
  std::vector<uint32_t> lanes(kProducers);
  std::atomic<int> started{0};
  Receipts receipts(kProducers);
  std::thread consumer([&] { drainUntil(inbox, receipts, uint64_t{kProducers} * kPerProducer); });
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      // Every producer holds its lane index (taken by the first push) before any exits.
      pushSequenced(inbox, nodes[p].get(), p, 0, 1);
      lanes[p] = Inbox::callingThreadLane();
      started.fetch_add(1, std::memory_order_release);
      awaitCount(started, kProducers);
      pushSequenced(inbox, nodes[p].get(), p, 1, kPerProducer);
    });
  }
  for (std::thread& producer : producers) {
    producer.join();
  }
  consumer.join();
  int shared = 0;
  for (uint32_t lane : lanes) {
    shared += lane == Inbox::kLanes ? 1 : 0;
  }
  EXPECT_GE(shared, kProducers - static_cast<int>(Inbox::kLanes));
  EXPECT_TRUE(receipts.in_order);
  EXPECT_EQ(receipts.received, uint64_t{kProducers} * kPerProducer);
  EXPECT_EQ(inbox.pop(), nullptr);
}

// Exiting threads return their lane index, so a process that keeps starting threads keeps
// reusing a few indices; the next holder of an index continues the lane where its last holder
// left it (here: deep in overflow, since nothing is consumed until the end).
TEST(Inbox, ShortLivedThreadsInSequenceReuseLaneIndices) {
  constexpr int kProducers = 4 * static_cast<int>(Inbox::kLanes);
  constexpr uint32_t kPerProducer = Inbox::kRingSlots / 2 + 3;
  Inbox inbox;
  auto nodes = makeNodes(kProducers, kPerProducer);
  std::vector<uint32_t> lanes(kProducers);
  for (int p = 0; p < kProducers; ++p) {
    std::thread([&, p] {
      pushSequenced(inbox, nodes[p].get(), p, 0, kPerProducer);
      lanes[p] = Inbox::callingThreadLane();
    }).join();
  }
  for (int p = 0; p < kProducers; ++p) {
    EXPECT_LT(lanes[p], Inbox::kLanes) << "producer " << p << " found no free lane index";
  }
  Receipts receipts(kProducers);
  while (InboxNode* node = inbox.pop()) {
    receipts.take(node);
  }
  EXPECT_TRUE(receipts.in_order);
  EXPECT_EQ(receipts.received, uint64_t{kProducers} * kPerProducer);
}

// Waves of concurrent short-lived producers while one consumer drains: indices are returned and
// taken again concurrently with pushes into the same lanes.
TEST(Inbox, ShortLivedThreadsConcurrentlyReuseLaneIndices) {
  constexpr int kWaves = 12;
  constexpr int kPerWave = 6;
  constexpr int kProducers = kWaves * kPerWave;
  constexpr uint32_t kPerProducer = 3'000;
  Inbox inbox;
  auto nodes = makeNodes(kProducers, kPerProducer);
  std::vector<uint32_t> lanes(kProducers);
  Receipts receipts(kProducers);
  std::thread consumer([&] { drainUntil(inbox, receipts, uint64_t{kProducers} * kPerProducer); });
  // Waves overlap: a wave starts when the previous one has been started, not joined.
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      pushSequenced(inbox, nodes[p].get(), p, 0, kPerProducer);
      lanes[p] = Inbox::callingThreadLane();
    });
    if (p >= 2 * kPerWave) {
      producers[static_cast<size_t>(p - 2 * kPerWave)].join();
    }
  }
  for (size_t p = kProducers - 2 * kPerWave; p < producers.size(); ++p) {
    producers[p].join();
  }
  consumer.join();
  // At most 2 * kPerWave + 1 producers are alive at once (plus the test's own threads).
  for (int p = 0; p < kProducers; ++p) {
    EXPECT_LT(lanes[p], Inbox::kLanes) << "producer " << p;
  }
  EXPECT_TRUE(receipts.in_order);
  EXPECT_EQ(receipts.received, uint64_t{kProducers} * kPerProducer);
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
  auto nodes = makeNodes(kProducers, kPerProducer);

  Receipts receipts(kProducers);
  uint64_t wakeups = 0;
  bool lost_wakeup = false;
  std::thread consumer([&] {
    while (receipts.received < kTotal) {
      if (!signal.wait(std::chrono::seconds(20))) {
        lost_wakeup = true;
        return;
      }
      ++wakeups;
      flag.clear();
      while (InboxNode* popped = inbox.pop()) {
        receipts.take(popped);
      }
    }
  });
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (uint32_t i = 0; i < kPerProducer; ++i) {
        pushSequenced(inbox, nodes[p].get(), p, i, i + 1);
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

  EXPECT_FALSE(lost_wakeup) << "consumer slept with " << (kTotal - receipts.received)
                            << " items queued";
  EXPECT_EQ(receipts.received, kTotal);
  EXPECT_TRUE(receipts.in_order);
  EXPECT_LE(wakeups, kTotal);
  EXPECT_EQ(inbox.pop(), nullptr);
}

}  // namespace
}  // namespace switchyard::dispatcher
