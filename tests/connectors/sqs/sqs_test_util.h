#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/sqs/engine/queue_engine.h"
#include "connectors/sqs/engine/sqs_error.h"

namespace switchyard::sqs::testing {

// A fixed start for the fake clock: 2025-11-24T15:06:40Z.
inline constexpr int64_t kStartMs = 1'764'000'000'000;
inline constexpr int64_t kSecond = 1000;

inline EngineOptions seededOptions() {
  EngineOptions options;
  options.random_seed = 0x5159;
  return options;
}

// The SQS error code of a failed Result / Status ("QueueDoesNotExist").
template <typename R>
std::string codeOf(const R& result) {
  if (result.ok()) {
    return "OK";
  }
  return std::string(splitSqsError(result.error()).code);
}

template <typename R>
std::string textOf(const R& result) {
  if (result.ok()) {
    return "";
  }
  return std::string(splitSqsError(result.error()).text);
}

inline std::vector<std::string> bodiesOf(const std::vector<ReceivedMessage>& messages) {
  std::vector<std::string> bodies;
  for (const ReceivedMessage& message : messages) {
    bodies.push_back(message.body);
  }
  return bodies;
}

// An engine on a fake clock, with shorthands that fail the test on unexpected errors.
class SqsEngineTest : public ::testing::Test {
 protected:
  SqsEngineTest() : engine_(seededOptions()) {}

  void advanceMs(int64_t ms) { now_ += ms; }
  void advanceSeconds(int64_t seconds) { now_ += seconds * kSecond; }

  void createQueue(std::string_view name, const AttributeMap& attributes = {}) {
    auto created = engine_.createQueue(name, attributes, now_);
    ASSERT_TRUE(created.ok()) << created.error().message;
  }
  void createFifoQueue(std::string_view name, AttributeMap attributes = {}) {
    attributes["FifoQueue"] = "true";
    createQueue(name, attributes);
  }

  SendResult send(std::string_view queue, std::string body, SendRequest request = {}) {
    request.body = std::move(body);
    auto sent = engine_.send(queue, std::move(request), now_);
    if (!sent.ok()) {
      ADD_FAILURE() << "send: " << sent.error().message;
      return {};
    }
    return std::move(sent).value();
  }
  SendResult sendToGroup(std::string_view queue, std::string body, std::string group,
                         std::string deduplication_id = {}) {
    SendRequest request;
    request.message_group_id = std::move(group);
    request.message_deduplication_id =
        deduplication_id.empty() ? "dedup-" + body : std::move(deduplication_id);
    return send(queue, std::move(body), std::move(request));
  }

  std::vector<ReceivedMessage> receive(std::string_view queue, int max = 10,
                                       std::optional<int> visibility_timeout = std::nullopt) {
    ReceiveRequest request;
    request.max_number_of_messages = max;
    request.visibility_timeout = visibility_timeout;
    auto received = engine_.receive(queue, request, now_);
    if (!received.ok()) {
      ADD_FAILURE() << "receive: " << received.error().message;
      return {};
    }
    return std::move(received).value().messages;
  }
  std::vector<std::string> receiveBodies(std::string_view queue, int max = 10,
                                         std::optional<int> visibility_timeout = std::nullopt) {
    return bodiesOf(receive(queue, max, visibility_timeout));
  }

  void deleteMessage(std::string_view queue, const ReceivedMessage& message) {
    Status deleted = engine_.deleteMessage(queue, message.receipt_handle, now_);
    EXPECT_TRUE(deleted.ok()) << deleted.error().message;
  }

  AttributeMap attributes(std::string_view queue) {
    auto got = engine_.getQueueAttributes(queue, {"All"}, now_);
    if (!got.ok()) {
      ADD_FAILURE() << "getQueueAttributes: " << got.error().message;
      return {};
    }
    return std::move(got).value();
  }
  // {visible, not visible, delayed}
  std::vector<std::string> counts(std::string_view queue) {
    AttributeMap all = attributes(queue);
    return {all["ApproximateNumberOfMessages"], all["ApproximateNumberOfMessagesNotVisible"],
            all["ApproximateNumberOfMessagesDelayed"]};
  }

  int64_t now_ = kStartMs;
  QueueEngine engine_;
};

}  // namespace switchyard::sqs::testing
