// Randomised comparison of QueueEngine against a plain model of SQS semantics: every operation's
// result and the queue counts must match the model after each step. Seeded, so reproducible.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gateway/core/random.h"
#include "sqs_test_util.h"

namespace switchyard::sqs {
namespace {

using testing::codeOf;
using testing::kSecond;

constexpr int64_t kRetentionSeconds = 600;

struct ModelMessage {
  std::string id;
  std::string body;
  std::string group;
  int64_t enqueued_ms = 0;
  int64_t visible_at_ms = 0;
  uint32_t receive_count = 0;
  bool alive = true;
};

struct Handle {
  size_t index;  // into the model's messages (send order)
  uint32_t receive_count;
  std::string text;
};

class Model {
 public:
  explicit Model(bool fifo) : fifo_(fifo) {}

  void expire(int64_t now) {
    for (ModelMessage& message : messages_) {
      if (message.alive && message.enqueued_ms + kRetentionSeconds * kSecond <= now) {
        message.alive = false;
      }
    }
  }
  bool visible(const ModelMessage& message, int64_t now) const {
    return message.alive && message.visible_at_ms <= now;
  }
  bool inFlight(const ModelMessage& message, int64_t now) const {
    return message.alive && message.visible_at_ms > now && message.receive_count > 0;
  }

  // Indexes the engine must return, in order.
  std::vector<size_t> receivable(int max, int64_t now) const {
    std::vector<size_t> out;
    if (!fifo_) {
      for (size_t i = 0; i < messages_.size() && static_cast<int>(out.size()) < max; ++i) {
        if (visible(messages_[i], now)) {
          out.push_back(i);
        }
      }
      return out;
    }
    // FIFO: groups by the send order of their first live message.
    std::map<std::string, std::vector<size_t>> groups;
    std::vector<std::string> group_order;
    for (size_t i = 0; i < messages_.size(); ++i) {
      if (!messages_[i].alive) {
        continue;
      }
      auto& members = groups[messages_[i].group];
      if (members.empty()) {
        group_order.push_back(messages_[i].group);
      }
      members.push_back(i);
    }
    for (const std::string& group : group_order) {
      const std::vector<size_t>& members = groups[group];
      if (std::any_of(members.begin(), members.end(),
                      [&](size_t i) { return inFlight(messages_[i], now); })) {
        continue;
      }
      for (size_t i : members) {
        if (static_cast<int>(out.size()) == max || !visible(messages_[i], now)) {
          break;
        }
        out.push_back(i);
      }
      if (static_cast<int>(out.size()) == max) {
        break;
      }
    }
    return out;
  }

  std::vector<std::string> counts(int64_t now) const {
    int visible_count = 0;
    int in_flight = 0;
    int delayed = 0;
    for (const ModelMessage& message : messages_) {
      if (!message.alive) {
        continue;
      }
      if (message.visible_at_ms <= now) {
        ++visible_count;
      } else if (message.receive_count > 0) {
        ++in_flight;
      } else {
        ++delayed;
      }
    }
    return {std::to_string(visible_count), std::to_string(in_flight), std::to_string(delayed)};
  }

  bool fifo_;
  std::vector<ModelMessage> messages_;
};

void runAgainstModel(bool fifo, uint64_t seed, int steps) {
  QueueEngine engine(testing::seededOptions());
  Model model(fifo);
  Random random(seed);
  int64_t now = testing::kStartMs;
  const std::string queue = fifo ? "model.fifo" : "model";
  AttributeMap attributes{{"MessageRetentionPeriod", std::to_string(kRetentionSeconds)}};
  if (fifo) {
    attributes["FifoQueue"] = "true";
  }
  ASSERT_TRUE(engine.createQueue(queue, attributes, now).ok());
  std::vector<Handle> handles;
  int sent = 0;

  for (int step = 0; step < steps; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    model.expire(now);
    const uint64_t choice = random.below(100);
    if (choice < 30) {  // send
      SendRequest request;
      request.body = "m" + std::to_string(sent++);
      if (fifo) {
        request.message_group_id = "g" + std::to_string(random.below(4));
        request.message_deduplication_id = request.body;
      } else if (random.below(4) == 0) {
        request.delay_seconds = static_cast<int>(random.below(20));
      }
      ModelMessage message;
      message.body = request.body;
      message.group = request.message_group_id;
      message.enqueued_ms = now;
      message.visible_at_ms = now + request.delay_seconds.value_or(0) * kSecond;
      auto result = engine.send(queue, request, now);
      ASSERT_TRUE(result.ok()) << result.error().message;
      message.id = result->message_id;
      model.messages_.push_back(message);
    } else if (choice < 60) {  // receive
      const int max = 1 + static_cast<int>(random.below(10));
      const int visibility = static_cast<int>(random.below(31));
      const std::vector<size_t> expected = model.receivable(max, now);
      auto result = engine.receive(queue, {max, visibility, {}}, now);
      ASSERT_TRUE(result.ok());
      ASSERT_EQ(result->messages.size(), expected.size());
      for (size_t i = 0; i < expected.size(); ++i) {
        ModelMessage& message = model.messages_[expected[i]];
        const ReceivedMessage& got = result->messages[i];
        ASSERT_EQ(got.message_id, message.id);
        ASSERT_EQ(got.body, message.body);
        message.receive_count++;
        message.visible_at_ms = now + visibility * kSecond;
        ASSERT_EQ(got.approximate_receive_count, message.receive_count);
        handles.push_back({expected[i], message.receive_count, got.receipt_handle});
      }
    } else if (choice < 75 && !handles.empty()) {  // delete
      const Handle& handle = handles[random.below(handles.size())];
      ModelMessage& message = model.messages_[handle.index];
      Status status = engine.deleteMessage(queue, handle.text, now);
      const bool current =
          handle.receive_count == message.receive_count && model.inFlight(message, now);
      if (!message.alive) {
        EXPECT_TRUE(status.ok());
      } else if (fifo && !current) {
        EXPECT_EQ(codeOf(status), "InvalidParameterValue");
      } else {
        EXPECT_TRUE(status.ok()) << status.error().message;
        message.alive = false;
      }
    } else if (choice < 85 && !handles.empty()) {  // change visibility
      const Handle& handle = handles[random.below(handles.size())];
      ModelMessage& message = model.messages_[handle.index];
      const int seconds = static_cast<int>(random.below(31));
      Status status = engine.changeVisibility(queue, handle.text, seconds, now);
      if (!message.alive || handle.receive_count != message.receive_count) {
        EXPECT_EQ(codeOf(status), "InvalidParameterValue");
      } else if (!model.inFlight(message, now)) {
        EXPECT_EQ(codeOf(status), "MessageNotInflight");
      } else {
        EXPECT_TRUE(status.ok()) << status.error().message;
        message.visible_at_ms = now + seconds * kSecond;
      }
    } else {  // time passes
      now += static_cast<int64_t>(random.below(15'000));
      model.expire(now);
    }
    auto got = engine.getQueueAttributes(
        queue,
        {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
         "ApproximateNumberOfMessagesDelayed"},
        now);
    ASSERT_TRUE(got.ok());
    ASSERT_EQ((std::vector<std::string>{(*got)["ApproximateNumberOfMessages"],
                                        (*got)["ApproximateNumberOfMessagesNotVisible"],
                                        (*got)["ApproximateNumberOfMessagesDelayed"]}),
              model.counts(now));
  }
  EXPECT_GT(sent, steps / 5);
}

TEST(QueueEngineModel, StandardQueueMatchesTheModel) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    runAgainstModel(false, seed, 3000);
  }
}

TEST(QueueEngineModel, FifoQueueMatchesTheModel) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    runAgainstModel(true, seed, 3000);
  }
}

}  // namespace
}  // namespace switchyard::sqs
