// RouteTable::select: which targets of a trigger an event goes to, with the trigger's and the
// targets' filters matched one by one (one filter) or as one set (two or more). Both paths must
// agree on every case.
#include "dispatcher/router/route_table.h"

#include <gtest/gtest.h>

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

TEST(RouteTable, NoFilterSendsToEveryTargetWithoutReadingThePayload) {
  Table table("  t: { source: { kind: http }, functions: [a, b, c] }\n");
  EXPECT_FALSE(table.usesSet());
  EXPECT_EQ(table.select("not json, and that is fine"), "a,b,c");
}

}  // namespace
}  // namespace switchyard::router
