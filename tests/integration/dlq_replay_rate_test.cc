// Replaying 100,000 records at --rate 20000/s: about 5 s, live progress, each id delivered once.
#include <set>

#include "dispatcher/dlq/dlq_store.h"
#include "gateway/core/event.h"
#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

constexpr size_t kRecords = 100'000;

TEST(DlqReplayRate, HundredThousandRecordsAtTwentyThousandPerSecond) {
  std::string data_dir = freshDataDir();
  {
    auto store = dlq::openDlqStore("sqlite", data_dir);
    ASSERT_TRUE(store.ok()) << store.error().message;
    std::vector<dlq::DlqRecord> batch;
    for (size_t i = 0; i < kRecords; ++i) {
      dlq::DlqRecord record;
      int64_t now = unixMicrosNow();
      record.id = EventId::generate(now / 1000).toString();
      record.event_id = EventId::generate(now / 1000).toString();
      record.event_kind = "http";
      record.source = "t";
      record.trigger = "t";
      record.function = "f";
      record.format = "raw";
      record.reason = "retries_exhausted";
      record.dead_lettered_us = now;
      record.payload = "{\"n\":" + std::to_string(i) + "}";
      batch.push_back(std::move(record));
      if (batch.size() == 10'000) {
        ASSERT_TRUE((*store)->append(batch).ok());
        batch.clear();
      }
    }
  }
  FunctionServer function;
  auto gateway = startGateway(serverBlock(2, "", data_dir) + "functions:\n  f: { endpoint: \"" +
                              function.url() + "\", concurrency: 32, queue_limit: 100000 }\n");
  ASSERT_NE(gateway, nullptr);

  auto started = std::chrono::steady_clock::now();
  CommandResult replayed =
      runSwitchyard({"dlq", "replay", "-c", gateway->configPath(), "--rate", "20000/s"});
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(replayed.exit_code, 0) << replayed.output;
  EXPECT_NE(replayed.output.find("100000 submitted"), std::string::npos) << replayed.output;
  // Live progress: a line about every quarter second (stderr is not a terminal here).
  size_t progress_lines = 0;
  for (size_t at = replayed.output.find("replay running"); at != std::string::npos;
       at = replayed.output.find("replay running", at + 1)) {
    ++progress_lines;
  }
  EXPECT_GE(progress_lines, 10u) << replayed.output;
  EXPECT_GE(seconds, 4.5) << "the rate limit holds";
  EXPECT_LT(seconds, 15.0) << "about 5 s (generous bound for a loaded machine)";
  std::printf("replayed %zu records in %.2f s (%.0f/s)\n", kRecords, seconds,
              static_cast<double>(kRecords) / seconds);

  ASSERT_TRUE(function.waitForCount(kRecords, std::chrono::seconds(30)));
  std::set<std::string> ids;
  for (const ReceivedRequest& request : function.requests()) {
    ids.insert(request.header("x-switchyard-event-id"));
  }
  EXPECT_EQ(ids.size(), kRecords) << "each id once";
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(function.count(), kRecords) << "no duplicates";
}

}  // namespace
}  // namespace switchyard::testing
