// The AWS-compatible APIs: the real AWS SDK for JavaScript v3 (tests/npm) against the real
// binary, and the events functions receive from SQS and SNS, field by field.
#include <simdjson.h>

#include <map>
#include <set>

#include "tests/integration/aws_calls.h"
#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

const std::string kSource = SWITCHYARD_SOURCE_DIR;

// Runs a Node script from tests/integration/aws with the npm clients on NODE_PATH.
CommandResult runNode(const std::string& script, const std::vector<std::string>& args) {
  std::string command = "NODE_PATH='" + kSource + "/tests/npm/node_modules' node --no-warnings '" +
                        kSource + "/tests/integration/aws/" + script + "'";
  for (const std::string& arg : args) {
    command += " '" + arg + "'";
  }
  command += " 2>&1";
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    result.output.append(buffer, n);
  }
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string endpointOf(const GatewayProcess& gateway) {
  return "http://127.0.0.1:" + std::to_string(gateway.port());
}

void sendMessages(uint16_t port, const std::string& queue, const std::vector<std::string>& bodies,
                  const std::string& group = "") {
  for (const std::string& body : bodies) {
    std::string json =
        R"({"QueueUrl":")" + queueUrl(port, queue) + R"(","MessageBody":")" + body + "\"";
    if (!group.empty()) {
      json += R"(,"MessageGroupId":")" + group + R"(","MessageDeduplicationId":")" + body + "\"";
    }
    HttpResponse response = sqsCall(port, "SendMessage", json + "}");
    ASSERT_EQ(response.status, 200) << response.body;
  }
}

std::vector<std::string> recordBodies(const std::string& event) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::vector<std::string> bodies;
  if (parser.parse(event).get(root) != simdjson::SUCCESS) {
    return bodies;
  }
  for (simdjson::dom::element record : root["Records"].get_array()) {
    bodies.emplace_back(record["body"].get_string().value());
  }
  return bodies;
}

TEST(AwsSdk, EverySqsOperationWorksThroughTheSdk) {
  auto gateway = startGateway(serverBlock());
  ASSERT_NE(gateway, nullptr);
  CommandResult result = runNode("sqs_sdk_test.js", {endpointOf(*gateway)});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("ALL OK"), std::string::npos) << result.output;
}

TEST(AwsSdk, EverySnsOperationWorksThroughTheSdkAndFilterPoliciesSelect) {
  FunctionServer function;
  auto gateway = startGateway(serverBlock() + "functions:\n  notify: { endpoint: \"" +
                              function.url() + "\" }\n");
  ASSERT_NE(gateway, nullptr);
  CommandResult result = runNode("sns_sdk_test.js", {endpointOf(*gateway), "notify"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("ALL OK"), std::string::npos) << result.output;
  // The filter policy {"level":["error"]} let through "disk full" and "b2" only.
  ASSERT_TRUE(function.waitForCount(2));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_EQ(function.count(), 2u);
  std::set<std::string> messages;
  for (const ReceivedRequest& request : function.requests()) {
    simdjson::dom::parser parser;
    simdjson::dom::element event;
    ASSERT_EQ(parser.parse(request.body).get(event), simdjson::SUCCESS) << request.body;
    simdjson::dom::element record = event["Records"].at(0);
    EXPECT_EQ(record["EventSource"].get_string().value(), "aws:sns");
    EXPECT_EQ(record["EventVersion"].get_string().value(), "1.0");
    EXPECT_EQ(std::string(record["EventSubscriptionArn"].get_string().value())
                  .rfind("arn:aws:sns:us-east-1:000000000000:sdk-topic:", 0),
              0u);
    simdjson::dom::element sns = record["Sns"];
    EXPECT_EQ(sns["Type"].get_string().value(), "Notification");
    EXPECT_EQ(sns["TopicArn"].get_string().value(), "arn:aws:sns:us-east-1:000000000000:sdk-topic");
    EXPECT_EQ(sns["MessageId"].get_string().value().size(), 36u);
    EXPECT_EQ(sns["MessageAttributes"]["level"]["Type"].get_string().value(), "String");
    EXPECT_EQ(sns["MessageAttributes"]["level"]["Value"].get_string().value(), "error");
    for (const char* field :
         {"Timestamp", "SignatureVersion", "Signature", "SigningCertUrl", "UnsubscribeUrl"}) {
      EXPECT_EQ(sns[field].error(), simdjson::SUCCESS) << field;
    }
    messages.emplace(sns["Message"].get_string().value());
  }
  EXPECT_EQ(messages, (std::set<std::string>{"disk full", "b2"}));
}

TEST(AwsSdk, BadSignatureGetsTheAwsErrorWhenCredentialsAreConfigured) {
  auto gateway = startGateway(serverBlock() +
                              "aws:\n  credentials: [{ access_key_id: AKIDSWITCHYARD, "
                              "secret_access_key: right-secret }]\n");
  ASSERT_NE(gateway, nullptr);
  CommandResult result = runNode("signature_sdk_test.js", {endpointOf(*gateway)});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("ALL OK"), std::string::npos) << result.output;
  EXPECT_EQ(gateway->log().find("right-secret"), std::string::npos) << "secrets never logged";
}

TEST(SnsTrigger, PublishToTheTriggersTopicReachesItsFunction) {
  FunctionServer function;
  auto gateway = startGateway(serverBlock() + "functions:\n  worker: { endpoint: \"" +
                              function.url() + "\" }\ntriggers:\n  news:\n" +
                              "    source: { kind: sns, topic: news }\n    function: worker\n");
  ASSERT_NE(gateway, nullptr);
  HttpResponse published =
      snsCall(gateway->port(), "Publish", {{"TopicArn", topicArn("news")}, {"Message", "hello"}});
  ASSERT_EQ(published.status, 200) << published.body;
  ASSERT_TRUE(function.waitForCount(1));
  simdjson::dom::parser parser;
  simdjson::dom::element event;
  ASSERT_EQ(parser.parse(function.requests()[0].body).get(event), simdjson::SUCCESS);
  simdjson::dom::element sns = event["Records"].at(0)["Sns"];
  EXPECT_EQ(sns["TopicArn"].get_string().value(), topicArn("news"));
  EXPECT_EQ(sns["Message"].get_string().value(), "hello");
}

TEST(SqsTrigger, FunctionGetsLambdasSqsEventWithEveryField) {
  FunctionServer function;
  auto gateway = startGateway(serverBlock() + "functions:\n  worker: { endpoint: \"" +
                              function.url() + "\" }\ntriggers:\n  orders:\n" +
                              "    source: { kind: sqs, queue: orders }\n    function: worker\n");
  ASSERT_NE(gateway, nullptr);
  uint16_t port = gateway->port();
  HttpResponse sent = sqsCall(
      port, "SendMessage",
      R"({"QueueUrl":")" + queueUrl(port, "orders") +
          R"(","MessageBody":"{\"order\":1}","MessageAttributes":{"kind":{"DataType":"String","StringValue":"new"}}})");
  ASSERT_EQ(sent.status, 200) << sent.body;
  ASSERT_TRUE(function.waitForCount(1));
  simdjson::dom::parser parser;
  simdjson::dom::element event;
  ASSERT_EQ(parser.parse(function.requests()[0].body).get(event), simdjson::SUCCESS);
  simdjson::dom::element record = event["Records"].at(0);
  EXPECT_EQ(record["messageId"].get_string().value().size(), 36u);
  EXPECT_NE(sent.body.find(std::string(record["messageId"].get_string().value())),
            std::string::npos);
  EXPECT_FALSE(record["receiptHandle"].get_string().value().empty());
  EXPECT_EQ(record["body"].get_string().value(), R"({"order":1})");
  simdjson::dom::element attributes = record["attributes"];
  EXPECT_EQ(attributes["ApproximateReceiveCount"].get_string().value(), "1");
  for (const char* field : {"SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"}) {
    EXPECT_FALSE(attributes[field].get_string().value().empty()) << field;
  }
  EXPECT_EQ(record["messageAttributes"]["kind"]["stringValue"].get_string().value(), "new");
  EXPECT_EQ(record["messageAttributes"]["kind"]["dataType"].get_string().value(), "String");
  EXPECT_TRUE(record["messageAttributes"]["kind"]["stringListValues"].is_array());
  EXPECT_NE(sent.body.find(std::string(R"("MD5OfMessageBody":")") +
                           std::string(record["md5OfBody"].get_string().value())),
            std::string::npos)
      << "md5OfBody is SendMessage's MD5OfMessageBody";
  EXPECT_EQ(record["eventSource"].get_string().value(), "aws:sqs");
  EXPECT_EQ(record["eventSourceARN"].get_string().value(),
            "arn:aws:sqs:us-east-1:000000000000:orders");
  EXPECT_EQ(record["awsRegion"].get_string().value(), "us-east-1");
  // Delivered, so deleted.
  EXPECT_TRUE(eventually([&] {
    HttpResponse attributes_response = sqsCall(
        port, "GetQueueAttributes",
        R"({"QueueUrl":")" + queueUrl(port, "orders") +
            R"(","AttributeNames":["ApproximateNumberOfMessages","ApproximateNumberOfMessagesNotVisible"]})");
    return attributes_response.body.find(R"("ApproximateNumberOfMessagesNotVisible":"0")") !=
               std::string::npos &&
           attributes_response.body.find(R"("ApproximateNumberOfMessages":"0")") !=
               std::string::npos;
  }));
}

TEST(SqsTrigger, BatchSizeAndWindowGroupMessages) {
  FunctionServer function;
  auto gateway = startGateway(serverBlock() + "functions:\n  worker: { endpoint: \"" +
                              function.url() + "\", concurrency: 1 }\ntriggers:\n  orders:\n" +
                              "    source: { kind: sqs, queue: orders }\n    function: worker\n" +
                              "    batch: { size: 5, window: 400ms }\n");
  ASSERT_NE(gateway, nullptr);
  std::vector<std::string> bodies;
  for (int i = 0; i < 12; ++i) {
    bodies.push_back("m" + std::to_string(i));
  }
  auto started = std::chrono::steady_clock::now();
  sendMessages(gateway->port(), "orders", bodies);
  ASSERT_TRUE(function.waitForCount(3));
  std::vector<size_t> sizes;
  std::multiset<std::string> seen;
  for (const ReceivedRequest& request : function.requests()) {
    std::vector<std::string> batch = recordBodies(request.body);
    sizes.push_back(batch.size());
    seen.insert(batch.begin(), batch.end());
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{5, 5, 2}))
      << "full batches, then the rest after the window";
  EXPECT_EQ(seen, std::multiset<std::string>(bodies.begin(), bodies.end()));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(350))
      << "the short batch waited for the window";
}

TEST(SqsTrigger, PartialBatchFailureReturnsOnlyTheFailedMessages) {
  std::atomic<int> calls{0};
  FunctionServer function([&](const ReceivedRequest& request, int) {
    ++calls;
    // Fail the record whose body is "bad" (once), by its messageId.
    simdjson::dom::parser parser;
    simdjson::dom::element event = parser.parse(request.body);
    std::string failures;
    for (simdjson::dom::element record : event["Records"].get_array()) {
      if (record["body"].get_string().value() == "bad" &&
          record["attributes"]["ApproximateReceiveCount"].get_string().value() == "1") {
        failures = std::string(R"({"itemIdentifier":")") +
                   std::string(record["messageId"].get_string().value()) + "\"}";
      }
    }
    return FunctionReply{200, R"({"batchItemFailures":[)" + failures + "]}"};
  });
  auto gateway =
      startGateway(serverBlock() + "functions:\n  worker: { endpoint: \"" + function.url() +
                   "\", concurrency: 1 }\n" +
                   "queues:\n  orders: { visibility_timeout: 1s }\ntriggers:\n  orders:\n" +
                   "    source: { kind: sqs, queue: orders }\n    function: worker\n" +
                   "    batch: { size: 3, window: 300ms }\n    report_batch_item_failures: true\n");
  ASSERT_NE(gateway, nullptr);
  sendMessages(gateway->port(), "orders", {"good1", "bad", "good2"});
  ASSERT_TRUE(function.waitForCount(2, std::chrono::seconds(10)));
  std::vector<std::string> first = recordBodies(function.requests()[0].body);
  std::vector<std::string> second = recordBodies(function.requests()[1].body);
  EXPECT_EQ(first.size(), 3u);
  EXPECT_EQ(second, std::vector<std::string>{"bad"}) << "only the failed message came back";
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(function.count(), 2u) << "then nothing more: the retry succeeded";
}

TEST(SqsTrigger, FailingMessagesMoveToTheRedriveQueueAfterMaxReceiveCount) {
  FunctionServer function([](const ReceivedRequest&, int) { return FunctionReply{500, "no"}; });
  auto gateway = startGateway(
      serverBlock() + "functions:\n  worker: { endpoint: \"" + function.url() + "\" }\n" +
      "queues:\n  orders: { visibility_timeout: 1s, redrive: { dead_letter_queue: orders-dlq, " +
      "max_receive_count: 2 } }\n  orders-dlq: {}\ntriggers:\n  orders:\n" +
      "    source: { kind: sqs, queue: orders }\n    function: worker\n");
  ASSERT_NE(gateway, nullptr);
  uint16_t port = gateway->port();
  sendMessages(port, "orders", {"poison"});
  ASSERT_TRUE(eventually([&] {
    HttpResponse attributes = sqsCall(port, "GetQueueAttributes",
                                      R"({"QueueUrl":")" + queueUrl(port, "orders-dlq") +
                                          R"(","AttributeNames":["ApproximateNumberOfMessages"]})");
    return attributes.body.find(R"("ApproximateNumberOfMessages":"1")") != std::string::npos;
  })) << "the message reached the redrive queue; deliveries: "
      << function.count() << "; the source queue: "
      << sqsCall(port, "GetQueueAttributes",
                 R"({"QueueUrl":")" + queueUrl(port, "orders") + R"(","AttributeNames":["All"]})")
             .body
      << "\n"
      << gateway->log();
  EXPECT_EQ(function.count(), 2u) << "maxReceiveCount deliveries, then redriven";
  // The queue may hand the message back before the second delivery's ending is counted.
  EXPECT_TRUE(eventually([&] {
    return scrapeMetric(
               gateway->adminPort(),
               functionSeries("switchyard_deliveries_returned_to_source_total", "worker")) == 2;
  })) << "both deliveries were returned to the queue";
  EXPECT_EQ(httpRequest(gateway->adminPort(), "GET", "/v1/dlq/count").body, R"({"count":0})")
      << "the queue redrives; Switchyard's own DLQ is not involved";
}

TEST(SqsTrigger, FifoQueueKeepsOrderWithinEachGroup) {
  std::mutex mutex;
  std::map<std::string, std::vector<std::string>> order;
  FunctionServer function([&](const ReceivedRequest& request, int) {
    simdjson::dom::parser parser;
    simdjson::dom::element event = parser.parse(request.body);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // overlap groups in time
    std::lock_guard<std::mutex> lock(mutex);
    for (simdjson::dom::element record : event["Records"].get_array()) {
      std::string group(record["attributes"]["MessageGroupId"].get_string().value());
      order[group].emplace_back(record["body"].get_string().value());
    }
    return FunctionReply{};
  });
  auto gateway = startGateway(
      serverBlock() + "functions:\n  worker: { endpoint: \"" + function.url() +
      "\", concurrency: 4 }\n" + "queues:\n  events.fifo: { fifo: true }\ntriggers:\n  ordered:\n" +
      "    source: { kind: sqs, queue: events.fifo }\n    function: worker\n" +
      "    batch: { size: 1 }\n");
  ASSERT_NE(gateway, nullptr);
  for (int i = 0; i < 5; ++i) {
    for (const char* group : {"a", "b", "c"}) {
      sendMessages(gateway->port(), "events.fifo", {std::string(group) + std::to_string(i)}, group);
    }
  }
  ASSERT_TRUE(eventually(
      [&] {
        std::lock_guard<std::mutex> lock(mutex);
        return order["a"].size() + order["b"].size() + order["c"].size() == 15;
      },
      std::chrono::seconds(15)));
  std::lock_guard<std::mutex> lock(mutex);
  for (const char* group : {"a", "b", "c"}) {
    std::vector<std::string> expected;
    for (int i = 0; i < 5; ++i) {
      expected.push_back(std::string(group) + std::to_string(i));
    }
    EXPECT_EQ(order[group], expected) << "group " << group;
  }
}

}  // namespace
}  // namespace switchyard::testing
