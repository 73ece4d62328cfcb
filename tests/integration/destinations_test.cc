// On-success / on-failure destinations: Lambda's destination record, chains, topics, loops.
#include <simdjson.h>

#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

// Parses a destination record and checks Lambda's shape.
void expectDestinationRecord(const std::string& body, const std::string& condition,
                             const std::string& function, const std::string& request_payload,
                             int invoke_count) {
  simdjson::dom::parser parser;
  simdjson::dom::element record;
  ASSERT_EQ(parser.parse(body).get(record), simdjson::SUCCESS) << body;
  std::string_view text;
  ASSERT_EQ(record["version"].get_string().get(text), simdjson::SUCCESS);
  EXPECT_EQ(text, "1.0");
  EXPECT_EQ(record["timestamp"].get_string().get(text), simdjson::SUCCESS);
  simdjson::dom::element context = record["requestContext"];
  EXPECT_EQ(context["condition"].get_string().value(), condition);
  EXPECT_EQ(context["functionArn"].get_string().value(),
            "arn:aws:lambda:us-east-1:000000000000:function:" + function + ":$LATEST");
  EXPECT_EQ(context["requestId"].get_string().value().size(), 36u);
  EXPECT_EQ(context["approximateInvokeCount"].get_int64().value(), invoke_count);
  EXPECT_EQ(simdjson::minify(record["requestPayload"]), request_payload);
  simdjson::dom::element response = record["responseContext"];
  EXPECT_EQ(response["executedVersion"].get_string().value(), "$LATEST");
  EXPECT_TRUE(response["statusCode"].is_int64());
  EXPECT_EQ(record["responsePayload"].error(), simdjson::SUCCESS);
}

TEST(Destinations, SuccessChainAToBToCDeliversDestinationRecords) {
  FunctionServer a([](const ReceivedRequest&, int) {
    return FunctionReply{200, R"({"from":"a"})"};
  });
  FunctionServer b([](const ReceivedRequest&, int) {
    return FunctionReply{200, R"({"from":"b"})"};
  });
  FunctionServer c;
  auto gateway = startGateway(serverBlock() + R"(
functions:
  a: { endpoint: ")" + a.url() +
                              R"(", on_success: { function: b } }
  b: { endpoint: ")" + b.url() +
                              R"(", on_success: { function: c } }
  c: { endpoint: ")" + c.url() +
                              R"(" }
triggers:
  orders: { source: { kind: http }, function: a, format: raw }
)");
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/orders", R"({"order":7})").status, 202);
  ASSERT_TRUE(c.waitForCount(1));
  ASSERT_EQ(b.count(), 1u);
  // b got a's record: the original event in, a's answer out.
  expectDestinationRecord(b.requests()[0].body, "Success", "a", R"({"order":7})", 1);
  EXPECT_NE(b.requests()[0].body.find(R"("responsePayload":{"from":"a"})"), std::string::npos);
  // c got b's record, whose request payload is a's record.
  const std::string to_c = c.requests()[0].body;
  EXPECT_NE(
      to_c.find(R"("functionArn":"arn:aws:lambda:us-east-1:000000000000:function:b:$LATEST")"),
      std::string::npos)
      << to_c;
  EXPECT_NE(to_c.find(R"("responsePayload":{"from":"b"})"), std::string::npos) << to_c;
  EXPECT_NE(to_c.find(R"("requestPayload":{"version":"1.0")"), std::string::npos) << to_c;
  uint16_t admin = gateway->adminPort();
  for (const char* function : {"a", "b", "c"}) {
    EXPECT_TRUE(eventually([&] {
      return scrapeMetric(admin,
                          functionSeries("switchyard_deliveries_succeeded_total", function)) == 1;
    })) << function;
  }
}

TEST(Destinations, OnFailureSendsRetriesExhaustedRecordToAFunction) {
  FunctionServer failing([](const ReceivedRequest&, int) {
    FunctionReply reply{500, R"({"errorMessage":"boom"})"};
    reply.headers.emplace_back("X-Amz-Function-Error", "Unhandled");
    return reply;
  });
  FunctionServer handler;
  auto gateway = startGateway(serverBlock() + R"(
functions:
  work:
    endpoint: ")" + failing.url() +
                              R"("
    retry: { attempts: 3, backoff: 5ms..10ms }
    on_failure: { function: failures }
  failures: { endpoint: ")" + handler.url() +
                              R"(" }
triggers:
  t: { source: { kind: http }, function: work, format: raw }
)");
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", R"({"job":1})").status, 202);
  ASSERT_TRUE(handler.waitForCount(1));
  EXPECT_EQ(failing.count(), 3u);
  const std::string record = handler.requests()[0].body;
  expectDestinationRecord(record, "RetriesExhausted", "work", R"({"job":1})", 3);
  EXPECT_NE(record.find(R"("functionError":"Unhandled")"), std::string::npos) << record;
  EXPECT_NE(record.find(R"("responsePayload":{"errorMessage":"boom"})"), std::string::npos);
  uint16_t admin = gateway->adminPort();
  EXPECT_EQ(
      scrapeMetric(admin, functionSeries("switchyard_deliveries_dead_lettered_total", "work")), 0)
      << "sent to its destination, not the DLQ";
  EXPECT_EQ(httpRequest(admin, "GET", "/v1/dlq/count").body, R"({"count":0})");
}

TEST(Destinations, ChainLoopEndsInTheDlqWithItsReason) {
  FunctionServer ping, pong;
  auto gateway = startGateway(serverBlock(2, "  max_chain_hops: 4\n") + R"(
functions:
  ping: { endpoint: ")" + ping.url() +
                              R"(", on_success: { function: pong } }
  pong: { endpoint: ")" + pong.url() +
                              R"(", on_success: { function: ping } }
triggers:
  t: { source: { kind: http }, function: ping, format: raw }
)");
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "{}").status, 202);
  uint16_t admin = gateway->adminPort();
  ASSERT_TRUE(eventually(
      [&] { return httpRequest(admin, "GET", "/v1/dlq/count").body == R"({"count":1})"; }));
  // ping (original) → pong (hop 1) → ping (2) → pong (3) → ping (4); the 5th hop is parked.
  EXPECT_EQ(ping.count() + pong.count(), 5u);
  HttpResponse records = httpRequest(admin, "GET", "/v1/dlq");
  EXPECT_NE(records.body.find(R"("reason":"chain_loop")"), std::string::npos) << records.body;
  EXPECT_NE(records.body.find(R"("function":"pong")"), std::string::npos) << records.body;
}

TEST(Destinations, TopicDestinationReentersTheRouter) {
  FunctionServer source, audit, big_orders;
  auto gateway = startGateway(serverBlock() + R"(
functions:
  orders: { endpoint: ")" + source.url() +
                              R"(", on_success: { topic: completed } }
  audit: { endpoint: ")" + audit.url() +
                              R"(" }
  big: { endpoint: ")" + big_orders.url() +
                              R"(" }
triggers:
  in: { source: { kind: http }, function: orders, format: raw }
  all-completed: { source: { kind: topic, topic: completed }, function: audit }
  big-completed:
    source: { kind: topic, topic: completed }
    function: big
    filter: { requestPayload: { total: [{ numeric: [">", 100] }] } }
)");
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/in", R"({"total":50})").status, 202);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/in", R"({"total":500})").status, 202);
  ASSERT_TRUE(audit.waitForCount(2));
  ASSERT_TRUE(big_orders.waitForCount(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(big_orders.count(), 1u) << "the topic trigger's filter applies";
  EXPECT_NE(big_orders.requests()[0].body.find(R"("requestPayload":{"total":500})"),
            std::string::npos);
}

TEST(Destinations, FunctionCanAskForImmediateDeadLetter) {
  FunctionServer function([](const ReceivedRequest&, int) {
    FunctionReply reply{500, "schema version 1 is gone"};
    reply.headers.emplace_back("X-Switchyard-Dead-Letter", "unsupported schema");
    return reply;
  });
  auto gateway = startGateway(serverBlock() + R"(
functions:
  f: { endpoint: ")" + function.url() +
                              R"(", retry: { attempts: 5, backoff: 5ms..10ms } }
triggers:
  t: { source: { kind: http }, function: f, format: raw }
)");
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "{}").status, 202);
  uint16_t admin = gateway->adminPort();
  ASSERT_TRUE(eventually(
      [&] { return httpRequest(admin, "GET", "/v1/dlq/count").body == R"({"count":1})"; }));
  EXPECT_EQ(function.count(), 1u) << "not retried";
  HttpResponse records = httpRequest(admin, "GET", "/v1/dlq");
  EXPECT_NE(records.body.find(R"("reason":"function_requested")"), std::string::npos);
  EXPECT_NE(records.body.find(R"("last_error":"unsupported schema")"), std::string::npos)
      << records.body;
}

}  // namespace
}  // namespace switchyard::testing
