// Process lifecycle and operations: admin endpoints, graceful drain on SIGTERM, the CLI.
#include <signal.h>

#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

std::string slowFunctionConfig(const FunctionServer& function, const std::string& drain) {
  return serverBlock(2, "  drain_timeout: " + drain + "\n") + "functions:\n  f: { endpoint: \"" +
         function.url() + "\", timeout: 10s }\n" +
         "triggers:\n  t: { source: { kind: http }, function: f, format: raw }\n";
}

TEST(Admin, HealthReadinessAndMetricsAreServed) {
  FunctionServer function;
  auto gateway = startGateway(slowFunctionConfig(function, "5s"));
  ASSERT_NE(gateway, nullptr);
  EXPECT_EQ(httpRequest(gateway->adminPort(), "GET", "/healthz").status, 200);
  EXPECT_EQ(httpRequest(gateway->adminPort(), "GET", "/readyz").status, 200);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "x").status, 202);
  ASSERT_TRUE(function.waitForCount(1));
  HttpResponse metrics = httpRequest(gateway->adminPort(), "GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.header("content-type").find("text/plain"), std::string::npos);
  for (const char* family :
       {"# TYPE switchyard_events_received_total counter",
        "# TYPE switchyard_events_rejected_total counter",
        "# TYPE switchyard_deliveries_attempted_total counter",
        "# TYPE switchyard_deliveries_succeeded_total counter",
        "# TYPE switchyard_deliveries_failed_total counter",
        "# TYPE switchyard_deliveries_retried_total counter",
        "# TYPE switchyard_deliveries_in_flight gauge", "# TYPE switchyard_deliveries_queued gauge",
        "# TYPE switchyard_delivery_latency_seconds histogram"}) {
    EXPECT_NE(metrics.body.find(family), std::string::npos) << family;
  }
  EXPECT_TRUE(eventually([&] {
    return scrapeMetric(gateway->adminPort(),
                        R"(switchyard_delivery_latency_seconds_count{function="f"})") == 1;
  }));
  EXPECT_EQ(httpRequest(gateway->adminPort(), "GET", "/nope").status, 404);
}

TEST(Admin, TokenProtectsEverythingButHealthz) {
  FunctionServer function;
  auto gateway = startGateway(serverBlock(1, "  admin_token: s3cret-admin\n") +
                              "functions:\n  f: { endpoint: \"" + function.url() + "\" }\n");
  ASSERT_NE(gateway, nullptr);
  EXPECT_EQ(httpRequest(gateway->adminPort(), "GET", "/healthz").status, 200);
  EXPECT_EQ(httpRequest(gateway->adminPort(), "GET", "/metrics").status, 401);
  EXPECT_EQ(httpRequest(gateway->adminPort(), "GET", "/metrics", "",
                        {{"Authorization", "Bearer s3cret-admin"}})
                .status,
            200);
  EXPECT_EQ(gateway->log().find("s3cret-admin"), std::string::npos) << "secrets never logged";
}

TEST(Ingest, TokenIsRequiredWhenConfigured) {
  FunctionServer function;
  auto gateway = startGateway(serverBlock(1, "  ingest_token: in-token\n") +
                              "functions:\n  f: { endpoint: \"" + function.url() + "\" }\n" +
                              "triggers:\n  t: { source: { kind: http }, function: f }\n");
  ASSERT_NE(gateway, nullptr);
  EXPECT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "x").status, 401);
  EXPECT_EQ(
      httpRequest(gateway->port(), "POST", "/events/t", "x", {{"Authorization", "Bearer wrong"}})
          .status,
      401);
  EXPECT_EQ(
      httpRequest(gateway->port(), "POST", "/events/t", "x", {{"Authorization", "Bearer in-token"}})
          .status,
      202);
  EXPECT_EQ(
      httpRequest(gateway->port(), "POST", "/2015-03-31/functions/f/invocations", "{}").status,
      401);
}

TEST(Drain, SigtermLetsInFlightDeliveriesFinishThenExitsCleanly) {
  FunctionServer function([](const ReceivedRequest&, int) {
    FunctionReply reply;
    reply.delay_ms = 400;
    return reply;
  });
  auto gateway = startGateway(slowFunctionConfig(function, "5s"));
  ASSERT_NE(gateway, nullptr);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", std::to_string(i)).status, 202);
  }
  ASSERT_TRUE(function.waitForCount(3));
  EXPECT_EQ(gateway->stop(SIGTERM), 0);
  EXPECT_NE(gateway->log().find("Draining"), std::string::npos);
  EXPECT_NE(gateway->log().find("every accepted event reached its end"), std::string::npos)
      << gateway->log();
}

TEST(Drain, DeadlineReportsWhatWasLeftAndExitsWithStatus2) {
  FunctionServer function([](const ReceivedRequest&, int) {
    FunctionReply reply;
    reply.delay_ms = 3000;
    return reply;
  });
  auto gateway = startGateway(slowFunctionConfig(function, "200ms"));
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "slow").status, 202);
  ASSERT_TRUE(function.waitForCount(1));
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(gateway->stop(SIGTERM), 2);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  std::string log = gateway->log();
  EXPECT_NE(log.find("Drain deadline reached"), std::string::npos) << log;
  EXPECT_NE(log.find("function=f outstanding=1 in_flight=1"), std::string::npos) << log;
  EXPECT_NE(log.find("dlq_records_written=1"), std::string::npos) << log;
  // Nothing accepted is lost: the unfinished delivery is in the DLQ, readable after exit.
  CommandResult listed = runSwitchyard({"dlq", "list", "-c", gateway->configPath(), "--json"});
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find(R"("reason":"shutdown")"), std::string::npos) << listed.output;
}

TEST(Drain, NewConnectionsAreRefusedAndIdleOnesClosedWhileDraining) {
  FunctionServer function([](const ReceivedRequest&, int) {
    FunctionReply reply;
    reply.delay_ms = 800;
    return reply;
  });
  auto gateway = startGateway(slowFunctionConfig(function, "5s"));
  ASSERT_NE(gateway, nullptr);
  TestHttpClient idle(gateway->port());
  ASSERT_EQ(idle.request("POST", "/events/t", "first").status, 202);
  ASSERT_TRUE(function.waitForCount(1));
  ::kill(gateway->pid(), SIGTERM);
  ASSERT_TRUE(gateway->waitForLog("Draining"));
  EXPECT_TRUE(idle.peerClosed(2000)) << "idle keep-alive connections are closed";
  EXPECT_TRUE(eventually([&] {
    return httpRequest(gateway->port(), "POST", "/events/t", "late").status == 0;
  })) << "the listener no longer accepts";
  EXPECT_EQ(httpRequest(gateway->adminPort(), "GET", "/readyz").status, 503);
  // Signal 0 only waits: a second SIGTERM would cut the drain short.
  EXPECT_EQ(gateway->stop(0, std::chrono::seconds(10)), 0)
      << "the in-flight delivery finished before exit";
  EXPECT_EQ(function.count(), 1u);
}

TEST(Cli, VersionAndHelpAnswer) {
  CommandResult version = runSwitchyard({"version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find("switchyard "), std::string::npos);
  for (const char* command : {"run", "validate", "sink", "version"}) {
    CommandResult help = runSwitchyard({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.output.find("Usage: switchyard"), std::string::npos) << command;
  }
  CommandResult unknown = runSwitchyard({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("unknown command"), std::string::npos);
}

TEST(Cli, ValidateAcceptsTheExampleConfig) {
  CommandResult result = runSwitchyard(
      {"validate", "-c", std::string(SWITCHYARD_SOURCE_DIR) + "/config/switchyard.yaml"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("OK"), std::string::npos);
}

TEST(Cli, ValidateReportsFileLineColumnForEachKindOfError) {
  struct Case {
    const char* yaml;
    const char* expected;  // substring after the file path
  };
  const Case cases[] = {
      {"functions:\n  f: { endpoint: \"http://127.0.0.1:1/\", timout: 3s }\n",
       ":2:41: functions.f.timout: unknown key \"timout\", did you mean \"timeout\"?"},
      {"functions:\n  f: { endpoint: \"http://127.0.0.1:1/\" }\ntriggers:\n"
       "  t: { source: { kind: http }, function: g }\n",
       ":4:42: triggers.t.function: no function named \"g\" (defined: f)"},
      {"functions:\n  f: { endpoint: \"http://127.0.0.1:1/\" }\ntriggers:\n"
       "  t: { source: { kind: carrier-pigeon }, function: f }\n",
       ":4:24: triggers.t.source.kind: no connector of kind \"carrier-pigeon\""},
      {"functions:\n  f: { endpoint: \"http://127.0.0.1:1/\" }\ntriggers:\n"
       "  t:\n    source: { kind: http }\n    function: f\n    filter: { price: [{ numeric: "
       "[\">\", "
       "\"abc\"] }] }\n",
       ":7:"},
  };
  for (const Case& c : cases) {
    std::string path = writeTempFile("bad.yaml", c.yaml);
    CommandResult result = runSwitchyard({"validate", "-c", path});
    EXPECT_EQ(result.exit_code, 2) << c.yaml;
    EXPECT_NE(result.output.find(path + c.expected), std::string::npos)
        << "expected \"" << c.expected << "\" in: " << result.output;
  }
}

TEST(Cli, RunFailsClearlyWhenThePortIsTaken) {
  FunctionServer occupier;  // listens on 127.0.0.1:<port>
  CommandResult result = runSwitchyard(
      {"run", "-c",
       writeTempFile("taken.yaml",
                     "server: { listen: 127.0.0.1:" + std::to_string(occupier.port()) +
                         ", admin: 127.0.0.1:0 }\nstore: { dlq: none }\n")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("server.listen: cannot listen on 127.0.0.1:"), std::string::npos)
      << result.output;
}

}  // namespace
}  // namespace switchyard::testing
