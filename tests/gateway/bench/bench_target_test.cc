#include "gateway/bench/bench_target.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <set>
#include <string>

#include "dispatcher/invocation_result.h"
#include "gateway/core/random.h"

namespace switchyard::bench {
namespace {

using dispatcher::InvocationResult;

constexpr const char* kId = "01890a5d-ac96-774b-bcce-b302099a8057";

InvocationResult answer(int status, std::string body = {}, std::string request_id = {}) {
  InvocationResult result;
  result.status = status;
  result.body = std::move(body);
  result.request_id = std::move(request_id);
  return result;
}

TEST(TargetUrl, ParsesHostPortAndPath) {
  Result<TargetUrl> url = parseTargetUrl("http://127.0.0.1:8080/events/hook?x=1");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 8080);
  EXPECT_EQ(url->path, "/events/hook?x=1");
  EXPECT_EQ(url->address.ss_family, AF_INET);

  // A numeric host: minimal CI images may have no /etc/hosts entry for "localhost".
  Result<TargetUrl> bare = parseTargetUrl("http://127.0.0.1");
  ASSERT_TRUE(bare.ok()) << bare.error().message;
  EXPECT_EQ(bare->port, 80);
  EXPECT_EQ(bare->path, "/");
}

TEST(TargetUrl, RejectsWhatItCannotLoad) {
  EXPECT_FALSE(parseTargetUrl("https://127.0.0.1/events/x").ok());  // no TLS in the generator
  EXPECT_FALSE(parseTargetUrl("127.0.0.1:8080/events/x").ok());
  EXPECT_FALSE(parseTargetUrl("http://127.0.0.1:99999/").ok());
  EXPECT_FALSE(parseTargetUrl("http://:8080/").ok());
}

TEST(BenchTarget, WebhookPostsJsonAndTakesTheIdFromThe202Body) {
  Result<TargetUrl> url = parseTargetUrl("http://127.0.0.1:8080/events/hook");
  ASSERT_TRUE(url.ok());
  Result<std::unique_ptr<BenchTarget>> target = makeTarget("webhook", *url, "secret");
  ASSERT_TRUE(target.ok());
  std::string head;
  (*target)->appendRequestHead(head, 123);
  EXPECT_TRUE(head.starts_with("POST /events/hook HTTP/1.1\r\n")) << head;
  EXPECT_NE(head.find("Content-Length: 123\r\n"), std::string::npos);
  EXPECT_NE(head.find("Authorization: Bearer secret\r\n"), std::string::npos);
  EXPECT_TRUE(head.ends_with("\r\n\r\n"));

  AcceptedIds ids;
  EXPECT_EQ(
      (*target)->judge(answer(202, std::string(R"({"id":")") + kId + R"(","deliveries":1})"), &ids),
      1);
  EXPECT_EQ((*target)->judge(answer(429, R"({"error":"queue_full"})"), &ids), 0);
  EXPECT_EQ((*target)->judge(answer(202, "{}"), &ids), 1);  // accepted, but no id named
  ASSERT_EQ(ids.ids.size(), 1u);
  EXPECT_EQ(ids.ids[0].toString(), kId);
  EXPECT_EQ(ids.without_id, 1u);
}

TEST(BenchTarget, InvokeAsksForAnEventInvocationAndTakesTheRequestId) {
  Result<TargetUrl> url =
      parseTargetUrl("http://127.0.0.1:8080/2015-03-31/functions/thumbnail/invocations");
  ASSERT_TRUE(url.ok());
  Result<std::unique_ptr<BenchTarget>> target = makeTarget("invoke", *url, "");
  ASSERT_TRUE(target.ok());
  std::string head;
  (*target)->appendRequestHead(head, 10);
  EXPECT_NE(head.find("X-Amz-Invocation-Type: Event\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Authorization"), std::string::npos);

  AcceptedIds ids;
  EXPECT_EQ((*target)->judge(answer(202, "", kId), &ids), 1);
  EXPECT_EQ((*target)->judge(answer(200, "", kId), &ids), 0);  // a RequestResponse answer
  InvocationResult refused;
  refused.transport = InvocationResult::Transport::kConnectFailed;
  EXPECT_EQ((*target)->judge(refused, &ids), 0);
  ASSERT_EQ(ids.ids.size(), 1u);
  EXPECT_EQ(ids.ids[0].toString(), kId);
}

TEST(BenchTarget, UnknownKindIsAnError) {
  Result<TargetUrl> url = parseTargetUrl("http://127.0.0.1:8080/");
  ASSERT_TRUE(url.ok());
  Result<std::unique_ptr<BenchTarget>> target = makeTarget("carrier-pigeon", *url, "");
  ASSERT_FALSE(target.ok());
  EXPECT_NE(target.error().message.find("webhook"), std::string::npos);
  EXPECT_NE(target.error().message.find("sqs"), std::string::npos);
}

std::unique_ptr<BenchTarget> sqsTarget(const std::string& queue_url) {
  Result<TargetUrl> url = parseTargetUrl(queue_url);
  EXPECT_TRUE(url.ok());
  Result<std::unique_ptr<BenchTarget>> target = makeTarget("sqs", *url, "");
  EXPECT_TRUE(target.ok()) << target.error().message;
  return target.ok() ? std::move(target).value() : nullptr;
}

TEST(SqsTarget, PostsSendMessageBatchInTheJsonProtocolToTheEndpointRoot) {
  auto target = sqsTarget("http://127.0.0.1:8080/000000000000/orders");
  ASSERT_NE(target, nullptr);
  EXPECT_EQ(target->kind(), "sqs");
  EXPECT_EQ(target->eventsPerRequest(), 10);
  std::string head;
  target->appendRequestHead(head, 4000);
  EXPECT_TRUE(head.starts_with("POST / HTTP/1.1\r\n")) << head;  // the queue travels in the body
  EXPECT_NE(head.find("X-Amz-Target: AmazonSQS.SendMessageBatch\r\n"), std::string::npos);
  EXPECT_NE(head.find("Content-Type: application/x-amz-json-1.0\r\n"), std::string::npos);
  EXPECT_NE(head.find("Content-Length: 4000\r\n"), std::string::npos);
}

TEST(SqsTarget, BodyHoldsTenMessagesEachATemplateExpansionWithItsOwnSequence) {
  auto target = sqsTarget("http://127.0.0.1:8080/000000000000/orders");
  ASSERT_NE(target, nullptr);
  Result<PayloadTemplate> payload = PayloadTemplate::compile(R"({"seq":{{seq}},"s":"a\"b"})");
  ASSERT_TRUE(payload.ok());
  Random random(1);
  std::string body;
  target->appendBody(body, *payload, 7, random, 0);

  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(body).get(root), simdjson::SUCCESS) << body;
  EXPECT_EQ(std::string_view(root["QueueUrl"].get_string().value()),
            "http://127.0.0.1:8080/000000000000/orders");
  simdjson::dom::array entries = root["Entries"].get_array().value();
  ASSERT_EQ(entries.size(), 10u);
  std::set<std::string> entry_ids;
  int i = 0;
  for (simdjson::dom::element entry : entries) {
    entry_ids.emplace(entry["Id"].get_string().value());
    std::string expected = R"({"seq":)" + std::to_string(70 + i++) + R"(,"s":"a\"b"})";
    EXPECT_EQ(std::string_view(entry["MessageBody"].get_string().value()), expected);
  }
  EXPECT_EQ(entry_ids.size(), 10u) << "entry ids are distinct within the batch";
}

TEST(SqsTarget, AcceptsTheSuccessfulEntriesAndTakesTheirMessageIds) {
  auto target = sqsTarget("http://127.0.0.1:8080/000000000000/orders");
  ASSERT_NE(target, nullptr);
  std::string answered = R"({"Successful":[)";
  for (int i = 0; i < 10; ++i) {
    std::string id = kId;
    id.back() = static_cast<char>('0' + i);
    answered += (i == 0 ? "" : ",") + std::string(R"({"Id":")") + std::to_string(i) +
                R"(","MessageId":")" + id + R"(","MD5OfMessageBody":"x"})";
  }
  answered += R"(],"Failed":[]})";
  AcceptedIds ids;
  EXPECT_EQ(target->judge(answer(200, answered), &ids), 10);
  ASSERT_EQ(ids.ids.size(), 10u);
  EXPECT_EQ(ids.ids[0].toString(), std::string(kId).substr(0, 35) + "0");
  EXPECT_EQ(ids.ids[9].toString(), std::string(kId).substr(0, 35) + "9");

  // A partly failed batch accepts the rest; errors accept nothing.
  std::string partial =
      std::string(R"({"Successful":[{"Id":"0","MessageId":")") + kId +
      R"(","MD5OfMessageBody":"x"}],"Failed":[{"Id":"1","SenderFault":true,"Code":"X","Message":"m"}]})";
  EXPECT_EQ(target->judge(answer(200, partial), &ids), 1);
  EXPECT_EQ(target->judge(answer(400, R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist"})"), &ids),
            0);
  EXPECT_EQ(target->judge(answer(200, "not json"), &ids), 0);
  EXPECT_EQ(ids.ids.size(), 11u);
}

TEST(SqsTarget, NeedsAQueueUrl) {
  Result<TargetUrl> url = parseTargetUrl("http://127.0.0.1:8080/");
  ASSERT_TRUE(url.ok());
  Result<std::unique_ptr<BenchTarget>> target = makeTarget("sqs", *url, "");
  ASSERT_FALSE(target.ok());
  EXPECT_NE(target.error().message.find("queue URL"), std::string::npos);
}

}  // namespace
}  // namespace switchyard::bench
