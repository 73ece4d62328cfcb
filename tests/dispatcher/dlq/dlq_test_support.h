#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "dispatcher/dlq/dlq_record.h"
#include "dispatcher/dlq/sqlite_dlq_store.h"

namespace switchyard::dlq::testing {

// A fresh directory under $TEST_TMPDIR (or /tmp), removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TEST_TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
                          "/switchyard-dlq-test-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp " << pattern << " failed";
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A UUIDv7-shaped record id whose order is n's order (the store orders by id).
inline std::string recordId(int n) {
  char text[40];
  std::snprintf(text, sizeof text, "01935f4a-0000-7000-8000-%012d", n);
  return text;
}

inline std::string eventId(int n) {
  char text[40];
  std::snprintf(text, sizeof text, "01935f40-0000-7000-9000-%012d", n);
  return text;
}

// A record as the DLQ service would write it: three failed attempts, a JSON payload.
inline DlqRecord sampleRecord(int n, const std::string& function = "resize",
                              const std::string& trigger = "uploads", int64_t at_us = 0) {
  DlqRecord record;
  record.id = recordId(n);
  record.event_id = eventId(n);
  record.event_kind = "http";
  record.event_time_us = 1'732'500'000'000'000 + n;
  record.source = trigger.empty() ? function : trigger;
  record.content_type = "application/json";
  record.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  record.partition_key = "customer-" + std::to_string(n % 7);
  record.hops = 1;
  record.attributes = {{"http.path", "/upload"}, {"x-tenant", "acme"}};
  record.payload = R"({"order":)" + std::to_string(n) + R"(,"total":129.5})";
  record.trigger = trigger;
  record.function = function;
  record.format = "raw";
  record.reason = "retries_exhausted";
  record.dead_lettered_us = at_us != 0 ? at_us : 1'732'500'100'000'000 + int64_t{n} * 1'000'000;
  for (int attempt = 0; attempt < 3; ++attempt) {
    record.attempts.push_back(AttemptRecord{record.event_time_us + attempt * 200'000, 1'500, 503,
                                            "http_5xx", "503 Service Unavailable: upstream down"});
  }
  return record;
}

// Field by field, so that a failure names the field.
inline void expectSameRecord(const DlqRecord& actual, const DlqRecord& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.event_id, expected.event_id);
  EXPECT_EQ(actual.event_kind, expected.event_kind);
  EXPECT_EQ(actual.event_time_us, expected.event_time_us);
  EXPECT_EQ(actual.source, expected.source);
  EXPECT_EQ(actual.content_type, expected.content_type);
  EXPECT_EQ(actual.traceparent, expected.traceparent);
  EXPECT_EQ(actual.partition_key, expected.partition_key);
  EXPECT_EQ(actual.hops, expected.hops);
  EXPECT_EQ(actual.attributes, expected.attributes);
  EXPECT_EQ(actual.payload, expected.payload);
  EXPECT_EQ(actual.trigger, expected.trigger);
  EXPECT_EQ(actual.function, expected.function);
  EXPECT_EQ(actual.format, expected.format);
  EXPECT_EQ(actual.reason, expected.reason);
  EXPECT_EQ(actual.dead_lettered_us, expected.dead_lettered_us);
  ASSERT_EQ(actual.attempts.size(), expected.attempts.size());
  for (size_t i = 0; i < expected.attempts.size(); ++i) {
    EXPECT_EQ(actual.attempts[i].started_us, expected.attempts[i].started_us) << "attempt " << i;
    EXPECT_EQ(actual.attempts[i].latency_us, expected.attempts[i].latency_us) << "attempt " << i;
    EXPECT_EQ(actual.attempts[i].status, expected.attempts[i].status) << "attempt " << i;
    EXPECT_EQ(actual.attempts[i].outcome, expected.attempts[i].outcome) << "attempt " << i;
    EXPECT_EQ(actual.attempts[i].error, expected.attempts[i].error) << "attempt " << i;
  }
  ASSERT_EQ(actual.replays.size(), expected.replays.size());
  for (size_t i = 0; i < expected.replays.size(); ++i) {
    EXPECT_EQ(actual.replays[i].at_us, expected.replays[i].at_us) << "replay " << i;
    EXPECT_EQ(actual.replays[i].replay_id, expected.replays[i].replay_id) << "replay " << i;
    EXPECT_EQ(actual.replays[i].to_function, expected.replays[i].to_function) << "replay " << i;
    EXPECT_EQ(actual.replays[i].new_event_id, expected.replays[i].new_event_id) << "replay " << i;
  }
}

inline std::vector<std::string> idsOf(const std::vector<DlqRecord>& records) {
  std::vector<std::string> ids;
  for (const DlqRecord& record : records) {
    ids.push_back(record.id);
  }
  return ids;
}

// Opens the store in `dir`, failing the test (and returning null) if it cannot.
inline std::unique_ptr<SqliteDlqStore> openStore(const std::string& dir) {
  auto store = SqliteDlqStore::open(dir);
  if (!store.ok()) {
    ADD_FAILURE() << store.error().message;
    return nullptr;
  }
  return std::move(store.value());
}

}  // namespace switchyard::dlq::testing
