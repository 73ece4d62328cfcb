// SQS and SNS state across restarts of the real binary (store.aws: sqlite, the default): queues,
// messages with their in-flight state, receipt handles, topics and subscriptions come back; a
// send answered before a SIGKILL is there after it (acknowledge after commit); a store that cannot
// write makes sends fail with a retryable error, never "OK".
#include <signal.h>
#include <simdjson.h>

#include <filesystem>
#include <set>

#include "connectors/aws/store/sqlite_aws_store.h"
#include "gateway/store/sqlite_connection.h"
#include "tests/integration/aws_calls.h"
#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

struct Message {
  std::string body;
  std::string receipt_handle;
  std::string receive_count;
};

// ReceiveMessage without waiting; every system attribute.
std::vector<Message> receive(uint16_t port, const std::string& queue, int max,
                             int visibility_timeout) {
  HttpResponse response =
      sqsCall(port, "ReceiveMessage",
              R"({"QueueUrl":")" + queueUrl(port, queue) + R"(","MaxNumberOfMessages":)" +
                  std::to_string(max) + R"(,"VisibilityTimeout":)" +
                  std::to_string(visibility_timeout) + R"(,"AttributeNames":["All"]})");
  EXPECT_EQ(response.status, 200) << response.body;
  std::vector<Message> messages;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(response.body).get(root) != simdjson::SUCCESS) {
    ADD_FAILURE() << response.body;
    return messages;
  }
  simdjson::dom::array array;
  if (root["Messages"].get(array) != simdjson::SUCCESS) {
    return messages;  // none
  }
  for (simdjson::dom::element message : array) {
    messages.push_back(
        {std::string(message["Body"].get_string().value()),
         std::string(message["ReceiptHandle"].get_string().value()),
         std::string(message["Attributes"]["ApproximateReceiveCount"].get_string().value())});
  }
  return messages;
}

std::multiset<std::string> bodiesOf(const std::vector<Message>& messages) {
  std::multiset<std::string> bodies;
  for (const Message& message : messages) {
    bodies.insert(message.body);
  }
  return bodies;
}

// Every message receivable now (each then in flight for a minute).
std::multiset<std::string> drain(uint16_t port, const std::string& queue) {
  std::multiset<std::string> bodies;
  for (;;) {
    std::vector<Message> batch = receive(port, queue, 10, 60);
    if (batch.empty()) {
      return bodies;
    }
    for (const Message& message : batch) {
      bodies.insert(message.body);
    }
  }
}

HttpResponse sendMessage(uint16_t port, const std::string& queue, const std::string& body) {
  return sqsCall(
      port, "SendMessage",
      R"({"QueueUrl":")" + queueUrl(port, queue) + R"(","MessageBody":")" + body + R"("})");
}

void createQueue(uint16_t port, const std::string& queue) {
  HttpResponse created = sqsCall(port, "CreateQueue", R"({"QueueName":")" + queue + R"("})");
  ASSERT_EQ(created.status, 200) << created.body;
}

TEST(AwsPersistence, QueuesAndMessagesSurviveAGracefulRestart) {
  const std::string config = serverBlock(2, "", freshDataDir());
  std::string second_handle;
  std::string first_handle;
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    HttpResponse created = sqsCall(
        port, "CreateQueue",
        R"({"QueueName":"orders","Attributes":{"VisibilityTimeout":"45"},"tags":{"team":"core"}})");
    ASSERT_EQ(created.status, 200) << created.body;
    for (const char* body : {"first", "second", "third"}) {
      ASSERT_EQ(sendMessage(port, "orders", body).status, 200);
    }
    // Two go in flight for 4 s; the third is never received before the restart.
    std::vector<Message> in_flight = receive(port, "orders", 2, 4);
    ASSERT_EQ(in_flight.size(), 2u);
    EXPECT_EQ(in_flight[0].body, "first");
    EXPECT_EQ(in_flight[1].body, "second");
    first_handle = in_flight[0].receipt_handle;
    second_handle = in_flight[1].receipt_handle;
    EXPECT_EQ(gateway->stop(SIGTERM), 0) << gateway->log();
  }
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  const uint16_t port = gateway->port();
  EXPECT_NE(sqsCall(port, "ListQueues", "{}").body.find("/000000000000/orders\""),
            std::string::npos);
  EXPECT_NE(sqsCall(port, "GetQueueAttributes",
                    R"({"QueueUrl":")" + queueUrl(port, "orders") +
                        R"(","AttributeNames":["VisibilityTimeout"]})")
                .body.find(R"("VisibilityTimeout":"45")"),
            std::string::npos);
  EXPECT_EQ(
      sqsCall(port, "ListQueueTags", R"({"QueueUrl":")" + queueUrl(port, "orders") + R"("})").body,
      R"({"Tags":{"team":"core"}})");

  // A receipt handle from before the restart still deletes (the queue kept its incarnation).
  HttpResponse deleted = sqsCall(port, "DeleteMessage",
                                 R"({"QueueUrl":")" + queueUrl(port, "orders") +
                                     R"(","ReceiptHandle":")" + second_handle + R"("})");
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  // The message never received is receivable at once; the in-flight ones are not.
  std::vector<Message> now = receive(port, "orders", 10, 60);
  EXPECT_EQ(bodiesOf(now), std::multiset<std::string>{"third"});
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0].receive_count, "1");
  // The first returns once its visibility timeout ends, received once before the restart; the
  // deleted one never does.
  std::vector<Message> returned;
  ASSERT_TRUE(eventually([&] {
    returned = receive(port, "orders", 10, 60);
    return !returned.empty();
  })) << "the in-flight message came back";
  ASSERT_EQ(returned.size(), 1u);
  EXPECT_EQ(returned[0].body, "first");
  EXPECT_EQ(returned[0].receive_count, "2");
  EXPECT_NE(returned[0].receipt_handle, first_handle) << "a new receive, a new handle";
  EXPECT_TRUE(receive(port, "orders", 10, 60).empty());
}

TEST(AwsPersistence, SendsAnsweredBeforeASigkillAreThereAfterIt) {
  const std::string config = serverBlock(2, "", freshDataDir());
  std::multiset<std::string> sent;
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    createQueue(port, "acked");
    for (int i = 0; i < 20; ++i) {
      const std::string body = "single-" + std::to_string(i);
      ASSERT_EQ(sendMessage(port, "acked", body).status, 200);
      sent.insert(body);
    }
    std::string entries;
    for (int i = 0; i < 10; ++i) {
      const std::string body = "batch-" + std::to_string(i);
      entries += std::string(i > 0 ? "," : "") + R"({"Id":"e)" + std::to_string(i) +
                 R"(","MessageBody":")" + body + R"("})";
      sent.insert(body);
    }
    HttpResponse batch =
        sqsCall(port, "SendMessageBatch",
                R"({"QueueUrl":")" + queueUrl(port, "acked") + R"(","Entries":[)" + entries + "]}");
    ASSERT_EQ(batch.status, 200) << batch.body;
    ASSERT_EQ(batch.body.find("Failed\":[{"), std::string::npos) << batch.body;
    // No drain, no flush: the process dies right after the last answer.
    EXPECT_EQ(gateway->stop(SIGKILL), -SIGKILL);
  }
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  EXPECT_EQ(drain(gateway->port(), "acked"), sent);
}

TEST(AwsPersistence, TopicsAndSubscriptionsSurviveARestartAndStillDeliver) {
  FunctionServer function;
  const std::string config = serverBlock(2, "", freshDataDir()) +
                             "functions:\n  notify: { endpoint: \"" + function.url() + "\" }\n";
  const std::string topic = topicArn("alerts");
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    HttpResponse created = snsCall(
        port, "CreateTopic",
        {{"Name", "alerts"}, {"Tags.member.1.Key", "env"}, {"Tags.member.1.Value", "prod"}});
    ASSERT_EQ(created.status, 200) << created.body;
    createQueue(port, "alerts-copy");
    HttpResponse to_queue = snsCall(port, "Subscribe",
                                    {{"TopicArn", topic},
                                     {"Protocol", "sqs"},
                                     {"Endpoint", queueArn("alerts-copy")},
                                     {"Attributes.entry.1.key", "RawMessageDelivery"},
                                     {"Attributes.entry.1.value", "true"}});
    ASSERT_EQ(to_queue.status, 200) << to_queue.body;
    HttpResponse to_function =
        snsCall(port, "Subscribe",
                {{"TopicArn", topic},
                 {"Protocol", "lambda"},
                 {"Endpoint", "arn:aws:lambda:us-east-1:000000000000:function:notify"},
                 {"Attributes.entry.1.key", "FilterPolicy"},
                 {"Attributes.entry.1.value", R"({"level":["error"]})"}});
    ASSERT_EQ(to_function.status, 200) << to_function.body;
    EXPECT_EQ(gateway->stop(SIGTERM), 0) << gateway->log();
  }
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  const uint16_t port = gateway->port();
  HttpResponse listed = snsCall(port, "ListSubscriptionsByTopic", {{"TopicArn", topic}});
  EXPECT_NE(listed.body.find("<Protocol>sqs</Protocol>"), std::string::npos) << listed.body;
  EXPECT_NE(listed.body.find("<Protocol>lambda</Protocol>"), std::string::npos) << listed.body;
  EXPECT_NE(snsCall(port, "ListTagsForResource", {{"ResourceArn", topic}})
                .body.find("<member><Key>env</Key><Value>prod</Value></member>"),
            std::string::npos);

  for (const auto& [message, level] :
       {std::pair<std::string, std::string>{"disk full", "error"}, {"all good", "info"}}) {
    HttpResponse published = snsCall(port, "Publish",
                                     {{"TopicArn", topic},
                                      {"Message", message},
                                      {"MessageAttributes.entry.1.Name", "level"},
                                      {"MessageAttributes.entry.1.Value.DataType", "String"},
                                      {"MessageAttributes.entry.1.Value.StringValue", level}});
    ASSERT_EQ(published.status, 200) << published.body;
  }
  // The queue subscription got both, raw; the function only what its filter policy lets through.
  EXPECT_EQ(drain(port, "alerts-copy"), (std::multiset<std::string>{"all good", "disk full"}));
  ASSERT_TRUE(function.waitForCount(1));
  EXPECT_NE(function.requests()[0].body.find(R"("Message":"disk full")"), std::string::npos)
      << function.requests()[0].body;
  EXPECT_EQ(function.count(), 1u);
}

TEST(AwsPersistence, TheConfigsQueueAttributesWinOverStoredOnes) {
  const std::string data_dir = freshDataDir();
  auto configWith = [&](const std::string& visibility) {
    return serverBlock(1, "", data_dir) +
           "queues:\n  declared: { visibility_timeout: " + visibility + " }\n";
  };
  {
    auto gateway = startGateway(configWith("5s"));
    ASSERT_NE(gateway, nullptr);
    ASSERT_EQ(sendMessage(gateway->port(), "declared", "kept").status, 200);
    EXPECT_EQ(gateway->stop(SIGTERM), 0);
  }
  auto gateway = startGateway(configWith("9s"));
  ASSERT_NE(gateway, nullptr);
  const uint16_t port = gateway->port();
  EXPECT_NE(sqsCall(port, "GetQueueAttributes",
                    R"({"QueueUrl":")" + queueUrl(port, "declared") +
                        R"(","AttributeNames":["VisibilityTimeout"]})")
                .body.find(R"("VisibilityTimeout":"9")"),
            std::string::npos);
  EXPECT_EQ(drain(port, "declared"), std::multiset<std::string>{"kept"});
}

TEST(AwsPersistence, SendsFailRetryablyWhileTheStoreCannotWrite) {
  const std::string data_dir = freshDataDir();
  const std::string config = serverBlock(1, "", data_dir);
  const std::string file =
      (std::filesystem::path(data_dir) / aws::SqliteAwsStore::kFileName).string();
  auto alterTable = [&](const char* sql) {
    auto connection = store::SqliteConnection::open(file, "test");
    ASSERT_TRUE(connection.ok());
    ASSERT_TRUE((*connection)->useWriteAheadLog(5000).ok());
    Status altered = (*connection)->exec(sql, "alter");
    ASSERT_TRUE(altered.ok()) << altered.error().message;
  };
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    const uint16_t port = gateway->port();
    createQueue(port, "fragile");
    // Another process takes the messages table away: commits fail.
    alterTable("ALTER TABLE sqs_messages RENAME TO sqs_messages_away");
    HttpResponse refused = sendMessage(port, "fragile", "during the outage");
    EXPECT_EQ(refused.status, 503) << refused.body;
    EXPECT_NE(refused.body.find("ServiceUnavailable"), std::string::npos) << refused.body;
    // The metric and the log line are written around the answer, not before it: poll.
    EXPECT_TRUE(eventually([&] {
      return scrapeMetric(gateway->adminPort(), "switchyard_aws_store_write_errors_total") >= 1;
    }));
    EXPECT_TRUE(eventually([&] {
      return gateway->log().find("Writing AWS state failed; retrying.") != std::string::npos;
    })) << gateway->log();

    alterTable("ALTER TABLE sqs_messages_away RENAME TO sqs_messages");
    ASSERT_TRUE(eventually([&] { return sendMessage(port, "fragile", "after").status == 200; }));
    EXPECT_TRUE(eventually([&] {
      return scrapeMetric(gateway->adminPort(), "switchyard_aws_store_pending_changes") == 0;
    }));
    EXPECT_EQ(gateway->stop(SIGTERM), 0);
  }
  // The refused send was kept in memory and written once the store recovered: a client that
  // retried it would see it twice (at-least-once), never lose it.
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  std::multiset<std::string> bodies = drain(gateway->port(), "fragile");
  EXPECT_EQ(bodies.count("during the outage"), 1u);
  EXPECT_GE(bodies.count("after"), 1u);
}

TEST(AwsPersistence, TheMemoryStoreKeepsNothingAcrossARestart) {
  const std::string data_dir = freshDataDir();
  const std::string config = serverBlock(1, "", data_dir) + "  aws: memory\n";
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    createQueue(gateway->port(), "ephemeral");
    EXPECT_EQ(gateway->stop(SIGTERM), 0);
  }
  EXPECT_FALSE(
      std::filesystem::exists(std::filesystem::path(data_dir) / aws::SqliteAwsStore::kFileName));
  auto gateway = startGateway(config);
  ASSERT_NE(gateway, nullptr);
  EXPECT_EQ(sqsCall(gateway->port(), "ListQueues", "{}").body.find("ephemeral"), std::string::npos);
}

}  // namespace
}  // namespace switchyard::testing
