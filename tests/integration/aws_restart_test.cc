// Restarts of the real binary with the same data_dir, checked field by field: what SendMessage
// answered (MessageId, MD5s, FIFO sequence numbers) is what ReceiveMessage gives after a SIGTERM
// or a SIGKILL; batches answered before a kill -9 (or while a SIGTERM stop begins) are all there,
// whole; purges, deletions, unsubscribes and dead-letter moves stay done; topics, subscriptions
// and their filter policies keep routing; in-flight messages keep their visibility timeout (and
// block their FIFO group); `store.aws: memory` keeps nothing. aws_persistence_test.cc has the
// simpler cases (receipt handles across a restart, config vs stored attributes) and the store's
// write-error path.
#include <signal.h>
#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "connectors/aws/store/sqlite_aws_store.h"
#include "tests/integration/aws_calls.h"
#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

// What SendMessage or one SendMessageBatch entry answered.
struct SentMessage {
  std::string body;
  std::string message_id;
  std::string md5_of_body;
  std::string md5_of_attributes;
  std::string sequence_number;
};

// One message of a ReceiveMessage answer. Message attributes as "DataType|StringValue" or
// "DataType|BinaryValue (base64)".
struct ReceivedMessage {
  std::string message_id;
  std::string receipt_handle;
  std::string md5_of_body;
  std::string body;
  std::string md5_of_attributes;
  std::map<std::string, std::string> attributes;
  std::map<std::string, std::string> message_attributes;
};

std::string stringOf(simdjson::dom::element element, const char* key) {
  std::string_view value;
  if (element[key].get_string().get(value) != simdjson::SUCCESS) {
    return "";
  }
  return std::string(value);
}

std::map<std::string, std::string> stringMapOf(simdjson::dom::element element, const char* key) {
  std::map<std::string, std::string> map;
  simdjson::dom::object object;
  if (element[key].get_object().get(object) != simdjson::SUCCESS) {
    return map;
  }
  for (auto [name, value] : object) {
    std::string_view text;
    if (value.get_string().get(text) == simdjson::SUCCESS) {
      map.emplace(std::string(name), std::string(text));
    }
  }
  return map;
}

SentMessage sentFrom(simdjson::dom::element element, const std::string& body) {
  return {body, stringOf(element, "MessageId"), stringOf(element, "MD5OfMessageBody"),
          stringOf(element, "MD5OfMessageAttributes"), stringOf(element, "SequenceNumber")};
}

// SendMessage with `extra` JSON members (attributes, group, delay) after the body.
SentMessage send(uint16_t port, const std::string& queue, const std::string& body,
                 const std::string& extra = "") {
  HttpResponse response =
      sqsCall(port, "SendMessage",
              R"({"QueueUrl":")" + queueUrl(port, queue) + R"(","MessageBody":")" + body + "\"" +
                  (extra.empty() ? "" : "," + extra) + "}");
  EXPECT_EQ(response.status, 200) << response.body;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(response.body).get(root) != simdjson::SUCCESS) {
    ADD_FAILURE() << response.body;
    return {};
  }
  return sentFrom(root, body);
}

// ReceiveMessage without waiting, with every system and message attribute.
std::vector<ReceivedMessage> receive(uint16_t port, const std::string& queue,
                                     int visibility_timeout, int max = 10) {
  HttpResponse response = sqsCall(
      port, "ReceiveMessage",
      R"({"QueueUrl":")" + queueUrl(port, queue) + R"(","MaxNumberOfMessages":)" +
          std::to_string(max) + R"(,"VisibilityTimeout":)" + std::to_string(visibility_timeout) +
          R"(,"WaitTimeSeconds":0,"AttributeNames":["All"],"MessageAttributeNames":["All"]})");
  EXPECT_EQ(response.status, 200) << response.body;
  std::vector<ReceivedMessage> messages;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(response.body).get(root) != simdjson::SUCCESS) {
    ADD_FAILURE() << response.body;
    return messages;
  }
  simdjson::dom::array array;
  if (root["Messages"].get_array().get(array) != simdjson::SUCCESS) {
    return messages;  // none
  }
  for (simdjson::dom::element item : array) {
    ReceivedMessage message;
    message.message_id = stringOf(item, "MessageId");
    message.receipt_handle = stringOf(item, "ReceiptHandle");
    message.md5_of_body = stringOf(item, "MD5OfBody");
    message.body = stringOf(item, "Body");
    message.md5_of_attributes = stringOf(item, "MD5OfMessageAttributes");
    message.attributes = stringMapOf(item, "Attributes");
    simdjson::dom::object attributes;
    if (item["MessageAttributes"].get_object().get(attributes) == simdjson::SUCCESS) {
      for (auto [name, value] : attributes) {
        std::string data = stringOf(value, "StringValue");
        if (data.empty()) {
          data = stringOf(value, "BinaryValue");
        }
        message.message_attributes.emplace(std::string(name),
                                           stringOf(value, "DataType") + "|" + data);
      }
    }
    messages.push_back(std::move(message));
  }
  return messages;
}

// Receives until the queue gives nothing (each message then in flight for a minute).
std::vector<ReceivedMessage> receiveAll(uint16_t port, const std::string& queue) {
  std::vector<ReceivedMessage> all;
  for (;;) {
    std::vector<ReceivedMessage> batch = receive(port, queue, 60);
    if (batch.empty()) {
      return all;
    }
    all.insert(all.end(), batch.begin(), batch.end());
  }
}

void deleteMessage(uint16_t port, const std::string& queue, const std::string& receipt_handle) {
  HttpResponse deleted = sqsCall(port, "DeleteMessage",
                                 R"({"QueueUrl":")" + queueUrl(port, queue) +
                                     R"(","ReceiptHandle":")" + receipt_handle + R"("})");
  EXPECT_EQ(deleted.status, 200) << deleted.body;
}

std::map<std::string, std::string> queueAttributes(uint16_t port, const std::string& queue) {
  HttpResponse response =
      sqsCall(port, "GetQueueAttributes",
              R"({"QueueUrl":")" + queueUrl(port, queue) + R"(","AttributeNames":["All"]})");
  EXPECT_EQ(response.status, 200) << response.body;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(response.body).get(root) != simdjson::SUCCESS) {
    ADD_FAILURE() << response.body;
    return {};
  }
  return stringMapOf(root, "Attributes");
}

// The attributes that describe the queue, without the message counts.
std::map<std::string, std::string> queueSettings(uint16_t port, const std::string& queue) {
  std::map<std::string, std::string> attributes = queueAttributes(port, queue);
  std::erase_if(attributes, [](const auto& entry) {
    return entry.first.starts_with("ApproximateNumberOfMessages");
  });
  return attributes;
}

std::string queueTags(uint16_t port, const std::string& queue) {
  return sqsCall(port, "ListQueueTags", R"({"QueueUrl":")" + queueUrl(port, queue) + R"("})").body;
}

int64_t unixMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The SentMessage fields a receive must reproduce.
void expectSameMessage(const SentMessage& sent, const ReceivedMessage& received) {
  EXPECT_EQ(received.body, sent.body);
  EXPECT_EQ(received.message_id, sent.message_id) << sent.body;
  EXPECT_EQ(received.md5_of_body, sent.md5_of_body) << sent.body;
  EXPECT_EQ(received.md5_of_attributes, sent.md5_of_attributes) << sent.body;
  if (!sent.sequence_number.empty()) {
    EXPECT_EQ(
        received.attributes.count("SequenceNumber") ? received.attributes.at("SequenceNumber") : "",
        sent.sequence_number)
        << sent.body;
  }
}

constexpr const char* kTypedAttributes =
    R"("MessageAttributes":{"customer":{"DataType":"String","StringValue":"ada"},)"
    R"("amount":{"DataType":"Number","StringValue":"12.50"},)"
    R"("blob":{"DataType":"Binary","BinaryValue":"AAEC/w=="},)"
    R"("region":{"DataType":"String.iso","StringValue":"eu-west-1"}})";

TEST(AwsRestart, QueuesMessagesAndTheirAttributesSurviveASigtermRestart) {
  const std::string config = serverBlock(2, "", freshDataDir());
  constexpr int kDelaySeconds = 8;
  const std::string standard = "restart-standard";
  const std::string fifo = "restart-orders.fifo";
  std::map<std::string, std::string> standard_settings;
  std::map<std::string, std::string> fifo_settings;
  std::string standard_tags;
  std::vector<SentMessage> standard_sent;
  SentMessage delayed;
  std::vector<SentMessage> fifo_sent;  // a1, b1, a2, b2, a3
  std::chrono::steady_clock::time_point delayed_sent_at;
  int64_t stopped_at_ms = 0;
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":"restart-dead"})").status, 200);
    HttpResponse created =
        sqsCall(port, "CreateQueue",
                R"({"QueueName":")" + standard +
                    R"(","Attributes":{"VisibilityTimeout":"20","MessageRetentionPeriod":"7200",)"
                    R"("RedrivePolicy":"{\"deadLetterTargetArn\":\")" +
                    queueArn("restart-dead") +
                    R"(\",\"maxReceiveCount\":3}"},"tags":{"team":"core","tier":"gold"}})");
    ASSERT_EQ(created.status, 200) << created.body;
    // Changes after the create are kept too, not only the create.
    ASSERT_EQ(sqsCall(port, "SetQueueAttributes",
                      R"({"QueueUrl":")" + queueUrl(port, standard) +
                          R"(","Attributes":{"VisibilityTimeout":"45"}})")
                  .status,
              200);
    ASSERT_EQ(
        sqsCall(port, "TagQueue",
                R"({"QueueUrl":")" + queueUrl(port, standard) + R"(","Tags":{"owner":"ops"}})")
            .status,
        200);
    ASSERT_EQ(sqsCall(port, "UntagQueue",
                      R"({"QueueUrl":")" + queueUrl(port, standard) + R"(","TagKeys":["tier"]})")
                  .status,
              200);
    created =
        sqsCall(port, "CreateQueue",
                R"({"QueueName":")" + fifo +
                    R"(","Attributes":{"FifoQueue":"true","ContentBasedDeduplication":"true"}})");
    ASSERT_EQ(created.status, 200) << created.body;

    standard_sent.push_back(send(port, standard, "plain"));
    standard_sent.push_back(send(port, standard, "typed", kTypedAttributes));
    standard_sent.push_back(
        send(port, standard, "caf\u00e9 \u2713 \\\"quoted\\\"",
             R"("MessageAttributes":{"k":{"DataType":"String","StringValue":"v"}})"));
    standard_sent[2].body = "caf\u00e9 \u2713 \"quoted\"";  // as it reads once decoded
    delayed_sent_at = std::chrono::steady_clock::now();     // before: the delay starts in the call
    delayed = send(port, standard, "delayed",
                   R"("DelaySeconds":)" + std::to_string(kDelaySeconds) + "," + kTypedAttributes);
    for (const auto& [body, group] : std::vector<std::pair<std::string, std::string>>{
             {"a1", "A"}, {"b1", "B"}, {"a2", "A"}, {"b2", "B"}, {"a3", "A"}}) {
      fifo_sent.push_back(
          send(port, fifo, body, R"("MessageGroupId":")" + group + R"(",)" + kTypedAttributes));
    }
    for (const SentMessage& sent : standard_sent) {
      ASSERT_FALSE(sent.message_id.empty());
    }
    ASSERT_FALSE(delayed.md5_of_attributes.empty());
    standard_settings = queueSettings(port, standard);
    fifo_settings = queueSettings(port, fifo);
    standard_tags = queueTags(port, standard);
    EXPECT_EQ(standard_settings["VisibilityTimeout"], "45");
    EXPECT_EQ(standard_tags, R"({"Tags":{"owner":"ops","team":"core"}})");
    stopped_at_ms = unixMillisNow();
    EXPECT_EQ(gateway->stop(SIGTERM), 0) << gateway->log();
  }
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  const uint16_t port = gateway->port();
  const bool still_delayed =
      std::chrono::steady_clock::now() - delayed_sent_at < std::chrono::seconds(kDelaySeconds - 1);

  // The queues, with every attribute (ARN, created/modified times, redrive policy) and tag.
  EXPECT_EQ(queueSettings(port, standard), standard_settings);
  EXPECT_EQ(queueSettings(port, fifo), fifo_settings);
  EXPECT_EQ(queueTags(port, standard), standard_tags);
  std::map<std::string, std::string> counts = queueAttributes(port, standard);
  if (still_delayed) {
    EXPECT_EQ(counts["ApproximateNumberOfMessages"], "3");
    EXPECT_EQ(counts["ApproximateNumberOfMessagesDelayed"], "1");
  }

  // The standard queue's messages, as SendMessage answered for them, sent before the stop and
  // never received.
  std::vector<ReceivedMessage> received = receiveAll(port, standard);
  std::map<std::string, const ReceivedMessage*> by_body;
  for (const ReceivedMessage& message : received) {
    by_body[message.body] = &message;
  }
  ASSERT_EQ(by_body.size(), still_delayed ? 3u : 4u);
  ASSERT_EQ(received.size(), by_body.size()) << "no message twice";
  for (const SentMessage& sent : standard_sent) {
    ASSERT_TRUE(by_body.count(sent.body)) << sent.body;
    const ReceivedMessage& message = *by_body[sent.body];
    expectSameMessage(sent, message);
    EXPECT_EQ(message.attributes.at("ApproximateReceiveCount"), "1");
    EXPECT_LE(std::stoll(message.attributes.at("SentTimestamp")), stopped_at_ms);
  }
  const ReceivedMessage& typed = *by_body["typed"];
  EXPECT_EQ(typed.message_attributes,
            (std::map<std::string, std::string>{{"amount", "Number|12.50"},
                                                {"blob", "Binary|AAEC/w=="},
                                                {"customer", "String|ada"},
                                                {"region", "String.iso|eu-west-1"}}));

  // The delayed message keeps its delay, counted from its send, not from the restart.
  std::vector<ReceivedMessage> late;
  if (still_delayed) {
    ASSERT_TRUE(eventually(
        [&] {
          late = receive(port, standard, 60);
          return !late.empty();
        },
        std::chrono::seconds(kDelaySeconds + 5)))
        << "the delayed message became visible";
    EXPECT_GE(std::chrono::steady_clock::now() - delayed_sent_at,
              std::chrono::seconds(kDelaySeconds) - std::chrono::milliseconds(50));
  } else {
    late.push_back(*by_body["delayed"]);
  }
  ASSERT_EQ(late.size(), 1u);
  expectSameMessage(delayed, late[0]);
  EXPECT_EQ(late[0].message_attributes, typed.message_attributes);

  // FIFO: deduplication ids are remembered across the restart (content-based: same body, same
  // message) ...
  SentMessage again = send(port, fifo, "a1", R"("MessageGroupId":"A")");
  EXPECT_EQ(again.message_id, fifo_sent[0].message_id) << "deduplicated, not sent again";
  EXPECT_EQ(again.sequence_number, fifo_sent[0].sequence_number);
  // ... and a message sent after it gets a later sequence number than every earlier one.
  SentMessage a4 = send(port, fifo, "a4", R"("MessageGroupId":"A")");
  for (const SentMessage& sent : fifo_sent) {
    ASSERT_EQ(a4.sequence_number.size(), sent.sequence_number.size());  // same width: compare text
    EXPECT_GT(a4.sequence_number, sent.sequence_number);
  }
  fifo_sent.push_back(a4);

  // Every FIFO message once, in send order within its group.
  std::map<std::string, std::vector<std::string>> order;
  std::map<std::string, const SentMessage*> fifo_by_body;
  for (const SentMessage& sent : fifo_sent) {
    fifo_by_body[sent.body] = &sent;
  }
  size_t fifo_received = 0;
  for (int round = 0; round < 20 && fifo_received < fifo_sent.size(); ++round) {
    std::vector<ReceivedMessage> batch = receive(port, fifo, 60);
    ASSERT_FALSE(batch.empty()) << "received " << fifo_received << " of " << fifo_sent.size();
    for (const ReceivedMessage& message : batch) {
      ASSERT_TRUE(fifo_by_body.count(message.body)) << message.body;
      expectSameMessage(*fifo_by_body[message.body], message);
      EXPECT_EQ(message.attributes.at("MessageGroupId"),
                message.body.substr(0, 1) == "a" ? "A" : "B");
      EXPECT_EQ(message.attributes.at("MessageDeduplicationId").size(), 64u) << "a SHA-256";
      order[message.attributes.at("MessageGroupId")].push_back(message.body);
      deleteMessage(port, fifo, message.receipt_handle);
      ++fifo_received;
    }
  }
  EXPECT_EQ(order["A"], (std::vector<std::string>{"a1", "a2", "a3", "a4"}));
  EXPECT_EQ(order["B"], (std::vector<std::string>{"b1", "b2"}));
  EXPECT_TRUE(receive(port, fifo, 60).empty());
}

TEST(AwsRestart, EveryBatchedSendAnsweredBeforeASigkillIsThereWhole) {
  const std::string config = serverBlock(2, "", freshDataDir());
  constexpr int kSenders = 4;
  constexpr int kBatchesPerSender = 5;
  constexpr int kPerBatch = 10;
  const std::string queue = "restart-killed";
  std::vector<std::vector<SentMessage>> sent_by(kSenders);
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":")" + queue + R"("})").status, 200);
    // Several connections at once, so that the batches share commits (group commit).
    std::vector<std::thread> senders;
    for (int sender = 0; sender < kSenders; ++sender) {
      senders.emplace_back([&, sender] {
        for (int batch = 0; batch < kBatchesPerSender; ++batch) {
          std::string entries;
          std::vector<std::string> bodies;
          for (int i = 0; i < kPerBatch; ++i) {
            // Bodies of different sizes, up to 20 KiB, so that a torn write would show.
            std::string body = "s" + std::to_string(sender) + "-b" + std::to_string(batch) + "-m" +
                               std::to_string(i) + "-";
            body.append(static_cast<size_t>(((sender * 31 + batch * 7 + i) % 20) * 1024),
                        static_cast<char>('a' + i));
            bodies.push_back(body);
            entries += std::string(i > 0 ? "," : "") + R"({"Id":"e)" + std::to_string(i) +
                       R"(","MessageBody":")" + body +
                       R"(","MessageAttributes":{"sender":{"DataType":"Number","StringValue":")" +
                       std::to_string(sender) + R"("}}})";
          }
          HttpResponse response = sqsCall(
              port, "SendMessageBatch",
              R"({"QueueUrl":")" + queueUrl(port, queue) + R"(","Entries":[)" + entries + "]}");
          EXPECT_EQ(response.status, 200) << response.body;
          simdjson::dom::parser parser;
          simdjson::dom::element root;
          simdjson::dom::array successful;
          if (parser.parse(response.body).get(root) != simdjson::SUCCESS ||
              root["Successful"].get_array().get(successful) != simdjson::SUCCESS) {
            ADD_FAILURE() << response.body;
            return;
          }
          for (simdjson::dom::element entry : successful) {
            const size_t index = std::stoul(stringOf(entry, "Id").substr(1));
            sent_by[sender].push_back(sentFrom(entry, bodies.at(index)));
          }
          EXPECT_EQ(response.body.find(R"("Failed":[{)"), std::string::npos) << response.body;
        }
      });
    }
    for (std::thread& sender : senders) {
      sender.join();
    }
    // No stop, no flush: the process dies right after the last answer.
    EXPECT_EQ(gateway->stop(SIGKILL), -SIGKILL);
  }
  std::map<std::string, SentMessage> sent;  // by MessageId
  for (const std::vector<SentMessage>& messages : sent_by) {
    for (const SentMessage& message : messages) {
      sent.emplace(message.message_id, message);
    }
  }
  ASSERT_EQ(sent.size(), static_cast<size_t>(kSenders * kBatchesPerSender * kPerBatch));

  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  std::vector<ReceivedMessage> received = receiveAll(gateway->port(), queue);
  std::set<std::string> seen;
  for (const ReceivedMessage& message : received) {
    EXPECT_TRUE(seen.insert(message.message_id).second) << "twice: " << message.message_id;
    auto original = sent.find(message.message_id);
    ASSERT_NE(original, sent.end()) << "never sent: " << message.body.substr(0, 40);
    expectSameMessage(original->second, message);
    EXPECT_EQ(message.message_attributes.at("sender"),
              "Number|" + message.body.substr(1, message.body.find('-') - 1));
  }
  EXPECT_EQ(received.size(), sent.size());
}

TEST(AwsRestart, TopicsSubscriptionsAndFilterPoliciesSurviveASigkillAndKeepRouting) {
  FunctionServer function;
  const std::string config = serverBlock(2, "", freshDataDir()) +
                             "functions:\n  notify: { endpoint: \"" + function.url() + "\" }\n";
  const std::string topic = topicArn("restart-events");
  auto subscriptionArnOf = [](const HttpResponse& response) {
    const std::string open = "<SubscriptionArn>";
    size_t start = response.body.find(open);
    size_t end = response.body.find("</SubscriptionArn>");
    return start == std::string::npos || end == std::string::npos
               ? std::string()
               : response.body.substr(start + open.size(), end - start - open.size());
  };
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    ASSERT_EQ(snsCall(port, "CreateTopic", {{"Name", "restart-events"}}).status, 200);
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":"restart-orders"})").status, 200);
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":"restart-gone"})").status, 200);
    // The queue takes JSON messages whose body says kind "order" (a body-scope filter), in the
    // SNS envelope.
    HttpResponse to_queue = snsCall(port, "Subscribe",
                                    {{"TopicArn", topic},
                                     {"Protocol", "sqs"},
                                     {"Endpoint", queueArn("restart-orders")},
                                     {"Attributes.entry.1.key", "FilterPolicyScope"},
                                     {"Attributes.entry.1.value", "MessageBody"},
                                     {"Attributes.entry.2.key", "FilterPolicy"},
                                     {"Attributes.entry.2.value", R"({"kind":["order"]})"}});
    ASSERT_EQ(to_queue.status, 200) << to_queue.body;
    // The function's policy is changed after the subscribe: the change is what must be kept.
    HttpResponse to_function =
        snsCall(port, "Subscribe",
                {{"TopicArn", topic},
                 {"Protocol", "lambda"},
                 {"Endpoint", "arn:aws:lambda:us-east-1:000000000000:function:notify"},
                 {"Attributes.entry.1.key", "FilterPolicy"},
                 {"Attributes.entry.1.value", R"({"level":["info"]})"}});
    ASSERT_EQ(to_function.status, 200) << to_function.body;
    HttpResponse changed = snsCall(port, "SetSubscriptionAttributes",
                                   {{"SubscriptionArn", subscriptionArnOf(to_function)},
                                    {"AttributeName", "FilterPolicy"},
                                    {"AttributeValue", R"({"level":["error"]})"}});
    ASSERT_EQ(changed.status, 200) << changed.body;
    // A subscription removed before the kill stays removed.
    HttpResponse to_gone =
        snsCall(port, "Subscribe",
                {{"TopicArn", topic}, {"Protocol", "sqs"}, {"Endpoint", queueArn("restart-gone")}});
    ASSERT_EQ(to_gone.status, 200) << to_gone.body;
    HttpResponse unsubscribed =
        snsCall(port, "Unsubscribe", {{"SubscriptionArn", subscriptionArnOf(to_gone)}});
    ASSERT_EQ(unsubscribed.status, 200) << unsubscribed.body;
    EXPECT_EQ(gateway->stop(SIGKILL), -SIGKILL);
  }
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  const uint16_t port = gateway->port();
  EXPECT_NE(snsCall(port, "ListTopics", {}).body.find("<TopicArn>" + topic + "</TopicArn>"),
            std::string::npos);

  struct Publication {
    std::string message;
    std::string level;
  };
  for (const Publication& publication : {
           Publication{R"({"kind":"order","id":1})", "info"},    // queue only
           Publication{R"({"kind":"refund","id":2})", "error"},  // function only
           Publication{R"({"kind":"order","id":3})", "error"},   // both
           Publication{R"({"kind":"audit","id":4})", "debug"},   // neither
       }) {
    HttpResponse published =
        snsCall(port, "Publish",
                {{"TopicArn", topic},
                 {"Message", publication.message},
                 {"MessageAttributes.entry.1.Name", "level"},
                 {"MessageAttributes.entry.1.Value.DataType", "String"},
                 {"MessageAttributes.entry.1.Value.StringValue", publication.level}});
    ASSERT_EQ(published.status, 200) << published.body;
  }

  // Publish answers once the queue's copy is committed, so the queue has it now.
  std::multiset<std::string> in_queue;
  for (const ReceivedMessage& message : receiveAll(port, "restart-orders")) {
    simdjson::dom::parser parser;
    simdjson::dom::element envelope;
    ASSERT_EQ(parser.parse(message.body).get(envelope), simdjson::SUCCESS) << message.body;
    EXPECT_EQ(stringOf(envelope, "Type"), "Notification");
    EXPECT_EQ(stringOf(envelope, "TopicArn"), topic);
    in_queue.insert(stringOf(envelope, "Message"));
  }
  EXPECT_EQ(in_queue, (std::multiset<std::string>{R"({"kind":"order","id":1})",
                                                  R"({"kind":"order","id":3})"}));
  EXPECT_TRUE(receive(port, "restart-gone", 60).empty()) << "unsubscribed before the restart";

  ASSERT_TRUE(function.waitForCount(2));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a third would have come by now
  ASSERT_EQ(function.count(), 2u);
  std::multiset<std::string> delivered;
  for (const ReceivedRequest& request : function.requests()) {
    simdjson::dom::parser parser;
    simdjson::dom::element event;
    ASSERT_EQ(parser.parse(request.body).get(event), simdjson::SUCCESS) << request.body;
    simdjson::dom::element record = event["Records"].at(0);
    EXPECT_EQ(stringOf(record, "EventSource"), "aws:sns");
    delivered.insert(stringOf(record["Sns"], "Message"));
  }
  EXPECT_EQ(delivered, (std::multiset<std::string>{R"({"kind":"refund","id":2})",
                                                   R"({"kind":"order","id":3})"}));
}

TEST(AwsRestart, DeletesBeforeACleanStopStayAndInFlightMessagesKeepTheirVisibilityTimeout) {
  const std::string config = serverBlock(2, "", freshDataDir());
  constexpr int kVisibilitySeconds = 5;
  const std::string queue = "restart-work";
  std::map<std::string, std::string> handles;  // body → receipt handle
  std::chrono::steady_clock::time_point received_at;
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":")" + queue + R"("})").status, 200);
    for (const char* body : {"deleted", "batch-deleted", "in-flight", "released", "waiting"}) {
      send(port, queue, body);
    }
    received_at = std::chrono::steady_clock::now();  // before: the timeout starts in the call
    std::vector<ReceivedMessage> received = receive(port, queue, kVisibilitySeconds, 4);
    ASSERT_EQ(received.size(), 4u);
    for (const ReceivedMessage& message : received) {
      handles[message.body] = message.receipt_handle;
    }
    ASSERT_EQ(handles.size(), 4u);
    ASSERT_FALSE(handles.count("waiting")) << "standard queues keep send order here";
    deleteMessage(port, queue, handles["deleted"]);
    HttpResponse batch = sqsCall(port, "DeleteMessageBatch",
                                 R"({"QueueUrl":")" + queueUrl(port, queue) +
                                     R"(","Entries":[{"Id":"x","ReceiptHandle":")" +
                                     handles["batch-deleted"] + R"("}]})");
    ASSERT_EQ(batch.status, 200) << batch.body;
    ASSERT_NE(batch.body.find(R"("Successful":[{"Id":"x")"), std::string::npos) << batch.body;
    // Visibility 0: visible again at once, before and after the restart.
    HttpResponse released =
        sqsCall(port, "ChangeMessageVisibility",
                R"({"QueueUrl":")" + queueUrl(port, queue) + R"(","ReceiptHandle":")" +
                    handles["released"] + R"(","VisibilityTimeout":0})");
    ASSERT_EQ(released.status, 200) << released.body;
    // These are written behind; a clean stop commits them before the process exits.
    EXPECT_EQ(gateway->stop(SIGTERM), 0) << gateway->log();
  }
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  const uint16_t port = gateway->port();

  // At once: the message never received and the released one (received once before).
  std::vector<ReceivedMessage> now = receive(port, queue, 60);
  const bool still_in_flight =
      std::chrono::steady_clock::now() - received_at < std::chrono::seconds(kVisibilitySeconds - 1);
  std::map<std::string, std::string> receive_counts;
  for (const ReceivedMessage& message : now) {
    receive_counts[message.body] = message.attributes.at("ApproximateReceiveCount");
  }
  if (still_in_flight) {
    EXPECT_EQ(receive_counts,
              (std::map<std::string, std::string>{{"released", "2"}, {"waiting", "1"}}));
  }
  // The in-flight message returns when the visibility timeout it got before the restart ends
  // (ARCHITECTURE.md: the receive state is stored, not reset), not earlier.
  ASSERT_TRUE(eventually(
      [&] {
        for (const ReceivedMessage& message : receive(port, queue, 60)) {
          receive_counts[message.body] = message.attributes.at("ApproximateReceiveCount");
        }
        return receive_counts.count("in-flight") == 1;
      },
      std::chrono::seconds(kVisibilitySeconds + 5)))
      << "the in-flight message came back";
  EXPECT_GE(std::chrono::steady_clock::now() - received_at,
            std::chrono::seconds(kVisibilitySeconds) - std::chrono::milliseconds(50));
  EXPECT_EQ(receive_counts, (std::map<std::string, std::string>{
                                {"in-flight", "2"}, {"released", "2"}, {"waiting", "1"}}));
  // The deleted ones never come back, and their handles from before the restart are stale.
  EXPECT_TRUE(receive(port, queue, 60).empty());
  EXPECT_EQ(queueAttributes(port, queue)["ApproximateNumberOfMessagesNotVisible"], "3");
}

TEST(AwsRestart, AFifoGroupWithAMessageInFlightStaysBlockedUntilItReturns) {
  const std::string config = serverBlock(2, "", freshDataDir());
  constexpr int kVisibilitySeconds = 4;
  const std::string fifo = "restart-blocked.fifo";
  std::chrono::steady_clock::time_point received_at;
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    ASSERT_EQ(
        sqsCall(port, "CreateQueue",
                R"({"QueueName":")" + fifo +
                    R"(","Attributes":{"FifoQueue":"true","ContentBasedDeduplication":"true"}})")
            .status,
        200);
    send(port, fifo, "a1", R"("MessageGroupId":"A")");
    send(port, fifo, "a2", R"("MessageGroupId":"A")");
    send(port, fifo, "b1", R"("MessageGroupId":"B")");
    received_at = std::chrono::steady_clock::now();
    std::vector<ReceivedMessage> first = receive(port, fifo, kVisibilitySeconds, 1);
    ASSERT_EQ(first.size(), 1u);
    ASSERT_EQ(first[0].body, "a1");
    EXPECT_EQ(gateway->stop(SIGTERM), 0) << gateway->log();
  }
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  const uint16_t port = gateway->port();
  // Group A waits for a1 (in flight), whatever else it holds; group B does not.
  std::vector<ReceivedMessage> now = receive(port, fifo, 60);
  if (std::chrono::steady_clock::now() - received_at <
      std::chrono::seconds(kVisibilitySeconds - 1)) {
    ASSERT_EQ(now.size(), 1u);
    EXPECT_EQ(now[0].body, "b1");
  }
  std::vector<std::string> group_a;
  ASSERT_TRUE(eventually(
      [&] {
        for (const ReceivedMessage& message : receive(port, fifo, 60)) {
          if (message.body != "b1") {
            group_a.push_back(message.body + "/" +
                              message.attributes.at("ApproximateReceiveCount"));
          }
        }
        return !group_a.empty();
      },
      std::chrono::seconds(kVisibilitySeconds + 5)));
  // a1 first, received for the second time; a2 only with or after it.
  ASSERT_FALSE(group_a.empty());
  EXPECT_EQ(group_a[0], "a1/2");
}

TEST(AwsRestart, SendsAnsweredWhileAGracefulStopBeginsAreAllKept) {
  const std::string config = serverBlock(2, "", freshDataDir());
  constexpr int kSenders = 4;
  const std::string queue = "restart-stopping";
  std::vector<std::vector<std::string>> answered(kSenders);
  std::vector<std::vector<std::string>> attempted(kSenders);
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":")" + queue + R"("})").status, 200);
    std::atomic<int> total{0};
    std::vector<std::thread> senders;
    for (int sender = 0; sender < kSenders; ++sender) {
      senders.emplace_back([&, sender] {
        // Until the gateway stops answering 200 (503 while stopping, or no connection).
        for (int i = 0; i < 100000; ++i) {
          const std::string body = "s" + std::to_string(sender) + "-" + std::to_string(i);
          attempted[sender].push_back(body);
          HttpResponse response = sqsCall(
              port, "SendMessage",
              R"({"QueueUrl":")" + queueUrl(port, queue) + R"(","MessageBody":")" + body + R"("})");
          if (response.status != 200) {
            return;
          }
          answered[sender].push_back(body);
          ++total;
        }
      });
    }
    EXPECT_TRUE(eventually([&] { return total.load() >= 200; }));
    EXPECT_EQ(gateway->stop(SIGTERM), 0) << gateway->log();
    for (std::thread& sender : senders) {
      sender.join();
    }
  }
  std::set<std::string> answered_bodies;
  std::set<std::string> attempted_bodies;
  for (int sender = 0; sender < kSenders; ++sender) {
    answered_bodies.insert(answered[sender].begin(), answered[sender].end());
    attempted_bodies.insert(attempted[sender].begin(), attempted[sender].end());
  }
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  std::set<std::string> kept;
  for (const ReceivedMessage& message : receiveAll(gateway->port(), queue)) {
    EXPECT_TRUE(kept.insert(message.body).second) << "twice: " << message.body;
    EXPECT_TRUE(attempted_bodies.count(message.body)) << "never sent: " << message.body;
  }
  // Every 200 is kept; a send cut off by the stop may or may not have been.
  std::vector<std::string> lost;
  std::set_difference(answered_bodies.begin(), answered_bodies.end(), kept.begin(), kept.end(),
                      std::back_inserter(lost));
  EXPECT_TRUE(lost.empty()) << lost.size() << " answered sends lost, e.g. " << lost.front();
  EXPECT_GE(kept.size(), answered_bodies.size());
}

TEST(AwsRestart, PurgesAndDeletionsAnsweredBeforeASigkillStayDone) {
  const std::string config = serverBlock(2, "", freshDataDir());
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":"restart-purged"})").status, 200);
    for (const char* body : {"old-1", "old-2", "old-3"}) {
      send(port, "restart-purged", body);
    }
    HttpResponse purged = sqsCall(port, "PurgeQueue",
                                  R"({"QueueUrl":")" + queueUrl(port, "restart-purged") + R"("})");
    ASSERT_EQ(purged.status, 200) << purged.body;
    send(port, "restart-purged", "after-purge");
    // A queue deleted and created again under the same name: only the new one's messages.
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":"restart-reborn"})").status, 200);
    send(port, "restart-reborn", "first-life");
    HttpResponse deleted = sqsCall(port, "DeleteQueue",
                                   R"({"QueueUrl":")" + queueUrl(port, "restart-reborn") + R"("})");
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":"restart-reborn"})").status, 200);
    send(port, "restart-reborn", "second-life");
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":"restart-dropped"})").status, 200);
    send(port, "restart-dropped", "doomed");
    deleted = sqsCall(port, "DeleteQueue",
                      R"({"QueueUrl":")" + queueUrl(port, "restart-dropped") + R"("})");
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    // A deleted topic takes its subscriptions with it.
    ASSERT_EQ(snsCall(port, "CreateTopic", {{"Name", "restart-dropped-topic"}}).status, 200);
    HttpResponse subscribed = snsCall(port, "Subscribe",
                                      {{"TopicArn", topicArn("restart-dropped-topic")},
                                       {"Protocol", "sqs"},
                                       {"Endpoint", queueArn("restart-purged")}});
    ASSERT_EQ(subscribed.status, 200) << subscribed.body;
    HttpResponse dropped =
        snsCall(port, "DeleteTopic", {{"TopicArn", topicArn("restart-dropped-topic")}});
    ASSERT_EQ(dropped.status, 200) << dropped.body;
    EXPECT_EQ(gateway->stop(SIGKILL), -SIGKILL);
  }
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  const uint16_t port = gateway->port();
  std::vector<ReceivedMessage> purged = receiveAll(port, "restart-purged");
  ASSERT_EQ(purged.size(), 1u);
  EXPECT_EQ(purged[0].body, "after-purge");
  std::vector<ReceivedMessage> reborn = receiveAll(port, "restart-reborn");
  ASSERT_EQ(reborn.size(), 1u);
  EXPECT_EQ(reborn[0].body, "second-life");
  HttpResponse missing = sqsCall(port, "GetQueueUrl", R"({"QueueName":"restart-dropped"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("QueueDoesNotExist"), std::string::npos) << missing.body;
  EXPECT_EQ(snsCall(port, "ListTopics", {}).body.find("restart-dropped-topic"), std::string::npos);
  HttpResponse subscriptions = snsCall(port, "ListSubscriptions", {});
  EXPECT_EQ(subscriptions.status, 200);
  EXPECT_EQ(subscriptions.body.find("restart-dropped-topic"), std::string::npos)
      << subscriptions.body;
}

TEST(AwsRestart, AMessageMovedToTheDeadLetterQueueStaysThereAfterARestart) {
  const std::string config = serverBlock(2, "", freshDataDir());
  SentMessage poison;
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":"restart-dlq"})").status, 200);
    HttpResponse created = sqsCall(port, "CreateQueue",
                                   R"({"QueueName":"restart-source","Attributes":)"
                                   R"({"RedrivePolicy":"{\"deadLetterTargetArn\":\")" +
                                       queueArn("restart-dlq") + R"(\",\"maxReceiveCount\":1}"}})");
    ASSERT_EQ(created.status, 200) << created.body;
    poison = send(port, "restart-source", "poison", kTypedAttributes);
    ASSERT_EQ(receive(port, "restart-source", 1).size(), 1u);
    // Its next receive, once visible again, moves it (written behind, committed at the stop).
    ASSERT_TRUE(eventually(
        [&] {
          EXPECT_TRUE(receive(port, "restart-source", 1).empty());
          return queueAttributes(port, "restart-dlq")["ApproximateNumberOfMessages"] == "1";
        },
        std::chrono::seconds(5)));
    EXPECT_EQ(gateway->stop(SIGTERM), 0) << gateway->log();
  }
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  const uint16_t port = gateway->port();
  EXPECT_TRUE(receive(port, "restart-source", 60).empty());
  EXPECT_EQ(queueAttributes(port, "restart-source")["ApproximateNumberOfMessagesNotVisible"], "0");
  std::vector<ReceivedMessage> moved = receiveAll(port, "restart-dlq");
  ASSERT_EQ(moved.size(), 1u);
  expectSameMessage(poison, moved[0]);
  EXPECT_EQ(moved[0].attributes["DeadLetterQueueSourceArn"], queueArn("restart-source"));
}

TEST(AwsRestart, DeclaredTopicsSubscriptionsAndQueuesAreNotDuplicatedByRestarts) {
  FunctionServer function;
  const std::string config =
      serverBlock(2, "", freshDataDir()) + "functions:\n  notify: { endpoint: \"" + function.url() +
      "\" }\nqueues:\n  restart-declared: { visibility_timeout: 30s }\n"
      "topics:\n  restart-declared-topic:\n    subscriptions:\n"
      "      - { protocol: lambda, function: notify, filter_policy: { level: [error] } }\n"
      "      - { protocol: sqs, queue: restart-declared, raw_message_delivery: true }\n";
  for (int run = 0; run < 2; ++run) {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    EXPECT_EQ(gateway->stop(SIGTERM), 0) << gateway->log();
  }
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  const uint16_t port = gateway->port();
  HttpResponse listed =
      snsCall(port, "ListSubscriptionsByTopic", {{"TopicArn", topicArn("restart-declared-topic")}});
  size_t subscriptions = 0;
  for (size_t at = listed.body.find("<SubscriptionArn>"); at != std::string::npos;
       at = listed.body.find("<SubscriptionArn>", at + 1)) {
    ++subscriptions;
  }
  EXPECT_EQ(subscriptions, 2u) << listed.body;
  for (const char* level : {"error", "info"}) {
    HttpResponse published = snsCall(port, "Publish",
                                     {{"TopicArn", topicArn("restart-declared-topic")},
                                      {"Message", std::string("at ") + level},
                                      {"MessageAttributes.entry.1.Name", "level"},
                                      {"MessageAttributes.entry.1.Value.DataType", "String"},
                                      {"MessageAttributes.entry.1.Value.StringValue", level}});
    ASSERT_EQ(published.status, 200) << published.body;
  }
  std::multiset<std::string> in_queue;
  for (const ReceivedMessage& message : receiveAll(port, "restart-declared")) {
    in_queue.insert(message.body);
  }
  EXPECT_EQ(in_queue, (std::multiset<std::string>{"at error", "at info"})) << "once each, raw";
  ASSERT_TRUE(function.waitForCount(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a second would have come by now
  EXPECT_EQ(function.count(), 1u);
}

TEST(AwsRestart, MessagesKeptAcrossARestartReachTheQueuesTrigger) {
  FunctionServer function;
  const std::string data_dir = freshDataDir();
  std::set<std::string> sent_ids;
  {
    // No trigger yet: the messages wait in the queue, and in the store.
    auto gateway = startGateway(serverBlock(2, "", data_dir));
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":"restart-jobs"})").status, 200);
    for (const char* body : {"job-1", "job-2", "job-3"}) {
      sent_ids.insert(send(port, "restart-jobs", body).message_id);
    }
    EXPECT_EQ(gateway->stop(SIGKILL), -SIGKILL);
  }
  auto gateway = startGateway(serverBlock(2, "", data_dir) +
                              "functions:\n  worker: { endpoint: \"" + function.url() +
                              "\" }\ntriggers:\n  jobs:\n"
                              "    source: { kind: sqs, queue: restart-jobs }\n"
                              "    function: worker\n");
  ASSERT_NE(gateway, nullptr);
  std::set<std::string> delivered_ids;
  ASSERT_TRUE(eventually([&] {
    delivered_ids.clear();
    for (const ReceivedRequest& request : function.requests()) {
      simdjson::dom::parser parser;
      simdjson::dom::element event;
      if (parser.parse(request.body).get(event) != simdjson::SUCCESS) {
        continue;
      }
      for (simdjson::dom::element record : event["Records"].get_array()) {
        delivered_ids.insert(stringOf(record, "messageId"));
      }
    }
    return delivered_ids.size() >= sent_ids.size();
  })) << function.count()
      << " requests";
  EXPECT_EQ(delivered_ids, sent_ids);
  // Delivered and deleted: nothing left once the deletes are applied.
  EXPECT_TRUE(eventually([&] {
    std::map<std::string, std::string> counts = queueAttributes(gateway->port(), "restart-jobs");
    return counts["ApproximateNumberOfMessages"] == "0" &&
           counts["ApproximateNumberOfMessagesNotVisible"] == "0";
  }));
}

TEST(AwsRestart, TheMemoryStoreKeepsNothingAndLeavesTheSqliteStateAlone) {
  const std::string data_dir = freshDataDir();
  const std::string sqlite_config = serverBlock(1, "", data_dir) + "  aws: sqlite\n";
  const std::string memory_config = serverBlock(1, "", data_dir) + "  aws: memory\n";
  const std::string file =
      (std::filesystem::path(data_dir) / aws::SqliteAwsStore::kFileName).string();
  auto createEverything = [](uint16_t port, const std::string& name) {
    ASSERT_EQ(sqsCall(port, "CreateQueue", R"({"QueueName":")" + name + R"("})").status, 200);
    send(port, name, "kept-" + name);
    ASSERT_EQ(snsCall(port, "CreateTopic", {{"Name", name}}).status, 200);
    HttpResponse subscribed =
        snsCall(port, "Subscribe",
                {{"TopicArn", topicArn(name)}, {"Protocol", "sqs"}, {"Endpoint", queueArn(name)}});
    ASSERT_EQ(subscribed.status, 200) << subscribed.body;
  };
  auto has = [](uint16_t port, const std::string& name) {
    bool queue =
        sqsCall(port, "ListQueues", "{}").body.find("/" + name + "\"") != std::string::npos;
    bool topic =
        snsCall(port, "ListTopics", {}).body.find(topicArn(name) + "<") != std::string::npos;
    EXPECT_EQ(queue, topic) << name;
    return queue && topic;
  };
  // State written by the sqlite store ...
  {
    auto gateway = startGateway(sqlite_config);
    ASSERT_NE(gateway, nullptr);
    createEverything(gateway->port(), "durable");
    EXPECT_EQ(gateway->stop(SIGTERM), 0);
  }
  ASSERT_TRUE(std::filesystem::exists(file));
  const auto written = std::filesystem::last_write_time(file);
  // ... is not read by the memory store, whose own state is gone after a restart ...
  {
    auto gateway = startGateway(memory_config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    EXPECT_FALSE(has(port, "durable"));
    createEverything(port, "ephemeral");
    EXPECT_TRUE(has(port, "ephemeral"));
    EXPECT_EQ(gateway->stop(SIGTERM), 0);
  }
  {
    auto gateway = startGateway(memory_config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    EXPECT_FALSE(has(port, "ephemeral"));
    HttpResponse missing = sqsCall(port, "GetQueueUrl", R"({"QueueName":"ephemeral"})");
    EXPECT_EQ(missing.status, 400);
    EXPECT_NE(missing.body.find("QueueDoesNotExist"), std::string::npos) << missing.body;
    EXPECT_EQ(gateway->stop(SIGTERM), 0);
  }
  EXPECT_EQ(std::filesystem::last_write_time(file), written) << "the memory store wrote the file";
  // ... and switching back finds it as it was, the memory runs' state not in it.
  auto gateway = startGateway(sqlite_config);
  ASSERT_NE(gateway, nullptr);
  const uint16_t port = gateway->port();
  EXPECT_TRUE(has(port, "durable"));
  EXPECT_FALSE(has(port, "ephemeral"));
  std::vector<ReceivedMessage> kept = receiveAll(port, "durable");
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].body, "kept-durable");
}

}  // namespace
}  // namespace switchyard::testing
