// Retries, timeouts, dead-lettering and the concurrency limit, through the real binary.
#include <atomic>

#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

std::string oneFunction(const std::string& url, const std::string& function_extra) {
  return serverBlock() + "functions:\n  f: { endpoint: \"" + url + "\", " + function_extra +
         " }\ntriggers:\n  t: { source: { kind: http }, function: f, format: raw }\n";
}

TEST(Retries, FailingAttemptsAreRetriedUntilSuccess) {
  FunctionServer function([](const ReceivedRequest&, int index) {
    return index < 2 ? FunctionReply{503, "busy"} : FunctionReply{};
  });
  auto gateway = startGateway(
      oneFunction(function.url(), "retry: { attempts: 5, backoff: 10ms..50ms, max_age: 1h }"));
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "once").status, 202);
  ASSERT_TRUE(function.waitForCount(3));
  auto requests = function.requests();
  EXPECT_EQ(requests[0].header("x-switchyard-attempt"), "1");
  EXPECT_EQ(requests[1].header("x-switchyard-attempt"), "2");
  EXPECT_EQ(requests[2].header("x-switchyard-attempt"), "3");
  EXPECT_EQ(requests[0].header("x-switchyard-event-id"),
            requests[2].header("x-switchyard-event-id"));
  EXPECT_NE(requests[0].header("traceparent"), requests[1].header("traceparent"))
      << "each attempt is its own span";
  EXPECT_EQ(requests[0].header("traceparent").substr(3, 32),
            requests[1].header("traceparent").substr(3, 32))
      << "one trace for every attempt";
  uint16_t admin = gateway->adminPort();
  ASSERT_TRUE(eventually([&] {
    return scrapeMetric(admin, functionSeries("switchyard_deliveries_succeeded_total", "f")) == 1;
  }));
  EXPECT_EQ(scrapeMetric(admin, functionSeries("switchyard_deliveries_attempted_total", "f")), 3);
  EXPECT_EQ(scrapeMetric(admin, functionSeries("switchyard_deliveries_failed_total", "f")), 2);
  EXPECT_EQ(scrapeMetric(admin, functionSeries("switchyard_deliveries_retried_total", "f")), 2);
  EXPECT_EQ(scrapeMetric(admin, functionSeries("switchyard_deliveries_dead_lettered_total", "f")),
            0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(function.count(), 3u) << "no attempt after the success";
}

TEST(Retries, ExhaustedRetriesAreCountedAndLogged) {
  FunctionServer function([](const ReceivedRequest&, int) { return FunctionReply{500, "down"}; });
  auto gateway =
      startGateway(oneFunction(function.url(), "retry: { attempts: 3, backoff: 5ms..20ms }"));
  ASSERT_NE(gateway, nullptr);
  HttpResponse accepted = httpRequest(gateway->port(), "POST", "/events/t", "doomed");
  ASSERT_EQ(accepted.status, 202);
  uint16_t admin = gateway->adminPort();
  ASSERT_TRUE(eventually([&] {
    return scrapeMetric(admin, functionSeries("switchyard_deliveries_dead_lettered_total", "f")) ==
           1;
  }));
  EXPECT_EQ(function.count(), 3u);
  EXPECT_EQ(scrapeMetric(admin, functionSeries("switchyard_deliveries_outstanding", "f")), 0);
  // The DLQ record names the event, the reason and every attempt.
  std::string id = accepted.body.substr(accepted.body.find(":\"") + 2, 36);
  HttpResponse record = httpRequest(admin, "GET", "/v1/dlq/" + id);
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_NE(record.body.find(R"("reason":"retries_exhausted")"), std::string::npos) << record.body;
  EXPECT_NE(record.body.find(R"("attempt_count":3)"), std::string::npos) << record.body;
  EXPECT_NE(record.body.find(R"("payload":"doomed")"), std::string::npos) << record.body;
}

TEST(Retries, ClientErrorsAreNotRetried) {
  FunctionServer function([](const ReceivedRequest&, int) { return FunctionReply{422, "bad"}; });
  auto gateway =
      startGateway(oneFunction(function.url(), "retry: { attempts: 5, backoff: 5ms..10ms }"));
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "x").status, 202);
  uint16_t admin = gateway->adminPort();
  ASSERT_TRUE(eventually([&] {
    return scrapeMetric(admin, functionSeries("switchyard_deliveries_dead_lettered_total", "f")) ==
           1;
  }));
  EXPECT_EQ(function.count(), 1u);
  EXPECT_EQ(scrapeMetric(admin, functionSeries("switchyard_deliveries_retried_total", "f")), 0);
  HttpResponse records = httpRequest(admin, "GET", "/v1/dlq?function=f");
  EXPECT_NE(records.body.find(R"("reason":"rejected")"), std::string::npos) << records.body;
}

TEST(Retries, TooManyRequestsAndConnectionErrorsAreRetried) {
  std::atomic<int> calls{0};
  FunctionServer function([&](const ReceivedRequest&, int index) {
    ++calls;
    if (index == 0) {
      return FunctionReply{429, "slow down"};
    }
    if (index == 1) {
      FunctionReply reply;
      reply.close_without_answer = true;
      return reply;
    }
    return FunctionReply{};
  });
  auto gateway =
      startGateway(oneFunction(function.url(), "retry: { attempts: 4, backoff: 5ms..20ms }"));
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "x").status, 202);
  uint16_t admin = gateway->adminPort();
  ASSERT_TRUE(eventually([&] {
    return scrapeMetric(admin, functionSeries("switchyard_deliveries_succeeded_total", "f")) == 1;
  }));
  EXPECT_EQ(calls.load(), 3);
}

TEST(Retries, TimeoutsFailTheAttemptAndAreRetried) {
  FunctionServer function([](const ReceivedRequest&, int index) {
    FunctionReply reply;
    reply.delay_ms = index == 0 ? 600 : 0;  // first attempt outlives the 150 ms timeout
    return reply;
  });
  auto gateway = startGateway(
      oneFunction(function.url(), "timeout: 150ms, retry: { attempts: 3, backoff: 5ms..10ms }"));
  ASSERT_NE(gateway, nullptr);
  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "x").status, 202);
  uint16_t admin = gateway->adminPort();
  ASSERT_TRUE(eventually([&] {
    return scrapeMetric(admin, functionSeries("switchyard_deliveries_succeeded_total", "f")) == 1;
  }));
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_LT(elapsed, std::chrono::milliseconds(550))
      << "the retry did not wait for the slow answer";
  EXPECT_EQ(scrapeMetric(admin, functionSeries("switchyard_deliveries_timed_out_total", "f")), 1);
  EXPECT_EQ(function.requests()[1].header("x-switchyard-attempt"), "2");
}

TEST(Concurrency, InFlightDeliveriesNeverExceedTheLimit) {
  FunctionServer function([](const ReceivedRequest&, int) {
    FunctionReply reply;
    reply.delay_ms = 50;
    return reply;
  });
  auto gateway = startGateway(oneFunction(function.url(), "concurrency: 3"));
  ASSERT_NE(gateway, nullptr);
  TestHttpClient client(gateway->port());
  for (int i = 0; i < 24; ++i) {
    ASSERT_EQ(client.request("POST", "/events/t", std::to_string(i)).status, 202);
  }
  ASSERT_TRUE(function.waitForCount(24, std::chrono::seconds(20)));
  EXPECT_EQ(function.maxConcurrent(), 3) << "the limit is reached and never passed";
}

TEST(Backpressure, FullQueueAnswers429WithRetryAfter) {
  FunctionServer function([](const ReceivedRequest&, int) {
    FunctionReply reply;
    reply.delay_ms = 300;
    return reply;
  });
  auto gateway = startGateway(oneFunction(function.url(), "concurrency: 1, queue_limit: 3"));
  ASSERT_NE(gateway, nullptr);
  TestHttpClient client(gateway->port());
  int accepted = 0;
  HttpResponse refused;
  for (int i = 0; i < 6; ++i) {
    HttpResponse response = client.request("POST", "/events/t", std::to_string(i));
    if (response.status == 202) {
      ++accepted;
    } else {
      refused = response;
    }
  }
  EXPECT_EQ(accepted, 3);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.header("retry-after"), "1");
  EXPECT_NE(refused.body.find("backpressure"), std::string::npos);
  EXPECT_EQ(scrapeMetric(gateway->adminPort(),
                         R"(switchyard_events_rejected_total{trigger="t",reason="queue_full"})"),
            3);
  // Every accepted event is still delivered.
  ASSERT_TRUE(function.waitForCount(3));
}

TEST(Backpressure, MemoryBudgetBoundsQueuedBytesAcrossFunctions) {
  FunctionServer function([](const ReceivedRequest&, int) {
    FunctionReply reply;
    reply.delay_ms = 200;
    return reply;
  });
  auto gateway = startGateway(
      serverBlock(2, "  memory_budget: 1MiB\n") + "functions:\n  f: { endpoint: \"" +
      function.url() + "\", concurrency: 1 }\n  g: { endpoint: \"" + function.url() +
      "\", concurrency: 1 }\ntriggers:\n  t: { source: { kind: http }, functions: [f, g], " +
      "format: raw }\n");
  ASSERT_NE(gateway, nullptr);
  TestHttpClient client(gateway->port());
  const std::string payload(100 * 1024, 'x');  // two deliveries of ~100 KiB per event
  int accepted = 0;
  HttpResponse refused;
  for (int i = 0; i < 10 && refused.status == 0; ++i) {
    HttpResponse response = client.request("POST", "/events/t", payload);
    if (response.status == 202) {
      ++accepted;
    } else {
      refused = response;
    }
  }
  EXPECT_EQ(accepted, 5) << "1 MiB holds five events of two ~100 KiB deliveries";
  EXPECT_EQ(refused.status, 429);
  EXPECT_NE(refused.body.find("server.memory_budget"), std::string::npos) << refused.body;
  EXPECT_LE(scrapeMetric(gateway->adminPort(), "switchyard_queued_bytes"), 1024 * 1024);
  ASSERT_TRUE(function.waitForCount(10, std::chrono::seconds(10)));
  ASSERT_TRUE(eventually([&] {
    return scrapeMetric(gateway->adminPort(), "switchyard_queued_bytes") == 0;
  })) << "every ended delivery gave its bytes back";
  EXPECT_EQ(client.request("POST", "/events/t", payload).status, 202) << "room again";
}

}  // namespace
}  // namespace switchyard::testing
