// Event-pattern matching throughput: a 10-rule table of realistic EventBridge patterns against a
// ~300-byte event. Reports events/s (items_per_second); the DESIGN target is >= 5 M/s per core.
//
//   ./router_bench --benchmark_filter=Table
//
// TableOneByOne calls EventPattern::matchPadded per rule (one parse per rule, as a router looping
// over its triggers would); TableAsPatternSet evaluates the same rules in one walk of the event.

#include <benchmark/benchmark.h>
#include <simdjson.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "dispatcher/router/event_pattern.h"
#include "dispatcher/router/pattern_set.h"

namespace switchyard::router {
namespace {

// 298 bytes: the envelope of an EventBridge event with a small order in `detail`.
constexpr const char* kEvent =
    R"({"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"Order Placed",)"
    R"("source":"shop.orders","account":"123456789012","time":"2024-05-01T12:00:00Z",)"
    R"("region":"eu-west-1","resources":["arn:aws:shop:order/1"],)"
    R"("detail":{"status":"placed","total":129.5,"currency":"EUR","tier":"gold"}})";

// A table where, as in practice, most rules reject the event early on `source`/`detail-type`.
const std::vector<std::string> kRules = {
    R"({"source": ["shop.orders"], "detail-type": ["Order Placed"]})",
    R"({"source": ["shop.orders"], "detail": {"total": [{"numeric": [">", 100]}]}})",
    R"({"source": ["shop.payments"], "detail": {"status": ["failed", "declined"]}})",
    R"({"detail-type": [{"prefix": "Order "}], "region": [{"anything-but": "us-east-1"}]})",
    R"({"source": [{"prefix": "shop."}], "detail": {"tier": ["gold", "platinum"]}})",
    R"({"$or": [{"detail": {"currency": ["USD"]}}, {"detail": {"total": [{"numeric": [">=", 1000]}]}}]})",
    R"({"source": ["aws.s3"], "detail": {"object": {"key": [{"suffix": ".png"}]}}})",
    R"({"resources": [{"wildcard": "arn:aws:shop:*/*"}], "detail": {"error": [{"exists": false}]}})",
    R"({"account": ["123456789012"], "detail": {"status": [{"equals-ignore-case": "PLACED"}]}})",
    R"({"source": ["shop.inventory"], "detail-type": ["Stock Low"]})",
};

std::vector<EventPattern> compileRules() {
  std::vector<EventPattern> rules;
  rules.reserve(kRules.size());
  for (const std::string& text : kRules) {
    auto compiled = EventPattern::compile(YAML::Load(text), "bench.yaml", "filter");
    if (!compiled.ok()) {
      std::fprintf(stderr, "%s\n", compiled.error().message.c_str());
      std::abort();
    }
    rules.push_back(std::move(compiled.value()));
  }
  return rules;
}

void BM_TableOneByOne(benchmark::State& state) {
  const std::vector<EventPattern> rules = compileRules();
  const simdjson::padded_string event{std::string_view(kEvent)};
  const std::string_view json(event.data(), event.size());
  for (auto _ : state) {
    int matched = 0;
    for (const EventPattern& rule : rules) {
      matched += rule.matchPadded(json) == MatchResult::kMatch;
    }
    benchmark::DoNotOptimize(matched);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(json.size()));
}
BENCHMARK(BM_TableOneByOne);

void BM_TableAsPatternSet(benchmark::State& state) {
  const std::vector<EventPattern> rules = compileRules();
  std::vector<const EventPattern*> pointers;
  pointers.reserve(rules.size());
  for (const EventPattern& rule : rules) {
    pointers.push_back(&rule);
  }
  const PatternSet set = PatternSet::build(pointers);
  const simdjson::padded_string event{std::string_view(kEvent)};
  const std::string_view json(event.data(), event.size());
  std::vector<uint32_t> matched;
  for (auto _ : state) {
    benchmark::DoNotOptimize(set.matchPadded(json, matched));
    benchmark::DoNotOptimize(matched.data());
  }
  state.counters["rules_matched"] = static_cast<double>(matched.size());
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(json.size()));
}
BENCHMARK(BM_TableAsPatternSet);

void BM_SingleRule(benchmark::State& state) {
  const std::vector<EventPattern> rules = compileRules();
  const simdjson::padded_string event{std::string_view(kEvent)};
  const std::string_view json(event.data(), event.size());
  const EventPattern& rule = rules[static_cast<size_t>(state.range(0))];
  for (auto _ : state) {
    benchmark::DoNotOptimize(rule.matchPadded(json));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SingleRule)->Arg(0)->Arg(5)->Arg(7);

void BM_CompileTable(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(compileRules());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kRules.size()));
}
BENCHMARK(BM_CompileTable);

}  // namespace
}  // namespace switchyard::router

BENCHMARK_MAIN();
