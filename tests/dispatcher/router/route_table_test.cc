// RouteTable::select: which targets of a trigger an event goes to, with the trigger's and the
// targets' filters matched one by one (one filter) or as one set (two or more). Both paths must
// agree on every case.
#include "dispatcher/router/route_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace switchyard::router {
namespace {

struct Table {
  config::Config config;
  std::unique_ptr<RouteTable> routes;
  StringMap<FunctionId> ids;

  explicit Table(const std::string& triggers_yaml) {
    std::string yaml =
        "functions:\n  a: { endpoint: \"http://127.0.0.1:1/\" }\n"
        "  b: { endpoint: \"http://127.0.0.1:1/\" }\n"
        "  c: { endpoint: \"http://127.0.0.1:1/\" }\n"
        "triggers:\n" +
        triggers_yaml;
    Result<config::Config> parsed = config::parseConfig(yaml, "test.yaml");
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
    config = std::move(parsed).value();
    FunctionId next = 0;
    for (const auto& [name, function] : config.functions) {
      ids.emplace(name, next++);
    }
    Result<std::unique_ptr<RouteTable>> built = RouteTable::build(config, ids, 1);
    EXPECT_TRUE(built.ok()) << (built.ok() ? "" : built.error().message);
    routes = std::move(built).value();
  }

  // Names of the functions `json` goes to through trigger "t"; "not json" when rejected as such.
  std::string select(std::string json) const {
    json.append(64, '\0');  // the padding simdjson reads past the end
    std::string_view padded(json.data(), json.size() - 64);
    const TriggerRoute* trigger = routes->find("t");
    const TargetRoute* selected[8];
    bool not_json = false;
    size_t count = routes->select(*trigger, padded, selected, 8, &not_json);
    if (not_json) {
      return "not json";
    }
    std::string names;
    for (size_t i = 0; i < count; ++i) {
      for (const auto& [name, id] : ids) {
        if (id == selected[i]->function) {
          names += names.empty() ? name : "," + name;
        }
      }
    }
    return names;
  }
  bool usesSet() const { return routes->find("t")->filter_set.has_value(); }
};

const char* kTargetsOnly = R"(  t:
    source: { kind: http }
    functions:
      - { function: a, filter: { kind: [order] } }
      - b
      - { function: c, filter: { total: [{ numeric: [">", 100] }] } }
)";

const char* kTriggerAndTargets = R"(  t:
    source: { kind: http }
    filter: { region: [eu] }
    functions:
      - { function: a, filter: { kind: [order] } }
      - b
)";

TEST(RouteTable, TargetFiltersMatchedAsOneSetPickTheirTargets) {
  Table table(kTargetsOnly);
  EXPECT_TRUE(table.usesSet());
  EXPECT_EQ(table.select(R"({"kind":"order","total":150})"), "a,b,c");
  EXPECT_EQ(table.select(R"({"kind":"order","total":50})"), "a,b");
  EXPECT_EQ(table.select(R"({"kind":"refund","total":150})"), "b,c");
  EXPECT_EQ(table.select(R"({"kind":"refund"})"), "b");
  EXPECT_EQ(table.select("not json at all"), "not json");
}

TEST(RouteTable, TriggerFilterInTheSetGatesEveryTarget) {
  Table table(kTriggerAndTargets);
  EXPECT_TRUE(table.usesSet());
  EXPECT_EQ(table.select(R"({"region":"eu","kind":"order"})"), "a,b");
  EXPECT_EQ(table.select(R"({"region":"eu","kind":"refund"})"), "b");
  EXPECT_EQ(table.select(R"({"region":"us","kind":"order"})"), "") << "the trigger filter failed";
  EXPECT_EQ(table.select("[1,2]"), "not json") << "filters need a JSON object";
}

TEST(RouteTable, OneFilterIsMatchedOnItsOwn) {
  Table table(R"(  t:
    source: { kind: http }
    functions:
      - { function: a, filter: { kind: [order] } }
      - b
)");
  EXPECT_FALSE(table.usesSet());
  EXPECT_EQ(table.select(R"({"kind":"order"})"), "a,b");
  EXPECT_EQ(table.select(R"({"kind":"refund"})"), "b");
  EXPECT_EQ(table.select("nope"), "not json");
}

// Past 256 filters the set's match bits no longer fit on the stack: the same answers from the heap.
TEST(RouteTable, AFanOutWithHundredsOfFiltersPicksExactlyTheMatchingTargets) {
  constexpr int kTargets = 300;
  std::string yaml = "functions:\n";
  std::string targets;
  for (int i = 0; i < kTargets; ++i) {
    yaml += "  f" + std::to_string(i) + ": { endpoint: \"http://127.0.0.1:1/\" }\n";
    targets += "      - { function: f" + std::to_string(i) + ", filter: { n: [" +
               std::to_string(i) + ", " + std::to_string(i + 1) + "] } }\n";
  }
  yaml += "triggers:\n  t:\n    source: { kind: http }\n    functions:\n" + targets;
  Result<config::Config> parsed = config::parseConfig(yaml, "test.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  StringMap<FunctionId> ids;
  FunctionId next = 0;
  for (const auto& [name, function] : parsed->functions) {
    ids.emplace(name, next++);
  }
  Result<std::unique_ptr<RouteTable>> built = RouteTable::build(*parsed, ids, 1);
  ASSERT_TRUE(built.ok()) << built.error().message;
  const TriggerRoute& trigger = *(*built)->find("t");
  ASSERT_TRUE(trigger.filter_set.has_value());
  ASSERT_GT(trigger.filter_set->bitWords(), 4u);
  for (int n : {0, 63, 64, 257, 299}) {
    std::string json = R"({"n":)" + std::to_string(n) + "}" + std::string(64, '\0');
    const TargetRoute* selected[4];
    bool not_json = false;
    size_t count = (*built)->select(trigger, std::string_view(json.data(), json.size() - 64),
                                    selected, 4, &not_json);
    ASSERT_FALSE(not_json);
    // n matches filter n ([n, n+1]) and filter n-1 ([n-1, n]).
    std::vector<FunctionId> expected;
    if (n > 0) {
      expected.push_back(ids.find("f" + std::to_string(n - 1))->second);
    }
    expected.push_back(ids.find("f" + std::to_string(n))->second);
    std::vector<FunctionId> got;
    for (size_t i = 0; i < count; ++i) {
      got.push_back(selected[i]->function);
    }
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(got, expected) << "n = " << n;
  }
}

TEST(RouteTable, NoFilterSendsToEveryTargetWithoutReadingThePayload) {
  Table table("  t: { source: { kind: http }, functions: [a, b, c] }\n");
  EXPECT_FALSE(table.usesSet());
  EXPECT_EQ(table.select("not json, and that is fine"), "a,b,c");
}

}  // namespace
}  // namespace switchyard::router
