// `switchyard bench` and `switchyard sink` end to end: the real gateway delivering to a real sink
// (child processes on loopback), loaded by the real bench binary, and its HTML report rendered by
// headless Chromium.
#include <simdjson.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/integration/integration_util.h"
#include "tests/support/sink_process.h"

namespace switchyard::testing {
namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

std::unique_ptr<SinkProcess> startSink(const std::vector<std::string>& args = {}) {
  std::string failure;
  auto sink = SinkProcess::start(args, &failure);
  EXPECT_NE(sink, nullptr) << failure;
  return sink;
}

std::string gatewayConfig(const SinkProcess& sink, const std::string& function_extra = "",
                          const std::string& endpoint_path = "/") {
  return serverBlock(2) + R"(
functions:
  f: { endpoint: ")" +
         sink.url(endpoint_path) + "\", concurrency: 64" + function_extra + R"( }
triggers:
  hook: { source: { kind: http }, function: f, format: raw }
)";
}

// The JSON report from bench's output (the live line and notes go to stderr, with --quiet only
// the "HTML report" note).
struct BenchRun {
  int exit_code = -1;
  std::string output;
  std::string json;
};

BenchRun runBench(const std::vector<std::string>& args) {
  CommandResult result = runSwitchyard(args);
  BenchRun run{result.exit_code, result.output, {}};
  std::istringstream lines(result.output);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("{\"target\"")) {
      run.json = line;
    }
  }
  return run;
}

uint64_t number(simdjson::dom::element root, const char* pointer) {
  uint64_t value = 0;
  EXPECT_EQ(root.at_pointer(pointer).get_uint64().get(value), simdjson::SUCCESS) << pointer;
  return value;
}

std::string readFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

size_t occurrences(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// The DOM after the page's scripts ran (flags from /work/shared/wire/test-servers.md §8).
std::string renderedDom(const std::string& html_path) {
  std::string profile = freshDataDir();  // removed at exit
  std::string dom_path = html_path + ".dom";
  std::string command = std::string("timeout 60 ") + kChromium +
                        " --headless --no-sandbox --disable-gpu --disable-background-networking"
                        " --disable-component-update --disable-sync --no-first-run"
                        " --user-data-dir=" +
                        profile + " --virtual-time-budget=2000 --dump-dom file://" + html_path +
                        " > " + dom_path + " 2>/dev/null";
  int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << command;
  return readFile(dom_path);
}

TEST(Bench, WebhookRunMatchesTheSinkAndItsHtmlReportRendersCharts) {
  auto sink = startSink();
  ASSERT_NE(sink, nullptr);
  auto gateway = startGateway(gatewayConfig(*sink));
  ASSERT_NE(gateway, nullptr);
  std::string html = writeTempFile("report.html", "");
  BenchRun run = runBench({"bench", "--url",
                           "http://127.0.0.1:" + std::to_string(gateway->port()) + "/events/hook",
                           "--count", "2000", "--rate", "1000/s", "--sink", sink->url(), "--json",
                           "--quiet", "--html", html});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  ASSERT_EQ(parser.parse(run.json).get(report), simdjson::SUCCESS) << run.output;
  EXPECT_EQ(number(report, "/totals/sent"), 2000u);
  EXPECT_EQ(number(report, "/totals/accepted"), 2000u);
  EXPECT_EQ(number(report, "/totals/errors"), 0u);
  EXPECT_EQ(number(report, "/totals/accepted_ids"), 2000u);
  EXPECT_EQ(number(report, "/sink/expected"), 2000u);
  EXPECT_EQ(number(report, "/sink/delivered"), 2000u);
  EXPECT_EQ(number(report, "/sink/missing"), 0u);
  EXPECT_EQ(number(report, "/sink/duplicates"), 0u);
  EXPECT_EQ(number(report, "/sink/unexpected"), 0u);
  EXPECT_EQ(number(report, "/sink/end_to_end_us/count"), 2000u);
  EXPECT_GT(number(report, "/latency_us/p50"), 0u);
  EXPECT_LE(number(report, "/latency_us/p50"), number(report, "/latency_us/p99"));
  simdjson::dom::array series;
  ASSERT_EQ(report["series"].get(series), simdjson::SUCCESS);
  EXPECT_GE(series.size(), 2u);
  double rate = 0;
  ASSERT_EQ(report.at_pointer("/rates/sent_per_s").get_double().get(rate), simdjson::SUCCESS);
  EXPECT_NEAR(rate, 1000, 100);

  // The sink's own counts are the report's.
  HttpResponse stats = httpRequest(sink->port(), "GET", "/_sink/stats");
  simdjson::dom::element sink_stats;
  ASSERT_EQ(parser.parse(stats.body).get(sink_stats), simdjson::SUCCESS) << stats.body;
  EXPECT_EQ(number(sink_stats, "/unique"), 2000u);
  EXPECT_EQ(number(sink_stats, "/duplicates"), 0u);
  EXPECT_EQ(number(sink_stats, "/received"), 2000u);

  ASSERT_TRUE(std::ifstream(kChromium).good())
      << "headless Chromium is needed: apt-get install chromium (scripts/setup.sh does)";
  std::string dom = renderedDom(html);
  EXPECT_EQ(occurrences(dom, "data-drawn=\"true\""), 3u) << dom.substr(0, 2000);
  EXPECT_GE(occurrences(dom, "<path"), 6u);  // axes and lines
  EXPECT_GE(occurrences(dom, "<rect"), 1u);  // distribution bars
  std::string page = readFile(html);         // self-contained: nothing to fetch
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  EXPECT_EQ(gateway->stop(), 0);
}

TEST(Bench, InvokeTargetReachesTheSinkOnTheRieInvokePath) {
  auto sink = startSink();
  ASSERT_NE(sink, nullptr);
  auto gateway = startGateway(
      gatewayConfig(*sink, ", kind: lambda", "/2015-03-31/functions/function/invocations"));
  ASSERT_NE(gateway, nullptr);
  BenchRun run = runBench({"bench", "--target", "invoke", "--url",
                           "http://127.0.0.1:" + std::to_string(gateway->port()) +
                               "/2015-03-31/functions/f/invocations",
                           "--count", "300", "--connections", "4", "--sink", sink->url(), "--json",
                           "--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  ASSERT_EQ(parser.parse(run.json).get(report), simdjson::SUCCESS) << run.output;
  EXPECT_EQ(number(report, "/totals/accepted"), 300u);
  EXPECT_EQ(number(report, "/totals/accepted_ids"), 300u);  // from x-amzn-RequestId
  EXPECT_EQ(number(report, "/sink/delivered"), 300u);
  EXPECT_EQ(number(report, "/sink/missing"), 0u);
  EXPECT_EQ(gateway->stop(), 0);
}

TEST(Bench, SqsTargetSendsBatchesOfTenAndTheSinkCountsEveryRecord) {
  // SendMessageBatch → queue → sqs trigger (batches of up to 10) → sink, which counts each
  // record's messageId: the MessageIds SendMessageBatch answered.
  auto sink = startSink();
  ASSERT_NE(sink, nullptr);
  auto gateway = startGateway(serverBlock(2) + "functions:\n  f: { endpoint: \"" + sink->url("/") +
                              "\", concurrency: 16 }\nqueues:\n  orders: {}\n"
                              "triggers:\n  orders:\n    source: { kind: sqs, queue: orders }\n"
                              "    function: f\n    batch: { size: 10 }\n");
  ASSERT_NE(gateway, nullptr);
  BenchRun run = runBench(
      {"bench", "--target", "sqs", "--url",
       "http://127.0.0.1:" + std::to_string(gateway->port()) + "/000000000000/orders", "--count",
       "150", "--connections", "4", "--sink", sink->url(), "--json", "--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  ASSERT_EQ(parser.parse(run.json).get(report), simdjson::SUCCESS) << run.output;
  EXPECT_EQ(number(report, "/events_per_request"), 10u);
  EXPECT_EQ(number(report, "/totals/sent"), 150u);  // requests
  EXPECT_EQ(number(report, "/totals/accepted"), 1500u);
  EXPECT_EQ(number(report, "/totals/errors"), 0u);
  EXPECT_EQ(number(report, "/totals/accepted_ids"), 1500u);
  EXPECT_EQ(number(report, "/sink/expected"), 1500u);
  EXPECT_EQ(number(report, "/sink/delivered"), 1500u);
  EXPECT_EQ(number(report, "/sink/missing"), 0u);
  EXPECT_EQ(number(report, "/sink/duplicates"), 0u);
  EXPECT_EQ(number(report, "/sink/unexpected"), 0u);
  EXPECT_EQ(number(report, "/sink/end_to_end_us/count"), 1500u);
  // Fewer requests than events reached the sink: they came in batches.
  EXPECT_LT(number(report, "/sink/received"), 1500u);
  EXPECT_GE(number(report, "/sink/received"), 150u);
  EXPECT_EQ(gateway->stop(), 0);
}

TEST(Bench, BatchedWebhookDeliveriesCountEveryEventAtTheSink) {
  // batch: { size: 10 } on an http trigger: one delivery carries up to 10 events and
  // X-Switchyard-Event-Id lists them all; the sink counts each.
  auto sink = startSink();
  ASSERT_NE(sink, nullptr);
  auto gateway = startGateway(serverBlock(1) + "functions:\n  f: { endpoint: \"" + sink->url("/") +
                              "\", concurrency: 4 }\ntriggers:\n  hook:\n"
                              "    source: { kind: http }\n    function: f\n    format: raw\n"
                              "    batch: { size: 10, window: 20ms }\n");
  ASSERT_NE(gateway, nullptr);
  BenchRun run = runBench(
      {"bench", "--url", "http://127.0.0.1:" + std::to_string(gateway->port()) + "/events/hook",
       "--count", "1000", "--connections", "16", "--sink", sink->url(), "--json", "--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  ASSERT_EQ(parser.parse(run.json).get(report), simdjson::SUCCESS) << run.output;
  EXPECT_EQ(number(report, "/sink/expected"), 1000u);
  EXPECT_EQ(number(report, "/sink/delivered"), 1000u);
  EXPECT_EQ(number(report, "/sink/missing"), 0u);
  EXPECT_EQ(number(report, "/sink/duplicates"), 0u);
  EXPECT_EQ(number(report, "/sink/end_to_end_us/count"), 1000u);
  EXPECT_LT(number(report, "/sink/received"), 1000u);  // batches
  EXPECT_EQ(gateway->stop(), 0);
}

TEST(Bench, SqsTargetWithoutAQueueUrlIsABadOption) {
  BenchRun run =
      runBench({"bench", "--target", "sqs", "--url", "http://127.0.0.1:1/", "--count", "1"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("queue URL"), std::string::npos) << run.output;
}

TEST(Bench, RetriedTimeoutsAndFailuresStillDeliverEveryEventOnce) {
  // The sink holds 30% of requests unanswered and fails 20%: the gateway times out or gets a
  // 500 and retries, and in the end each event was delivered exactly once.
  auto sink = startSink({"--timeout-rate", "0.3", "--fail-rate", "0.2", "--seed", "7"});
  ASSERT_NE(sink, nullptr);
  auto gateway = startGateway(
      gatewayConfig(*sink, ", timeout: 200ms, retry: { attempts: 20, backoff: 5ms..20ms }"));
  ASSERT_NE(gateway, nullptr);
  BenchRun run = runBench({"bench", "--url",
                           "http://127.0.0.1:" + std::to_string(gateway->port()) + "/events/hook",
                           "--count", "200", "--rate", "400/s", "--sink", sink->url(), "--json",
                           "--quiet", "--drain", "20s"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  ASSERT_EQ(parser.parse(run.json).get(report), simdjson::SUCCESS) << run.output;
  EXPECT_EQ(number(report, "/sink/delivered"), 200u);
  EXPECT_EQ(number(report, "/sink/missing"), 0u);
  EXPECT_EQ(number(report, "/sink/duplicates"), 0u);
  EXPECT_GT(number(report, "/sink/received"), 250u);  // the retries
  HttpResponse stats = httpRequest(sink->port(), "GET", "/_sink/stats?series=0");
  simdjson::dom::element sink_stats;
  ASSERT_EQ(parser.parse(stats.body).get(sink_stats), simdjson::SUCCESS) << stats.body;
  EXPECT_GT(number(sink_stats, "/held"), 0u);
  EXPECT_GT(number(sink_stats, "/failed_answers"), 0u);
  EXPECT_EQ(number(sink_stats, "/unique"), 200u);
}

TEST(Bench, EventsThatNeverArriveMakeItFail) {
  // Every delivery fails and is not retried: all accepted events are missing at the sink.
  auto sink = startSink({"--status", "500"});
  ASSERT_NE(sink, nullptr);
  auto gateway = startGateway(gatewayConfig(*sink, ", retry: { attempts: 1 }"));
  ASSERT_NE(gateway, nullptr);
  BenchRun run = runBench(
      {"bench", "--url", "http://127.0.0.1:" + std::to_string(gateway->port()) + "/events/hook",
       "--count", "50", "--connections", "2", "--sink", sink->url(), "--drain", "3s", "--quiet"});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("missing 50"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("MISSING, e.g.:"), std::string::npos) << run.output;
}

TEST(Bench, UnreachableSinkAndBadOptionsAreReported) {
  BenchRun no_url = runBench({"bench", "--rate", "10/s"});
  EXPECT_EQ(no_url.exit_code, 2);
  EXPECT_NE(no_url.output.find("--url is required"), std::string::npos) << no_url.output;
  BenchRun bad_rate = runBench({"bench", "--url", "http://127.0.0.1:1/events/x", "--rate", "fast"});
  EXPECT_EQ(bad_rate.exit_code, 2);
  EXPECT_NE(bad_rate.output.find("--rate"), std::string::npos) << bad_rate.output;
  BenchRun bad_body = runBench(
      {"bench", "--url", "http://127.0.0.1:1/events/x", "--body", "{{nope}}", "--count", "1"});
  EXPECT_EQ(bad_body.exit_code, 2);
  EXPECT_NE(bad_body.output.find("{{nope}}"), std::string::npos) << bad_body.output;
  BenchRun no_sink = runBench({"bench", "--url", "http://127.0.0.1:1/events/x", "--count", "1",
                               "--sink", "http://127.0.0.1:" + std::to_string(freePort())});
  EXPECT_EQ(no_sink.exit_code, 1);
  EXPECT_NE(no_sink.output.find("cannot reset the sink"), std::string::npos) << no_sink.output;
}

TEST(Bench, HelpAnswersEveryOption) {
  CommandResult bench = runSwitchyard({"bench", "--help"});
  EXPECT_EQ(bench.exit_code, 0);
  for (const char* option :
       {"--url", "--target", "--rate", "--connections", "--threads", "--duration", "--count",
        "--warmup", "--timeout", "--body", "--body-file", "--token", "--sink", "--drain", "--json",
        "--html", "--quiet", "--seed"}) {
    EXPECT_NE(bench.output.find(option), std::string::npos) << option;
  }
  CommandResult sink = runSwitchyard({"sink", "--help"});
  EXPECT_EQ(sink.exit_code, 0);
  for (const char* text :
       {"--timeout-rate", "--fail-rate", "--latency", "--ready-file", "/_sink/stats",
        "/_sink/reconcile", "/_sink/reset", "/2015-03-31/functions/function/invocations"}) {
    EXPECT_NE(sink.output.find(text), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace switchyard::testing
