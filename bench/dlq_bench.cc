// The SQLite DLQ store at scale: fills a store with 1,000,000 realistic records (in appends of
// 10,000, as the DLQ writer batches them) and times the queries the CLI and admin API make. Each
// query must stay well under a second. A plain program rather than Google Benchmark: the fill
// is one long run, and each query is timed on its own, first run and median of the next ones.
//
//   ./dlq_bench [--records N] [--batch N] [--dir DIR] [--keep]
//
// The database goes to a fresh directory under /tmp (or DIR) and is deleted afterwards unless
// --keep is given. Records: ~300-byte JSON payloads, 20 functions, 10 triggers, spread evenly
// over one day, three attempts each, a handful of distinct errors; the oldest 40% are then marked
// replayed (as after a bulk replay), so that include_replayed=false has replayed rows to skip.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <system_error>
#include <vector>

#include "dispatcher/dlq/dlq_record.h"
#include "dispatcher/dlq/sqlite_dlq_store.h"
#include "gateway/core/event_id.h"
#include "gateway/core/random.h"

namespace switchyard::dlq {
namespace {

constexpr int64_t kDay0Us = 1'732'492'800'000'000;  // 2024-11-25T00:00:00Z
constexpr int64_t kHourUs = 3'600'000'000;
constexpr int64_t kDayUs = 24 * kHourUs;
constexpr int kFunctions = 20;
constexpr int kTriggers = 10;
constexpr int kRepeats = 5;

struct ErrorKind {
  int weight;
  int status;
  const char* outcome;
  const char* reason;
  const char* error;
};
// Weighted as an outage looks: mostly one upstream failing, a tail of other causes.
constexpr ErrorKind kErrors[] = {
    {50, 503, "http_5xx", "retries_exhausted",
     "HTTP 503: upstream connect error or disconnect/reset before headers. reset reason: "
     "connection failure"},
    {20, 0, "timeout", "retries_exhausted", "timeout after 30000 ms"},
    {12, 0, "connect_error", "retries_exhausted", "connection refused (10.0.3.17:9001)"},
    {10, 500, "function_error", "retries_exhausted",
     R"(HTTP 500: {"errorType":"Runtime.ExitError","errorMessage":"Task timed out"})"},
    {5, 429, "http_429", "event_age_exceeded", "HTTP 429: Rate exceeded"},
    {3, 400, "http_4xx", "rejected", R"(HTTP 400: {"message":"invalid order: missing sku"})"},
};

const ErrorKind& pickError(Random& random) {
  int pick = static_cast<int>(random.below(100));
  for (const ErrorKind& kind : kErrors) {
    if (pick < kind.weight) {
      return kind;
    }
    pick -= kind.weight;
  }
  return kErrors[0];
}

std::string functionName(int n) { return "fn-" + std::to_string(n); }
std::string triggerName(int n) { return "trigger-" + std::to_string(n); }

// Record i of n: dead-lettered at an even spacing over the day; ids are UUIDv7 of that time, so
// id order is time order, as in the gateway.
DlqRecord makeRecord(size_t i, size_t n, Random& random) {
  DlqRecord record;
  const int64_t at_us = kDay0Us + static_cast<int64_t>(i) * (kDayUs / static_cast<int64_t>(n));
  const int64_t event_us = at_us - 95'000'000;  // three attempts with backoff, ~95 s earlier
  record.id = EventId::generate(at_us / 1000).toString();
  record.event_id = EventId::generate(event_us / 1000).toString();
  record.event_kind = "http";
  record.event_time_us = event_us;
  const int trigger = static_cast<int>(random.below(kTriggers));
  record.trigger = triggerName(trigger);
  record.source = record.trigger;
  record.function = functionName(static_cast<int>(random.below(kFunctions)));
  record.content_type = "application/json";
  record.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  record.partition_key = "customer-" + std::to_string(random.below(5000));
  record.hops = 0;
  record.attributes = {{"http.method", "POST"},
                       {"http.path", "/orders/" + std::to_string(trigger)},
                       {"x-request-id", EventId::generate(event_us / 1000).toString()}};
  record.payload = R"({"version":"0","id":")" + record.event_id +
                   R"(","detail-type":"Order Placed","source":"shop.orders",)"
                   R"("account":"123456789012","time":"2024-11-25T12:00:00Z","region":)"
                   R"("eu-west-1","detail":{"order":)" +
                   std::to_string(i) +
                   R"(,"status":"placed","total":129.5,"currency":"EUR","tier":"gold"}})";
  record.format = "raw";
  const ErrorKind& error = pickError(random);
  record.reason = error.reason;
  record.dead_lettered_us = at_us;
  for (int attempt = 0; attempt < 3; ++attempt) {
    record.attempts.push_back(AttemptRecord{event_us + attempt * 30'000'000,
                                            static_cast<int64_t>(random.below(30'000'000)),
                                            error.status, error.outcome, error.error});
  }
  return record;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

[[noreturn]] void fail(const std::string& what, const Error& error) {
  std::fprintf(stderr, "dlq_bench: %s: %s\n", what.c_str(), error.message.c_str());
  std::exit(1);
}

struct Query {
  const char* name;
  std::function<size_t()> run;  // returns the rows it found
};

void timeQuery(const Query& query) {
  std::vector<double> ms;
  size_t rows = 0;
  for (int i = 0; i < kRepeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    rows = query.run();
    ms.push_back(secondsSince(start) * 1000);
  }
  const double first = ms.front();
  std::sort(ms.begin() + 1, ms.end());
  const double median = ms[1 + (ms.size() - 1) / 2];
  std::printf("| %-58s | %7zu | %9.2f | %9.2f |\n", query.name, rows, first, median);
}

int run(size_t records, size_t batch, std::string dir, bool keep) {
  if (dir.empty()) {
    std::string pattern = "/tmp/switchyard-dlq-bench-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    dir = pattern;
  }
  auto opened = SqliteDlqStore::open(dir);
  if (!opened.ok()) {
    fail("open", opened.error());
  }
  SqliteDlqStore& store = **opened;
  Random random(42);

  std::vector<std::string> sample_ids;
  std::vector<std::string> sample_event_ids;
  const auto fill_start = std::chrono::steady_clock::now();
  std::vector<DlqRecord> pending;
  for (size_t i = 0; i < records; i += batch) {
    pending.clear();
    for (size_t k = i; k < std::min(records, i + batch); ++k) {
      pending.push_back(makeRecord(k, records, random));
    }
    sample_ids.push_back(pending[pending.size() / 2].id);
    sample_event_ids.push_back(pending[pending.size() / 3].event_id);
    if (Status status = store.append(pending); !status.ok()) {
      fail("append", status.error());
    }
  }
  const double fill_s = secondsSince(fill_start);

  // The oldest 40% replayed, in batches as a replay job marks them.
  const auto replay_start = std::chrono::steady_clock::now();
  DlqFilter oldest;
  oldest.until_us = kDay0Us + kDayUs * 4 / 10;
  oldest.limit = batch;
  size_t replayed = 0;
  for (;;) {
    auto page = store.list(oldest);
    if (!page.ok()) {
      fail("list for replay", page.error());
    }
    if (page->empty()) {
      break;
    }
    std::vector<std::string> ids;
    for (const DlqRecord& record : *page) {
      ids.push_back(record.id);
    }
    if (Status status = store.markReplayed(ids, {kDay0Us + kDayUs, "bench-replay", "", ""});
        !status.ok()) {
      fail("markReplayed", status.error());
    }
    replayed += ids.size();
    oldest.after_id = ids.back();
  }
  const double replay_s = secondsSince(replay_start);

  std::error_code ignored;
  const auto file_bytes = std::filesystem::file_size(store.path(), ignored);
  std::printf("store: %s (%.0f MB after fill)\n", store.path().c_str(),
              static_cast<double>(file_bytes) / 1e6);
  std::printf("fill: %zu records in appends of %zu: %.1f s, %.0f records/s\n", records, batch,
              fill_s, static_cast<double>(records) / fill_s);
  std::printf("markReplayed: %zu records (list page + mark, %zu per batch): %.1f s, %.0f/s\n\n",
              replayed, batch, replay_s, static_cast<double>(replayed) / replay_s);

  auto listing = [&store](DlqFilter filter) {
    return [&store, filter]() -> size_t {
      auto result = store.list(filter);
      if (!result.ok()) {
        fail("list", result.error());
      }
      return result->size();
    };
  };
  DlqFilter by_function;
  by_function.function = functionName(7);
  by_function.limit = 100;
  DlqFilter by_function_late;
  by_function_late.function = functionName(7);
  by_function_late.after_id = sample_ids[sample_ids.size() * 9 / 10];
  by_function_late.limit = 100;
  DlqFilter function_window;  // one hour late in the day, no limit (~2,000 records)
  function_window.function = functionName(7);
  function_window.since_us = kDay0Us + 22 * kHourUs;
  function_window.until_us = kDay0Us + 23 * kHourUs;
  DlqFilter by_error;
  by_error.error_substring = "connection REFUSED";
  by_error.limit = 100;
  DlqFilter by_rare_error;  // matches nothing: a scan of every row
  by_rare_error.error_substring = "no such error text";
  by_rare_error.limit = 100;
  DlqFilter trigger_unreplayed;
  trigger_unreplayed.trigger = triggerName(3);
  trigger_unreplayed.include_replayed = false;
  trigger_unreplayed.limit = 100;
  DlqFilter count_function;
  count_function.function = functionName(7);
  DlqFilter count_unreplayed_function = count_function;
  count_unreplayed_function.include_replayed = false;
  const std::string some_id = sample_ids[sample_ids.size() / 2];
  const std::string some_event_id = sample_event_ids[sample_event_ids.size() / 2];

  const Query queries[] = {
      {"list function (limit 100)", listing(by_function)},
      {"list function, after_id at 90% (limit 100)", listing(by_function_late)},
      {"list function + 1 h window at 22:00 (no limit)", listing(function_window)},
      {"list error substring (limit 100)", listing(by_error)},
      {"list error substring matching nothing (limit 100)", listing(by_rare_error)},
      {"list trigger + include_replayed=false (limit 100)", listing(trigger_unreplayed)},
      {"count function",
       [&] {
         auto counted = store.count(count_function);
         return counted.ok() ? *counted : 0;
       }},
      {"count function + include_replayed=false",
       [&] {
         auto counted = store.count(count_unreplayed_function);
         return counted.ok() ? *counted : 0;
       }},
      {"get by record id",
       [&]() -> size_t {
         auto got = store.get(some_id);
         return got.ok() && got->has_value() ? 1 : 0;
       }},
      {"get by event id",
       [&]() -> size_t {
         auto got = store.get(some_event_id);
         return got.ok() && got->has_value() ? 1 : 0;
       }},
  };
  std::printf("| %-58s | %7s | %9s | %9s |\n", "query", "rows", "first ms", "median ms");
  std::printf("|%s|%s|%s|%s|\n", std::string(60, '-').c_str(), std::string(9, '-').c_str(),
              std::string(11, '-').c_str(), std::string(11, '-').c_str());
  for (const Query& query : queries) {
    timeQuery(query);
  }

  // Purge of one function's hour (~2,000 records), once: it deletes.
  const auto purge_start = std::chrono::steady_clock::now();
  auto purged = store.purge(function_window);
  if (!purged.ok()) {
    fail("purge", purged.error());
  }
  std::printf("\npurge function + 1 h window: %zu records in %.1f ms\n", *purged,
              secondsSince(purge_start) * 1000);

  opened->reset();
  if (keep) {
    std::printf("kept %s\n", dir.c_str());
  } else {
    std::filesystem::remove_all(dir, ignored);
  }
  return 0;
}

}  // namespace
}  // namespace switchyard::dlq

int main(int argc, char** argv) {
  size_t records = 1'000'000;
  size_t batch = 10'000;
  std::string dir;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--records" && i + 1 < argc) {
      records = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--batch" && i + 1 < argc) {
      batch = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (arg == "--keep") {
      keep = true;
    } else {
      std::fprintf(stderr, "usage: dlq_bench [--records N] [--batch N] [--dir DIR] [--keep]\n");
      return 2;
    }
  }
  if (records == 0 || batch == 0) {
    std::fprintf(stderr, "dlq_bench: --records and --batch must be positive\n");
    return 2;
  }
  return switchyard::dlq::run(records, batch, dir, keep);
}
