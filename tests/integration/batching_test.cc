// Dispatcher batching for triggers that do not batch at the source (webhooks, topics): size,
// window, max_bytes, the body and headers a batch carries, and partial batch failures, through the
// real binary.
#include <simdjson.h>

#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

std::string batchConfig(const FunctionServer& function, const std::string& trigger_extra,
                        const std::string& function_extra = "") {
  return serverBlock(1) + "functions:\n  f: { endpoint: \"" + function.url() +
         "\", retry: { attempts: 3, backoff: 10ms..20ms }" + function_extra +
         " }\ntriggers:\n  hook:\n    source: { kind: http }\n    function: f\n    format: raw\n" +
         trigger_extra;
}

void post(uint16_t port, const std::string& body) {
  HttpResponse response =
      httpRequest(port, "POST", "/events/hook", body, {{"Content-Type", "application/json"}});
  ASSERT_EQ(response.status, 202) << response.body;
}

std::vector<std::string> idsOf(const ReceivedRequest& request) {
  std::vector<std::string> ids;
  std::string header = request.header("X-Switchyard-Event-Id");
  size_t start = 0;
  while (start <= header.size()) {
    size_t comma = header.find(',', start);
    ids.push_back(
        header.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return ids;
}

std::vector<int64_t> numbersIn(const std::string& body) {
  simdjson::dom::parser parser;
  std::vector<int64_t> numbers;
  for (simdjson::dom::element item : parser.parse(body).get_array()) {
    numbers.push_back(item["n"].get_int64().value());
  }
  return numbers;
}

TEST(Batching, FullBatchesGoAtOnceAndTheRestAfterTheWindow) {
  FunctionServer function;
  auto gateway = startGateway(batchConfig(function, "    batch: { size: 3, window: 400ms }\n"));
  ASSERT_NE(gateway, nullptr);
  auto started = std::chrono::steady_clock::now();
  for (int n = 1; n <= 4; ++n) {
    post(gateway->port(), R"({"n":)" + std::to_string(n) + "}");
  }
  ASSERT_TRUE(function.waitForCount(1));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(350))
      << "a full batch does not wait for the window";
  ASSERT_TRUE(function.waitForCount(2));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(380))
      << "the short batch waited for the window";
  std::vector<ReceivedRequest> requests = function.requests();
  EXPECT_EQ(numbersIn(requests[0].body), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(requests[0].header("X-Switchyard-Batch-Size"), "3");
  EXPECT_EQ(idsOf(requests[0]).size(), 3u);
  EXPECT_EQ(requests[0].header("Content-Type"), "application/json");
  EXPECT_EQ(numbersIn(requests[1].body), (std::vector<int64_t>{4}));
  EXPECT_EQ(scrapeMetric(gateway->adminPort(),
                         functionSeries("switchyard_deliveries_attempted_total", "f")),
            4)
      << "attempts count events, not invocations";
}

TEST(Batching, MaxBytesClosesABatchEarly) {
  FunctionServer function;
  auto gateway = startGateway(
      batchConfig(function, "    batch: { size: 10, window: 300ms, max_bytes: 20 }\n"));
  ASSERT_NE(gateway, nullptr);
  for (int n = 1; n <= 3; ++n) {
    post(gateway->port(), R"({"n":)" + std::to_string(n) + R"(,"pad":"x"})");  // 17 bytes each
  }
  ASSERT_TRUE(function.waitForCount(3));
  for (const ReceivedRequest& request : function.requests()) {
    EXPECT_EQ(numbersIn(request.body).size(), 1u) << "two payloads exceed max_bytes";
  }
}

TEST(Batching, PartialBatchFailureRetriesOnlyTheNamedEvents) {
  std::mutex mutex;
  std::string failing_id;
  FunctionServer function([&](const ReceivedRequest& request, int) {
    std::vector<std::string> ids = idsOf(request);
    std::vector<int64_t> numbers = numbersIn(request.body);
    std::lock_guard<std::mutex> lock(mutex);
    for (size_t i = 0; i < numbers.size(); ++i) {
      if (numbers[i] == 2 && failing_id.empty()) {
        failing_id = ids[i];  // fail event 2 once
        return FunctionReply{
            200, R"({"batchItemFailures":[{"itemIdentifier":")" + failing_id + R"("}]})"};
      }
    }
    return FunctionReply{};
  });
  auto gateway = startGateway(batchConfig(function,
                                          "    batch: { size: 3, window: 300ms }\n"
                                          "    report_batch_item_failures: true\n"));
  ASSERT_NE(gateway, nullptr);
  for (int n = 1; n <= 3; ++n) {
    post(gateway->port(), R"({"n":)" + std::to_string(n) + "}");
  }
  ASSERT_TRUE(function.waitForCount(2));
  std::vector<ReceivedRequest> requests = function.requests();
  EXPECT_EQ(numbersIn(requests[0].body), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(numbersIn(requests[1].body), (std::vector<int64_t>{2})) << "only event 2 came back";
  EXPECT_EQ(idsOf(requests[1]), std::vector<std::string>{failing_id});
  EXPECT_EQ(requests[1].header("X-Switchyard-Attempt"), "2");
  EXPECT_TRUE(eventually([&] {
    return scrapeMetric(gateway->adminPort(),
                        functionSeries("switchyard_deliveries_succeeded_total", "f")) == 3;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(function.count(), 2u);
}

TEST(Batching, AFailedBatchIsRetriedAndDeadLetteredPerEvent) {
  FunctionServer function([](const ReceivedRequest&, int) { return FunctionReply{500, "no"}; });
  auto gateway = startGateway(batchConfig(function, "    batch: { size: 2, window: 300ms }\n"));
  ASSERT_NE(gateway, nullptr);
  post(gateway->port(), R"({"n":1})");
  post(gateway->port(), R"({"n":2})");
  ASSERT_TRUE(eventually([&] {
    return httpRequest(gateway->adminPort(), "GET", "/v1/dlq/count").body == R"({"count":2})";
  })) << "both events end in the DLQ after max_attempts";
  EXPECT_EQ(function.count(), 3u) << "three attempts of the batch of two";
  for (const ReceivedRequest& request : function.requests()) {
    EXPECT_EQ(numbersIn(request.body), (std::vector<int64_t>{1, 2}));
  }
}

}  // namespace
}  // namespace switchyard::testing
