// Event-pattern matching throughput: a 10-rule table of realistic EventBridge patterns against a
// ~300-byte event. Reports events/s (items_per_second); the DESIGN target is >= 5 M/s per core.
//
//   ./router_bench --benchmark_filter=Table
//
// TableOneByOne calls EventPattern::matchPadded per rule (one parse per rule, as a router looping
// over its triggers would); TableAsPatternSet evaluates the same rules in one walk of the event.
// RouteTableSelect is the router's own path: one trigger whose 10 targets each carry one of the
// rules as a filter, built from a config by RouteTable (which compiles them into one PatternSet),
// and RouteTable::select picking the targets, as the dispatcher calls it per event.

#include <benchmark/benchmark.h>
#include <simdjson.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "dispatcher/router/event_pattern.h"
#include "dispatcher/router/pattern_set.h"
#include "dispatcher/router/route_table.h"

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

// A config with one trigger "t" whose targets are filtered by the rules: `functions` of them (the
// rules taken in order), all to one function.
std::unique_ptr<RouteTable> routeTable(size_t filters, config::Config& config,
                                       StringMap<FunctionId>& ids) {
  std::string yaml =
      "functions:\n  f: { endpoint: \"http://127.0.0.1:1/\" }\n"
      "triggers:\n  t:\n    source: { kind: http }\n    functions:\n";
  for (size_t i = 0; i < filters; ++i) {
    yaml += "      - { function: f, filter: " + kRules[i] + " }\n";
  }
  Result<config::Config> parsed = config::parseConfig(yaml, "bench.yaml");
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.error().message.c_str());
    std::abort();
  }
  config = std::move(parsed).value();
  ids.emplace("f", 0);
  Result<std::unique_ptr<RouteTable>> built = RouteTable::build(config, ids, 1);
  if (!built.ok()) {
    std::fprintf(stderr, "%s\n", built.error().message.c_str());
    std::abort();
  }
  return std::move(built).value();
}

void BM_RouteTableSelect(benchmark::State& state) {
  config::Config config;
  StringMap<FunctionId> ids;
  const std::unique_ptr<RouteTable> table =
      routeTable(static_cast<size_t>(state.range(0)), config, ids);
  const TriggerRoute& trigger = *table->find("t");
  if (state.range(0) >= 2 && !trigger.filter_set) {
    state.SkipWithError("RouteTable did not compile the filters into a PatternSet");
    return;
  }
  const simdjson::padded_string event{std::string_view(kEvent)};
  const std::string_view json(event.data(), event.size());
  const TargetRoute* selected[16];
  size_t count = 0;
  for (auto _ : state) {
    bool not_json = false;
    count = table->select(trigger, json, selected, 16, &not_json);
    benchmark::DoNotOptimize(count);
    benchmark::DoNotOptimize(selected[0]);
  }
  state.counters["targets_selected"] = static_cast<double>(count);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(json.size()));
}
BENCHMARK(BM_RouteTableSelect)->Arg(1)->Arg(10);

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
