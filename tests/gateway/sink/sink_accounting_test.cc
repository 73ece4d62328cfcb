#include "gateway/sink/sink_accounting.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "gateway/core/event_id.h"

namespace switchyard {
namespace {

constexpr int64_t kStart = 1'700'000'000'000'000;  // µs

uint64_t number(const std::string& json, const char* path) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  EXPECT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  uint64_t value = 0;
  EXPECT_EQ(root.at_pointer(path).get_uint64().get(value), simdjson::SUCCESS) << path << json;
  return value;
}

// The same text for the same i within a test (EventId::generate draws random bits).
std::string id(int i) {
  static std::vector<std::string> ids = [] {
    std::vector<std::string> generated;
    for (int n = 0; n < 16; ++n) {
      generated.push_back(EventId::generate(1'700'000'000'000 + n).toString());
    }
    return generated;
  }();
  return ids.at(static_cast<size_t>(i));
}

TEST(SinkAccounting, CountsDeliveriesDuplicatesAndEndToEndLatency) {
  SinkAccounting accounting(16, kStart);
  for (int i = 0; i < 10; ++i) {
    int64_t now = kStart + 1'000 + i * 200'000;  // five per second
    accounting.onReceived(now);
    accounting.onDelivered(id(i), std::to_string(now - 500), now);  // 500 µs after acceptance
  }
  accounting.onReceived(kStart + 2'500'000);
  accounting.onDelivered(id(3), std::to_string(kStart + 2'500'000 - 1'500), kStart + 2'500'000);
  accounting.onReceived(kStart + 2'600'000);
  accounting.onFailedAnswer();

  std::string stats = accounting.statsJson(true);
  EXPECT_EQ(number(stats, "/received"), 12u);
  EXPECT_EQ(number(stats, "/delivered"), 11u);
  EXPECT_EQ(number(stats, "/unique"), 10u);
  EXPECT_EQ(number(stats, "/duplicates"), 1u);
  EXPECT_EQ(number(stats, "/failed_answers"), 1u);
  EXPECT_EQ(number(stats, "/latency_us/count"), 11u);
  EXPECT_NEAR(static_cast<double>(number(stats, "/latency_us/p50")), 500, 5);
  EXPECT_NEAR(static_cast<double>(number(stats, "/latency_us/max")), 1'500, 15);
  EXPECT_EQ(number(stats, "/received_per_second/0"), 5u);
  EXPECT_EQ(number(stats, "/received_per_second/1"), 5u);
  EXPECT_EQ(number(stats, "/received_per_second/2"), 2u);
  EXPECT_EQ(accounting.statsJson(false).find("received_per_second"), std::string::npos);
}

TEST(SinkAccounting, ReconcileReportsMissingUnexpectedAndDuplicates) {
  SinkAccounting accounting(16, kStart);
  // Delivered: 0..7, with 2 twice and 5 three times; 7 was never expected.
  for (int i = 0; i < 8; ++i) {
    accounting.onDelivered(id(i), "", kStart);
  }
  accounting.onDelivered(id(2), "", kStart);
  accounting.onDelivered(id(5), "", kStart);
  accounting.onDelivered(id(5), "", kStart);
  // Expected: 0..6 and 8, 9 (never delivered), in two parts, one of them through expect().
  accounting.expect(id(0) + "\n" + id(1) + "\n" + id(2) + "\r\n" + id(3) + "\n");
  std::string result = accounting.reconcileJson(id(4) + "\n" + id(5) + "\n" + id(6) + "\n" + id(8) +
                                                "\n" + id(9) + "\n" + id(9));
  EXPECT_EQ(number(result, "/expected"), 9u);  // id 9 listed twice counts once
  EXPECT_EQ(number(result, "/delivered"), 7u);
  EXPECT_EQ(number(result, "/missing"), 2u);
  EXPECT_EQ(number(result, "/unexpected"), 1u);
  EXPECT_EQ(number(result, "/duplicates"), 3u);
  EXPECT_EQ(number(result, "/duplicated_ids"), 2u);
  EXPECT_NE(result.find(id(8)), std::string::npos) << result;
  EXPECT_NE(result.find(id(9)), std::string::npos) << result;

  // The expected set was consumed: a second reconcile starts from nothing.
  std::string again = accounting.reconcileJson("");
  EXPECT_EQ(number(again, "/expected"), 0u);
  EXPECT_EQ(number(again, "/unexpected"), 8u);
}

TEST(SinkAccounting, BatchDeliversEachOfItsIdsWithTheDeliverysLatency) {
  SinkAccounting accounting(16, kStart);
  std::vector<std::string> texts = {id(0), id(1), id(2)};
  std::vector<std::string_view> batch(texts.begin(), texts.end());
  accounting.onReceived(kStart + 1'000);
  accounting.onDelivered(batch, std::to_string(kStart), kStart + 1'000);
  accounting.onReceived(kStart + 2'000);
  accounting.onDelivered(std::span<const std::string_view>(), "", kStart + 2'000);  // no id

  std::string stats = accounting.statsJson(false);
  EXPECT_EQ(number(stats, "/received"), 2u);
  EXPECT_EQ(number(stats, "/delivered"), 4u);
  EXPECT_EQ(number(stats, "/unique"), 3u);
  EXPECT_EQ(number(stats, "/without_id"), 1u);
  EXPECT_EQ(number(stats, "/duplicates"), 0u);
  EXPECT_EQ(number(stats, "/latency_us/count"), 3u);  // one per event of the batch
  std::string result = accounting.reconcileJson(id(0) + "\n" + id(1) + "\n" + id(2));
  EXPECT_EQ(number(result, "/delivered"), 3u);
  EXPECT_EQ(number(result, "/missing"), 0u);
}

TEST(SinkAccounting, ResetForgetsEverything) {
  SinkAccounting accounting(16, kStart);
  accounting.onReceived(kStart);
  accounting.onDelivered(id(1), std::to_string(kStart - 10), kStart);
  accounting.expect(id(1));
  accounting.reset(kStart + 5'000'000);
  std::string stats = accounting.statsJson(true);
  EXPECT_EQ(number(stats, "/received"), 0u);
  EXPECT_EQ(number(stats, "/unique"), 0u);
  EXPECT_EQ(number(stats, "/latency_us/count"), 0u);
  EXPECT_EQ(number(stats, "/since_us"), static_cast<uint64_t>(kStart + 5'000'000));
  EXPECT_EQ(number(accounting.reconcileJson(""), "/expected"), 0u);
}

}  // namespace
}  // namespace switchyard
