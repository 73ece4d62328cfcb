#include "gateway/bench/bench_worker.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/gateway/bench/worker_harness.h"
#include "tests/integration/integration_util.h"
#include "tests/support/function_server.h"

namespace switchyard::bench {
namespace {

using switchyard::testing::FunctionReply;
using switchyard::testing::FunctionServer;
using switchyard::testing::ReceivedRequest;
using testing::runWorker;
using Transport = IntervalStats::Transport;

FunctionServer::Handler slowHandler(int delay_ms) {
  return [delay_ms](const ReceivedRequest&, int) {
    FunctionReply reply(202, R"({"deliveries":1})");
    reply.delay_ms = delay_ms;
    return reply;
  };
}

TEST(BenchWorker, OpenLoopLatencyCountsTheBacklogNotJustTheServiceTime) {
  // The server takes 10 ms per request on the one connection allowed: at most 100/s. Asked for
  // 200/s, request k is due at 5k ms but answered near 10k ms. Measured from the send, every
  // request would look like 10 ms (coordinated omission); measured from when it was due, the
  // latency grows with the queue to about half a second.
  FunctionServer server(slowHandler(10));
  WorkerPlan plan = testing::planFor(server.url("/events/hook"), 200, 1, 100);
  testing::WorkerRun run = runWorker(plan);
  EXPECT_EQ(run.total.sent, 100u);
  EXPECT_EQ(run.total.accepted, 100u);
  EXPECT_EQ(run.total.errors(), 0u);
  int64_t service_p50 = run.total.service.percentile(50);
  EXPECT_GE(service_p50, 9'000);
  EXPECT_LT(service_p50, 60'000);
  EXPECT_LT(run.total.latency.min(), 60'000);  // the first request did not wait
  EXPECT_GT(run.total.latency.percentile(50), 150'000);
  EXPECT_GT(run.total.latency.max(), 350'000);
  EXPECT_GT(run.total.latency.percentile(99), 10 * service_p50);
}

TEST(BenchWorker, ClosedLoopLatencyIsTheServiceTime) {
  FunctionServer server(slowHandler(10));
  WorkerPlan plan = testing::planFor(server.url("/events/hook"), 0, 1, 30);
  testing::WorkerRun run = runWorker(plan);
  EXPECT_EQ(run.total.sent, 30u);
  EXPECT_EQ(run.total.accepted, 30u);
  EXPECT_LT(run.total.latency.percentile(99), 60'000);
  EXPECT_GE(run.total.latency.percentile(50), 9'000);
}

TEST(BenchWorker, OpenLoopKeepsTheScheduleWhenTheServerKeepsUp) {
  FunctionServer server;
  WorkerPlan plan = testing::planFor(server.url("/events/hook"), 500, 8, 250);
  testing::WorkerRun run = runWorker(plan);
  EXPECT_EQ(run.total.sent, 250u);
  EXPECT_EQ(run.total.accepted, 250u);
  EXPECT_EQ(server.count(), 250u);
  // The last request is due 498 ms after the start: not sooner, and not much later.
  EXPECT_GE(run.wall_seconds, 0.49);
  EXPECT_LT(run.wall_seconds, 3.0);
  EXPECT_EQ(run.total.unsent, 0u);
}

TEST(BenchWorker, DurationBoundsAnOpenLoopAndWarmupIsNotMeasured) {
  FunctionServer server([](const ReceivedRequest& request, int) {
    // An id per request, the way the webhook answers: bench collects them for the sink.
    std::string seq = request.body.substr(request.body.find("\"seq\":") + 6);
    seq = seq.substr(0, seq.find(','));
    std::string id = "01890a5d-ac96-774b-bcce-" + std::string(12 - seq.size(), '0') + seq;
    return FunctionReply(202, R"({"id":")" + id + R"(","deliveries":1})");
  });
  WorkerPlan plan = testing::planFor(server.url("/events/hook"), 1000, 8, UINT64_MAX);
  plan.measure_start_ns = plan.start_ns + 200'000'000;  // warmup: 200 ms = 200 requests
  plan.first_measured = 200;
  plan.end_ns = plan.measure_start_ns + 300'000'000;
  plan.limit = 500;  // what a 300 ms duration at 1000/s after the warmup allows
  plan.collect_ids = true;
  testing::WorkerRun run = runWorker(plan);
  EXPECT_EQ(run.total.warmup_sent, 200u);
  EXPECT_EQ(run.total.sent, 300u);
  EXPECT_EQ(run.total.accepted, 300u);
  EXPECT_EQ(run.total.latency.count(), 300u);
  EXPECT_EQ(run.ids.ids.size(), 500u);  // the sink must account for warmup events too
  EXPECT_EQ(run.seconds.front(), -1);   // the warmup reports as second -1
}

TEST(BenchWorker, RequestsThatTimeOutAreErrorsAndTheirConnectionIsReplaced) {
  FunctionServer server(slowHandler(1000));
  WorkerPlan plan = testing::planFor(server.url("/events/hook"), 0, 1, 2);
  plan.timeout_ms = 150;
  testing::WorkerRun run = runWorker(plan);
  EXPECT_EQ(run.total.sent, 2u);
  EXPECT_EQ(run.total.failed, 2u);
  EXPECT_EQ(run.total.failed_by_transport[static_cast<size_t>(Transport::kTimeout)], 2u);
  EXPECT_NE(run.total.describeErrors().find("timeout"), std::string::npos);
}

TEST(BenchWorker, RefusedConnectionsAreCountedAndRetriedWithoutSpinning) {
  uint16_t port = switchyard::testing::freePort();
  WorkerPlan plan =
      testing::planFor("http://127.0.0.1:" + std::to_string(port) + "/events/hook", 0, 1, 3);
  testing::WorkerRun run = runWorker(plan);
  EXPECT_EQ(run.total.sent, 3u);
  EXPECT_EQ(run.total.failed_by_transport[static_cast<size_t>(Transport::kConnectFailed)], 3u);
  EXPECT_GE(run.wall_seconds, 0.2);  // 100 ms between attempts
}

TEST(BenchWorker, RejectedAnswersAreCountedByStatus) {
  FunctionServer server([](const ReceivedRequest&, int index) {
    return index % 2 == 0 ? FunctionReply(202, "{}") : FunctionReply(429, R"({"error":"full"})");
  });
  WorkerPlan plan = testing::planFor(server.url("/events/hook"), 0, 1, 10);
  testing::WorkerRun run = runWorker(plan);
  EXPECT_EQ(run.total.accepted, 5u);
  EXPECT_EQ(run.total.rejected, 5u);
  EXPECT_EQ(run.total.rejected_by_status[429 - IntervalStats::kMinStatus], 5u);
  EXPECT_EQ(run.total.describeErrors(),
            "429\xC3\x97"
            "5");
}

}  // namespace
}  // namespace switchyard::bench
