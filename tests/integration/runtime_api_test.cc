// Lambda handlers run unchanged: the real aws-lambda-ric (npm) and a curl `bootstrap` script pull
// work from Switchyard's Runtime API; Switchyard starts, supervises and replaces the runtimes.
#include <simdjson.h>

#include <algorithm>
#include <future>

#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

const std::string kSource = SWITCHYARD_SOURCE_DIR;
const std::string kRic = kSource + "/tests/npm/node_modules/.bin/aws-lambda-ric";
const std::string kHandlers = kSource + "/tests/integration/lambda";

// A runtime-api function running `handler` (aws-lambda-ric 3.x reads the handler from its
// arguments, 4.x from _HANDLER; Switchyard sets _HANDLER, the command passes both).
std::string nodeFunction(const std::string& name, const std::string& handler,
                         const std::string& extra = "") {
  return "  " + name + ":\n    kind: runtime-api\n    command: [\"" + kRic + "\", " + handler +
         "]\n    handler: " + handler + "\n    workdir: \"" + kHandlers + "\"\n" + extra;
}

HttpResponse invoke(uint16_t port, const std::string& function, const std::string& payload,
                    const std::string& type = "RequestResponse") {
  return httpRequest(port, "POST", "/2015-03-31/functions/" + function + "/invocations", payload,
                     {{"X-Amz-Invocation-Type", type}});
}

simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element element;
  EXPECT_EQ(parser.parse(json).get(element), simdjson::SUCCESS) << json;
  return element;
}

TEST(RuntimeApi, AwsLambdaRicHandlerAnswersSynchronousInvokes) {
  ASSERT_EQ(::access(kRic.c_str(), X_OK), 0) << kRic << " missing: run scripts/setup.sh --test";
  auto gateway = startGateway(serverBlock() + "functions:\n" +
                              nodeFunction("echo", "index.echo", "    timeout: 5s\n"));
  ASSERT_NE(gateway, nullptr);
  HttpResponse response = invoke(gateway->port(), "echo", R"({"n":1,"msg":"hello"})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.header("x-amz-function-error"), "");
  simdjson::dom::parser parser;
  simdjson::dom::element result = parse(parser, response.body);
  EXPECT_EQ(simdjson::minify(result["echo"]), R"({"n":1,"msg":"hello"})");
  EXPECT_EQ(result["requestId"].get_string().value(), response.header("x-amzn-requestid"));
  EXPECT_EQ(result["functionName"].get_string().value(), "echo");
  EXPECT_EQ(result["arn"].get_string().value(),
            "arn:aws:lambda:us-east-1:000000000000:function:echo");
  int64_t remaining = result["remainingMs"].get_int64().value();
  EXPECT_GT(remaining, 3000) << "the deadline header carries the 5 s timeout";
  EXPECT_LE(remaining, 5000);
  EXPECT_TRUE(gateway->waitForLog("function{function=echo instance=0 request_id="))
      << "runtime output is logged with its request id";
}

TEST(RuntimeApi, ThrownErrorComesBackAsUnhandledWithTypeAndMessage) {
  auto gateway = startGateway(serverBlock() + "functions:\n" + nodeFunction("fail", "index.fail"));
  ASSERT_NE(gateway, nullptr);
  HttpResponse response = invoke(gateway->port(), "fail", R"({"n":7})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.header("x-amz-function-error"), "Unhandled");
  simdjson::dom::parser parser;
  simdjson::dom::element error = parse(parser, response.body);
  EXPECT_EQ(error["errorType"].get_string().value(), "TypeError");
  EXPECT_EQ(error["errorMessage"].get_string().value(), "boom 7");
}

TEST(RuntimeApi, AsyncInvokeIsRetriedByPolicy) {
  std::string flaky_dir = freshDataDir();
  auto gateway = startGateway(
      serverBlock() + "functions:\n" +
      nodeFunction("flaky", "index.flaky",
                   "    retry: { attempts: 3, backoff: 10ms..50ms }\n    env: { FLAKY_DIR: \"" +
                       flaky_dir + "\" }\n"));
  ASSERT_NE(gateway, nullptr);
  EXPECT_EQ(invoke(gateway->port(), "flaky", "{}", "Event").status, 202);
  uint16_t admin = gateway->adminPort();
  EXPECT_TRUE(eventually([&] {
    return scrapeMetric(admin, functionSeries("switchyard_deliveries_succeeded_total", "flaky")) ==
           1;
  })) << gateway->log();
  EXPECT_EQ(scrapeMetric(admin, functionSeries("switchyard_deliveries_failed_total", "flaky")), 1);
  EXPECT_EQ(scrapeMetric(admin, functionSeries("switchyard_deliveries_retried_total", "flaky")), 1);
}

TEST(RuntimeApi, TimedOutHandlerIsKilledAndReplacedAndTheNextInvokeWorks) {
  auto gateway = startGateway(serverBlock() + "functions:\n" +
                              nodeFunction("slow", "index.slow", "    timeout: 700ms\n"));
  ASSERT_NE(gateway, nullptr);
  HttpResponse first = invoke(gateway->port(), "slow", R"({"ms":50})");
  ASSERT_EQ(first.status, 200) << first.body;
  simdjson::dom::parser parser;
  int64_t first_pid = parse(parser, first.body)["pid"].get_int64().value();

  HttpResponse timed_out = invoke(gateway->port(), "slow", R"({"ms":5000})");
  EXPECT_EQ(timed_out.status, 200);
  EXPECT_EQ(timed_out.header("x-amz-function-error"), "Unhandled");
  EXPECT_NE(timed_out.body.find("Task timed out after 0.70 seconds"), std::string::npos)
      << timed_out.body;
  EXPECT_TRUE(gateway->waitForLog("Invocation timed out; replacing its runtime."));

  HttpResponse after = invoke(gateway->port(), "slow", R"({"ms":10})");
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_NE(parse(parser, after.body)["pid"].get_int64().value(), first_pid)
      << "a fresh runtime process";
}

TEST(RuntimeApi, CrashedRuntimeIsRestarted) {
  auto gateway =
      startGateway(serverBlock() + "functions:\n" + nodeFunction("crash", "index.crash") +
                   nodeFunction("echo", "index.echo"));
  ASSERT_NE(gateway, nullptr);
  HttpResponse crashed = invoke(gateway->port(), "crash", "{}");
  EXPECT_EQ(crashed.status, 200);
  EXPECT_EQ(crashed.header("x-amz-function-error"), "Unhandled");
  EXPECT_NE(crashed.body.find("Runtime.ExitError"), std::string::npos) << crashed.body;
  EXPECT_NE(crashed.body.find("exit status 3"), std::string::npos) << crashed.body;
  EXPECT_TRUE(gateway->waitForLog("Runtime exited; restarting it."));
  // The restarted runtime serves again (it crashes again, but it answers).
  HttpResponse again = invoke(gateway->port(), "crash", "{}");
  EXPECT_NE(again.body.find("Runtime.ExitError"), std::string::npos) << again.body;
}

TEST(RuntimeApi, FourInstancesRunFourInvocationsConcurrently) {
  auto gateway = startGateway(serverBlock() + "functions:\n" +
                              nodeFunction("slow", "index.slow", "    instances: 4\n"));
  ASSERT_NE(gateway, nullptr);
  // Warm every runtime first, so start-up does not blur the overlap.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::vector<std::future<HttpResponse>> calls;
  for (int i = 0; i < 8; ++i) {
    calls.push_back(std::async(std::launch::async,
                               [&] { return invoke(gateway->port(), "slow", R"({"ms":400})"); }));
  }
  std::vector<std::pair<int64_t, int64_t>> spans;
  std::set<int64_t> pids;
  simdjson::dom::parser parser;
  for (auto& call : calls) {
    HttpResponse response = call.get();
    ASSERT_EQ(response.status, 200) << response.body;
    simdjson::dom::element result = parse(parser, response.body);
    spans.emplace_back(result["started"].get_int64().value(),
                       result["finished"].get_int64().value());
    pids.insert(result["pid"].get_int64().value());
  }
  // The most handlers running at one moment, measured from their own clocks.
  int most = 0;
  for (const auto& [start, end] : spans) {
    int overlapping = 0;
    for (const auto& [other_start, other_end] : spans) {
      overlapping += other_start <= start && start < other_end ? 1 : 0;
    }
    most = std::max(most, overlapping);
  }
  EXPECT_EQ(most, 4) << "4 instances: 4 at once, never more";
  EXPECT_EQ(pids.size(), 4u);
}

TEST(RuntimeApi, ShellBootstrapFromLambdasTutorialWorksUnchanged) {
  auto gateway = startGateway(serverBlock() + R"(
functions:
  bash-echo:
    kind: runtime-api
    command: [./bootstrap]
    handler: function.handler
    workdir: ")" + kSource + R"(/config/functions/bash-echo"
triggers:
  hook: { source: { kind: http }, function: bash-echo, format: raw }
)");
  ASSERT_NE(gateway, nullptr);
  HttpResponse response = invoke(gateway->port(), "bash-echo", R"({"from":"invoke"})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, R"({"echo":{"from":"invoke"}})");
  // A webhook event reaches the same runtime asynchronously.
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/hook", R"({"from":"hook"})").status, 202);
  EXPECT_TRUE(gateway->waitForLog(R"(handling {"from":"hook"})"));
}

TEST(RuntimeApi, ExternalRuntimesConnectToAFixedAddress) {
  uint16_t port = freePort();
  auto gateway = startGateway(serverBlock() + "functions:\n  ext:\n    kind: runtime-api\n" +
                              "    runtime_api: 127.0.0.1:" + std::to_string(port) + "\n");
  ASSERT_NE(gateway, nullptr);
  auto pending =
      std::async(std::launch::async, [&] { return invoke(gateway->port(), "ext", R"({"x":1})"); });
  // Play the runtime by hand: long-poll /next, answer.
  HttpResponse next = httpRequest(port, "GET", "/2018-06-01/runtime/invocation/next");
  ASSERT_EQ(next.status, 200);
  EXPECT_EQ(next.body, R"({"x":1})");
  EXPECT_EQ(next.header("content-type"), "application/json");
  std::string id = next.header("lambda-runtime-aws-request-id");
  ASSERT_EQ(id.size(), 36u);
  EXPECT_FALSE(next.header("lambda-runtime-deadline-ms").empty());
  EXPECT_EQ(next.header("lambda-runtime-trace-id").substr(0, 7), "Root=1-");
  HttpResponse posted = httpRequest(
      port, "POST", "/2018-06-01/runtime/invocation/" + id + "/response", R"({"handled":true})");
  EXPECT_EQ(posted.status, 202);
  HttpResponse answer = pending.get();
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, R"({"handled":true})");
  EXPECT_EQ(httpRequest(port, "POST", "/2018-06-01/runtime/invocation/nope/response", "{}").status,
            400)
      << "unknown request ids are refused";
}

}  // namespace
}  // namespace switchyard::testing
