// Delivery end to end: the real binary on loopback, delivering to a test function server.
#include <set>

#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

TEST(Delivery, WebhookEventReachesFunctionWithIdAttemptAndTraceparent) {
  FunctionServer function;
  auto gateway = startGateway(serverBlock() + R"(
functions:
  f: { endpoint: ")" + function.url("/hook?x=1") +
                              R"(" }
triggers:
  orders: { source: { kind: http }, function: f, format: raw }
)");
  ASSERT_NE(gateway, nullptr);
  HttpResponse response = httpRequest(gateway->port(), "POST", "/events/orders", R"({"order":42})",
                                      {{"Content-Type", "application/json"}});
  ASSERT_EQ(response.status, 202) << response.body;
  EXPECT_NE(response.body.find(R"("deliveries":1)"), std::string::npos) << response.body;

  ASSERT_TRUE(function.waitForCount(1));
  ReceivedRequest received = function.requests()[0];
  EXPECT_EQ(received.method, "POST");
  EXPECT_EQ(received.path, "/hook?x=1");
  EXPECT_EQ(received.body, R"({"order":42})");
  EXPECT_EQ(received.header("content-type"), "application/json");
  EXPECT_EQ(received.header("x-switchyard-attempt"), "1");
  EXPECT_EQ(received.header("x-switchyard-source"), "orders");
  std::string id = received.header("x-switchyard-event-id");
  EXPECT_EQ(id.size(), 36u);
  EXPECT_NE(response.body.find(id), std::string::npos) << "202 carries the same event id";
  std::string traceparent = received.header("traceparent");
  ASSERT_EQ(traceparent.size(), 55u) << traceparent;
  EXPECT_EQ(traceparent.substr(0, 3), "00-");
  EXPECT_EQ(gateway->stop(), 0);
}

TEST(Delivery, IncomingTraceparentKeepsItsTraceId) {
  FunctionServer function;
  auto gateway = startGateway(serverBlock() + R"(
functions:
  f: { endpoint: ")" + function.url() +
                              R"(" }
triggers:
  t: { source: { kind: http }, function: f, format: raw }
)");
  ASSERT_NE(gateway, nullptr);
  const std::string trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "x",
                        {{"traceparent", "00-" + trace_id + "-00f067aa0ba902b7-01"}})
                .status,
            202);
  ASSERT_TRUE(function.waitForCount(1));
  EXPECT_EQ(function.requests()[0].header("traceparent").substr(3, 32), trace_id);
}

TEST(Delivery, FanOutDeliversOneEventToThreeFunctions) {
  FunctionServer a, b, c;
  auto gateway = startGateway(serverBlock() + R"(
functions:
  a: { endpoint: ")" + a.url() +
                              R"(" }
  b: { endpoint: ")" + b.url() +
                              R"(" }
  c: { endpoint: ")" + c.url() +
                              R"(" }
triggers:
  t: { source: { kind: http }, functions: [a, b, c], format: raw }
)");
  ASSERT_NE(gateway, nullptr);
  for (int i = 0; i < 20; ++i) {
    HttpResponse response =
        httpRequest(gateway->port(), "POST", "/events/t", "event-" + std::to_string(i));
    ASSERT_EQ(response.status, 202);
    EXPECT_NE(response.body.find(R"("deliveries":3)"), std::string::npos);
  }
  for (FunctionServer* function : {&a, &b, &c}) {
    ASSERT_TRUE(function->waitForCount(20));
    std::set<std::string> ids;
    std::set<std::string> bodies;
    for (const ReceivedRequest& request : function->requests()) {
      ids.insert(request.header("x-switchyard-event-id"));
      bodies.insert(request.body);
    }
    EXPECT_EQ(ids.size(), 20u) << "each event once per function";
    EXPECT_EQ(bodies.size(), 20u);
  }
  // The same 20 ids everywhere: one event shared by three deliveries.
  std::set<std::string> ids_a, ids_c;
  for (const auto& request : a.requests()) ids_a.insert(request.header("x-switchyard-event-id"));
  for (const auto& request : c.requests()) ids_c.insert(request.header("x-switchyard-event-id"));
  EXPECT_EQ(ids_a, ids_c);
  EXPECT_EQ(scrapeMetric(gateway->adminPort(), R"(switchyard_events_accepted_total{trigger="t"})"),
            20);
}

TEST(Delivery, DefaultAwsFormatIsApiGatewayV2Event) {
  FunctionServer function;
  auto gateway = startGateway(serverBlock() + R"(
functions:
  f: { endpoint: ")" + function.url() +
                              R"(" }
triggers:
  hook: { source: { kind: http }, function: f }
)");
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/hook?a=b", R"({"k":"v"})",
                        {{"Content-Type", "application/json"}, {"X-Custom", "Yes"}})
                .status,
            202);
  ASSERT_TRUE(function.waitForCount(1));
  const std::string body = function.requests()[0].body;
  EXPECT_NE(body.find(R"("version":"2.0")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("routeKey":"POST /events/hook")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("rawQueryString":"a=b")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("x-custom":"Yes")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("body":"{\"k\":\"v\"}")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("isBase64Encoded":false)"), std::string::npos) << body;
}

TEST(Delivery, CloudEventsBinaryModeSetsCeHeaders) {
  FunctionServer function;
  auto gateway = startGateway(serverBlock() + R"(
functions:
  f: { endpoint: ")" + function.url() +
                              R"(" }
triggers:
  hook: { source: { kind: http }, function: f, format: cloudevents }
)");
  ASSERT_NE(gateway, nullptr);
  HttpResponse response = httpRequest(gateway->port(), "POST", "/events/hook", "payload");
  ASSERT_EQ(response.status, 202);
  ASSERT_TRUE(function.waitForCount(1));
  ReceivedRequest received = function.requests()[0];
  EXPECT_EQ(received.header("ce-specversion"), "1.0");
  EXPECT_EQ(received.header("ce-id"), received.header("x-switchyard-event-id"));
  EXPECT_EQ(received.header("ce-source"), "/switchyard/http/hook");
  EXPECT_EQ(received.body, "payload");
}

TEST(Delivery, HttpsEndpointsAreDeliveredOverTlsWithTheConfiguredCa) {
  FunctionServer function(
      [](const ReceivedRequest&, int index) {
        return index == 0 ? FunctionReply{503, "retry me"} : FunctionReply{};
      },
      FunctionServer::Transport::kTls);
  auto gateway = startGateway(serverBlock() + R"(
functions:
  secure:
    endpoint: ")" + function.url("/fn") +
                              R"("
    tls: { ca_file: ")" + function.caFile() +
                              R"(" }
    retry: { attempts: 3, backoff: 5ms..10ms }
triggers:
  t: { source: { kind: http }, function: secure, format: raw }
)");
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "over tls").status, 202);
  ASSERT_TRUE(function.waitForCount(2));
  ReceivedRequest second = function.requests()[1];
  EXPECT_EQ(second.path, "/fn");
  EXPECT_EQ(second.body, "over tls");
  EXPECT_EQ(second.header("x-switchyard-attempt"), "2");
  EXPECT_EQ(second.header("traceparent").size(), 55u);
  EXPECT_TRUE(eventually([&] {
    return scrapeMetric(gateway->adminPort(),
                        functionSeries("switchyard_deliveries_succeeded_total", "secure")) == 1;
  }));
}

TEST(Delivery, UntrustedCertificateFailsTheAttempt) {
  FunctionServer function({}, FunctionServer::Transport::kTls);
  auto gateway = startGateway(serverBlock() + R"(
functions:
  secure: { endpoint: ")" + function.url() +
                              R"(", retry: { attempts: 1 } }
triggers:
  t: { source: { kind: http }, function: secure, format: raw }
)");
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "x").status, 202);
  EXPECT_TRUE(eventually([&] {
    return scrapeMetric(gateway->adminPort(),
                        functionSeries("switchyard_deliveries_dead_lettered_total", "secure")) == 1;
  }));
  EXPECT_EQ(function.count(), 0u) << "nothing is sent to an endpoint that cannot be verified";
}

TEST(Delivery, CurlClientWorksForPlainHttpToo) {
  FunctionServer function;
  auto gateway = startGateway(serverBlock() + R"(
functions:
  f: { endpoint: ")" + function.url() +
                              R"(", client: curl }
triggers:
  t: { source: { kind: http }, function: f, format: raw }
)");
  ASSERT_NE(gateway, nullptr);
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", std::to_string(i)).status, 202);
  }
  ASSERT_TRUE(function.waitForCount(10));
  EXPECT_EQ(function.requests()[0].header("x-switchyard-attempt"), "1");
}

}  // namespace
}  // namespace switchyard::testing
