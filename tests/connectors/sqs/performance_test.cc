// Sanity checks that the engine stays O(log n) per operation with a million messages. Real
// benchmarks belong in bench/; these only catch an accidental scan and print what they saw.

#include <malloc.h>
#include <time.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "sqs_test_util.h"

namespace switchyard::sqs {
namespace {

// Sanitizer builds run a fifth of the messages, and are several times slower per message; the
// budgets only have to catch an O(n) step per operation.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr int kMessages = 200'000;
constexpr double kBudgetSeconds = 60;
#else
constexpr int kMessages = 1'000'000;
constexpr double kBudgetSeconds = 20;
#endif

// CPU time of this (single-threaded) test: the build machines run other builds alongside, which
// makes wall time meaningless.
struct Stopwatch {
  static double cpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
  }
  double cpu_start = cpuSeconds();
  std::chrono::steady_clock::time_point wall_start = std::chrono::steady_clock::now();

  double cpu() const { return cpuSeconds() - cpu_start; }
  double wall() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  }
};

// glibc's count of bytes in use (meaningless under ASan, which has its own allocator).
size_t heapInUse() { return mallinfo2().uordblks; }

// Receives in batches of 10 and deletes each message until the queue is empty; counts them.
void receiveAndDeleteAll(QueueEngine& engine, const std::string& queue, int64_t now,
                         int* received) {
  *received = 0;
  for (;;) {
    auto batch = engine.receive(queue, {10, {}, {}}, now);
    ASSERT_TRUE(batch.ok());
    if (batch->messages.empty()) {
      return;
    }
    for (const ReceivedMessage& message : batch->messages) {
      ASSERT_TRUE(engine.deleteMessage(queue, message.receipt_handle, now).ok());
    }
    *received += static_cast<int>(batch->messages.size());
  }
}

TEST(QueueEnginePerformance, AMillionMessagesSentReceivedAndDeleted) {
  QueueEngine engine(testing::seededOptions());
  int64_t now = testing::kStartMs;
  ASSERT_TRUE(engine.createQueue("big", {}, now).ok());
  const std::string body(100, 'x');

  const size_t heap_before = heapInUse();
  Stopwatch sending;
  for (int i = 0; i < kMessages; ++i) {
    SendRequest request;
    request.body = body;
    auto sent = engine.send("big", std::move(request), now + i / 1000);
    ASSERT_TRUE(sent.ok());
  }
  const double send_seconds = sending.cpu();
  const double send_wall = sending.wall();
  const size_t heap_queued = heapInUse() - heap_before;
  now += kMessages / 1000;

  Stopwatch draining;
  int received = 0;
  receiveAndDeleteAll(engine, "big", now, &received);
  if (::testing::Test::HasFatalFailure()) {
    return;
  }
  const double drain_seconds = draining.cpu();
  const double drain_wall = draining.wall();
  EXPECT_EQ(received, kMessages);
  EXPECT_EQ(
      (*engine.getQueueAttributes(
          "big", {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"}, now)),
      (AttributeMap{{"ApproximateNumberOfMessages", "0"},
                    {"ApproximateNumberOfMessagesNotVisible", "0"}}));
  std::printf(
      "[ perf ] standard: send %dk x 100 B: %.2f s CPU (%.0f ns/msg, %.2f s wall); "
      "receive 10 + delete all: %.2f s CPU (%.0f ns/msg, %.2f s wall); heap while "
      "queued: %.0f B/msg, body included (0 under sanitizers: not measurable)\n",
      kMessages / 1000, send_seconds, send_seconds * 1e9 / kMessages, send_wall, drain_seconds,
      drain_seconds * 1e9 / kMessages, drain_wall, static_cast<double>(heap_queued) / kMessages);
  EXPECT_LT(send_seconds + drain_seconds, kBudgetSeconds);
}

TEST(QueueEnginePerformance, AMillionFifoMessagesInAThousandGroups) {
  QueueEngine engine(testing::seededOptions());
  int64_t now = testing::kStartMs;
  ASSERT_TRUE(engine.createQueue("big.fifo", {{"FifoQueue", "true"}}, now).ok());
  const std::string body(100, 'x');

  const size_t heap_before = heapInUse();
  Stopwatch sending;
  for (int i = 0; i < kMessages; ++i) {
    SendRequest request;
    request.body = body;
    request.message_group_id = "group-" + std::to_string(i % 1000);
    request.message_deduplication_id = "id-" + std::to_string(i);
    ASSERT_TRUE(engine.send("big.fifo", std::move(request), now).ok());
  }
  const double send_seconds = sending.cpu();
  const double send_wall = sending.wall();
  const size_t heap_queued = heapInUse() - heap_before;

  Stopwatch draining;
  int received = 0;
  receiveAndDeleteAll(engine, "big.fifo", now, &received);
  if (::testing::Test::HasFatalFailure()) {
    return;
  }
  const double drain_seconds = draining.cpu();
  const double drain_wall = draining.wall();
  EXPECT_EQ(received, kMessages);
  std::printf(
      "[ perf ] FIFO, 1000 groups: send %dk x 100 B: %.2f s CPU (%.0f ns/msg, %.2f s "
      "wall); receive 10 + delete all: %.2f s CPU (%.0f ns/msg, %.2f s wall); heap while "
      "queued (deduplication window included): %.0f B/msg\n",
      kMessages / 1000, send_seconds, send_seconds * 1e9 / kMessages, send_wall, drain_seconds,
      drain_seconds * 1e9 / kMessages, drain_wall, static_cast<double>(heap_queued) / kMessages);
  EXPECT_LT(send_seconds + drain_seconds, kBudgetSeconds);
}

TEST(QueueEnginePerformance, AMillionInFlightMessagesTimeOutAndAreRedelivered) {
  QueueEngine engine(testing::seededOptions());
  int64_t now = testing::kStartMs;
  ASSERT_TRUE(engine.createQueue("big", {}, now).ok());
  for (int i = 0; i < kMessages; ++i) {
    SendRequest request;
    request.body = "m";
    ASSERT_TRUE(engine.send("big", std::move(request), now).ok());
  }
  for (int i = 0; i < kMessages / 10; ++i) {
    ASSERT_EQ(engine.receive("big", {10, {}, {}}, now)->messages.size(), 10u);
  }
  Stopwatch expiring;
  now += 30'000;
  auto next = engine.receive("big", {10, {}, {}}, now);  // a million timeouts end here
  const double expiry_seconds = expiring.cpu();
  ASSERT_EQ(next->messages.size(), 10u);
  EXPECT_EQ(next->messages[0].approximate_receive_count, 2u);
  std::printf("[ perf ] %dk visibility timeouts ending at once: %.2f s CPU\n", kMessages / 1000,
              expiry_seconds);
  EXPECT_LT(expiry_seconds, kBudgetSeconds);
}

}  // namespace
}  // namespace switchyard::sqs
