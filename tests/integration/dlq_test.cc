// The dead-letter queue end to end: failed events land in the DLQ with their history; replay
// (online through the admin API, offline on the store) delivers each once and marks it; the store
// survives restarts, kill -9 included.
#include <signal.h>

#include <set>

#include "dispatcher/dlq/dlq_store.h"
#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

struct DlqFixture {
  std::string data_dir = freshDataDir();
  std::string config(const FunctionServer& function, const std::string& extra_functions = "") {
    return serverBlock(2, "", data_dir) + "functions:\n  f: { endpoint: \"" + function.url() +
           "\", retry: { attempts: 2, backoff: 5ms..10ms } }\n" + extra_functions +
           "triggers:\n  t: { source: { kind: http }, function: f, format: raw }\n";
  }
};

CommandResult dlqCli(const GatewayProcess& gateway, std::vector<std::string> args) {
  args.insert(args.begin(), {"dlq"});
  args.insert(args.begin() + 2, {"-c", gateway.configPath()});
  return runSwitchyard(args);
}

size_t countLines(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(Dlq, FailingFunctionFillsTheDlqThenReplayDeliversEachOnceAndMarksIt) {
  std::atomic<bool> healthy{false};
  FunctionServer function([&](const ReceivedRequest&, int) {
    return healthy ? FunctionReply{} : FunctionReply{503, "database unavailable"};
  });
  DlqFixture fixture;
  auto gateway = startGateway(fixture.config(function));
  ASSERT_NE(gateway, nullptr);
  std::set<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    HttpResponse response =
        httpRequest(gateway->port(), "POST", "/events/t", "{\"n\":" + std::to_string(i) + "}");
    ASSERT_EQ(response.status, 202);
    ids.insert(response.body.substr(7, 36));
  }
  uint16_t admin = gateway->adminPort();
  ASSERT_TRUE(eventually([&] {
    return scrapeMetric(admin, functionSeries("switchyard_deliveries_dead_lettered_total", "f")) ==
           5;
  }));

  CommandResult listed = dlqCli(*gateway, {"list", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_EQ(countLines(listed.output, R"("reason":"retries_exhausted")"), 5u) << listed.output;
  EXPECT_EQ(countLines(listed.output, R"("attempt_count":2)"), 5u);
  EXPECT_EQ(countLines(listed.output, R"("last_error":"database unavailable")"), 5u);
  CommandResult shown = dlqCli(*gateway, {"show", *ids.begin()});
  EXPECT_EQ(shown.exit_code, 0);
  EXPECT_NE(shown.output.find("#2"), std::string::npos) << "the attempt timeline: " << shown.output;
  EXPECT_NE(shown.output.find("503"), std::string::npos);

  healthy = true;  // the function is fixed
  size_t before = function.count();
  CommandResult replayed = dlqCli(*gateway, {"replay"});
  EXPECT_EQ(replayed.exit_code, 0) << replayed.output;
  EXPECT_NE(replayed.output.find("5 submitted"), std::string::npos) << replayed.output;
  ASSERT_TRUE(function.waitForCount(before + 5));
  std::set<std::string> delivered;
  auto requests = function.requests();
  for (size_t i = before; i < requests.size(); ++i) {
    delivered.insert(requests[i].header("x-switchyard-event-id"));
  }
  EXPECT_EQ(delivered, ids) << "each original event id exactly once";

  CommandResult again = dlqCli(*gateway, {"replay"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.output.find("Nothing to replay"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("replayed before"), std::string::npos) << again.output;
  EXPECT_EQ(countLines(dlqCli(*gateway, {"list", "--json"}).output, R"("replay_count":1)"), 5u);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(function.count(), before + 5) << "no second delivery";
}

TEST(Dlq, ReplayToRedirectsAndForceReplaysAgain) {
  FunctionServer broken([](const ReceivedRequest&, int) { return FunctionReply{500, "no"}; });
  FunctionServer fixed;
  DlqFixture fixture;
  auto gateway =
      startGateway(fixture.config(broken, "  fixed: { endpoint: \"" + fixed.url() + "\" }\n"));
  ASSERT_NE(gateway, nullptr);
  ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "redirect me").status, 202);
  ASSERT_TRUE(eventually([&] {
    return scrapeMetric(gateway->adminPort(),
                        functionSeries("switchyard_deliveries_dead_lettered_total", "f")) == 1;
  }));
  CommandResult dry = dlqCli(*gateway, {"replay", "--to", "fixed", "--dry-run"});
  EXPECT_NE(dry.output.find("Would replay 1 record(s) to fixed"), std::string::npos) << dry.output;
  EXPECT_EQ(fixed.count(), 0u);
  EXPECT_EQ(dlqCli(*gateway, {"replay", "--to", "fixed"}).exit_code, 0);
  ASSERT_TRUE(fixed.waitForCount(1));
  EXPECT_EQ(fixed.requests()[0].body, "redirect me");
  EXPECT_EQ(dlqCli(*gateway, {"replay", "--to", "fixed", "--force"}).exit_code, 0);
  ASSERT_TRUE(fixed.waitForCount(2)) << "--force replays a replayed record again";
  CommandResult unknown = dlqCli(*gateway, {"replay", "--to", "nobody", "--force"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.output.find("nobody"), std::string::npos) << unknown.output;
}

TEST(Dlq, PurgeDeletesMatchingRecordsOnlyWithConfirmation) {
  FunctionServer broken([](const ReceivedRequest&, int) { return FunctionReply{500, "no"}; });
  DlqFixture fixture;
  auto gateway = startGateway(fixture.config(broken));
  ASSERT_NE(gateway, nullptr);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", "x").status, 202);
  }
  ASSERT_TRUE(eventually([&] {
    return scrapeMetric(gateway->adminPort(),
                        functionSeries("switchyard_deliveries_dead_lettered_total", "f")) == 3;
  }));
  CommandResult refused = dlqCli(*gateway, {"purge", "--function", "f"});
  EXPECT_NE(refused.exit_code, 0) << "no terminal to confirm on and no --yes";
  CommandResult none = dlqCli(*gateway, {"purge", "--function", "other", "--yes"});
  EXPECT_NE(none.output.find("No matching records"), std::string::npos);
  CommandResult purged = dlqCli(*gateway, {"purge", "--function", "f", "--yes"});
  EXPECT_NE(purged.output.find("Purged 3 record(s)"), std::string::npos) << purged.output;
  EXPECT_EQ(httpRequest(gateway->adminPort(), "GET", "/v1/dlq/count").body, R"({"count":0})");
}

TEST(Dlq, RecordsSurviveRestartAndKill9AndReplayOffline) {
  FunctionServer broken([](const ReceivedRequest&, int) { return FunctionReply{500, "no"}; });
  DlqFixture fixture;
  std::string config = fixture.config(broken);
  {
    auto gateway = startGateway(config);
    ASSERT_NE(gateway, nullptr);
    for (int i = 0; i < 20; ++i) {
      ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/t", std::to_string(i)).status, 202);
    }
    ASSERT_TRUE(eventually([&] {
      return scrapeMetric(gateway->adminPort(),
                          functionSeries("switchyard_deliveries_dead_lettered_total", "f")) == 20;
    }));
    // Once counted as dead-lettered, a record is committed: kill -9 cannot lose it.
    EXPECT_EQ(gateway->stop(SIGKILL), -9);
  }
  auto store = dlq::openDlqStore("sqlite", fixture.data_dir);
  ASSERT_TRUE(store.ok()) << store.error().message;
  Result<std::vector<dlq::DlqRecord>> records = (*store)->list({});
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 20u);
  std::set<std::string> payloads;
  for (const dlq::DlqRecord& record : *records) {
    EXPECT_EQ(record.function, "f");
    EXPECT_EQ(record.reason, "retries_exhausted");
    EXPECT_EQ(record.attempts.size(), 2u);
    EXPECT_EQ(record.event_id.size(), 36u);
    payloads.insert(record.payload);
  }
  EXPECT_EQ(payloads.size(), 20u) << "every record whole, none duplicated";
  store->reset();

  // Gateway stopped: replay offline, through an embedded dispatcher, to a working function.
  FunctionServer fixed;
  std::string offline =
      writeTempFile("offline.yaml", serverBlock(2, "", fixture.data_dir) +
                                        "functions:\n  f: { endpoint: \"" + fixed.url() + "\" }\n");
  CommandResult replayed = runSwitchyard({"dlq", "replay", "-c", offline});
  EXPECT_EQ(replayed.exit_code, 0) << replayed.output;
  EXPECT_NE(replayed.output.find("20 submitted"), std::string::npos) << replayed.output;
  EXPECT_EQ(fixed.count(), 20u) << "delivered before the command returned";
}

}  // namespace
}  // namespace switchyard::testing
