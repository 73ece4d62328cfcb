// EventBridge-pattern filters on triggers and targets, through the real binary: for every operator
// one event that matches (delivered) and one that does not (filtered, counted).
#include <set>

#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

struct OperatorCase {
  const char* name;     // trigger name
  const char* filter;   // pattern (flow YAML / JSON)
  const char* match;    // event that matches
  const char* nomatch;  // event that does not
};

const OperatorCase kCases[] = {
    {"exact", R"({ "detail": { "type": ["order"] } })", R"({"detail":{"type":"order"}})",
     R"({"detail":{"type":"refund"}})"},
    {"prefix", R"({ "source": [{ "prefix": "com.shop" }] })", R"({"source":"com.shop.orders"})",
     R"({"source":"org.shop"})"},
    {"suffix", R"({ "key": [{ "suffix": ".jpg" }] })", R"({"key":"photos/cat.jpg"})",
     R"({"key":"photos/cat.png"})"},
    {"anything_but", R"({ "state": [{ "anything-but": ["deleted", "archived"] }] })",
     R"({"state":"live"})", R"({"state":"deleted"})"},
    {"numeric", R"({ "price": [{ "numeric": [">", 10, "<=", 20] }] })", R"({"price":15.5})",
     R"({"price":20.5})"},
    {"exists", R"({ "detail": { "error": [{ "exists": true }] } })",
     R"({"detail":{"error":"boom"}})", R"({"detail":{"ok":1}})"},
    {"not_exists", R"({ "detail": { "error": [{ "exists": false }] } })", R"({"detail":{"ok":1}})",
     R"({"detail":{"error":"boom"}})"},
    {"ignore_case", R"({ "region": [{ "equals-ignore-case": "EU-West" }] })",
     R"({"region":"eu-west"})", R"({"region":"us-east"})"},
    {"wildcard", R"({ "path": [{ "wildcard": "img/*/thumb-*.png" }] })",
     R"({"path":"img/2026/thumb-1.png"})", R"({"path":"img/2026/full-1.png"})"},
    {"or", R"({ "$or": [ { "a": [1] }, { "b": [2] } ] })", R"({"b":2})", R"({"a":2,"b":1})"},
    {"array_value", R"({ "tags": ["urgent"] })", R"({"tags":["low","urgent"]})",
     R"({"tags":["low"]})"},
};

class Filtering : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    function_ = new FunctionServer();
    std::string yaml =
        serverBlock() + "functions:\n  f: { endpoint: \"" + function_->url() + "\" }\ntriggers:\n";
    for (const OperatorCase& c : kCases) {
      yaml += std::string("  ") + c.name + ":\n    source: { kind: http }\n    function: f\n" +
              "    format: raw\n    filter: " + c.filter + "\n";
    }
    gateway_ = startGateway(yaml).release();
  }
  static void TearDownTestSuite() {
    delete gateway_;
    delete function_;
  }

  static FunctionServer* function_;
  static GatewayProcess* gateway_;
};

FunctionServer* Filtering::function_ = nullptr;
GatewayProcess* Filtering::gateway_ = nullptr;

TEST_F(Filtering, EachOperatorDeliversMatchesAndDropsTheRest) {
  ASSERT_NE(gateway_, nullptr);
  size_t expected = 0;
  for (const OperatorCase& c : kCases) {
    SCOPED_TRACE(c.name);
    std::string path = std::string("/events/") + c.name;
    HttpResponse matched = httpRequest(gateway_->port(), "POST", path, c.match,
                                       {{"Content-Type", "application/json"}});
    ASSERT_EQ(matched.status, 202) << matched.body;
    EXPECT_NE(matched.body.find(R"("deliveries":1)"), std::string::npos) << matched.body;
    HttpResponse dropped = httpRequest(gateway_->port(), "POST", path, c.nomatch,
                                       {{"Content-Type", "application/json"}});
    ASSERT_EQ(dropped.status, 202) << dropped.body;
    EXPECT_NE(dropped.body.find(R"("deliveries":0)"), std::string::npos) << dropped.body;
    ++expected;
    ASSERT_TRUE(function_->waitForCount(expected));
    EXPECT_EQ(function_->requests().back().body, c.match);
    std::string trigger = std::string("{trigger=\"") + c.name + "\"}";
    EXPECT_EQ(scrapeMetric(gateway_->adminPort(), "switchyard_events_filtered_total" + trigger), 1);
    EXPECT_EQ(scrapeMetric(gateway_->adminPort(), "switchyard_events_accepted_total" + trigger), 1);
  }
  // Only matching events arrived.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(function_->count(), expected);
}

TEST_F(Filtering, FilteredTriggerRejectsNonJsonBodyWith400) {
  ASSERT_NE(gateway_, nullptr);
  HttpResponse response = httpRequest(gateway_->port(), "POST", "/events/exact", "not json");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("malformed_json"), std::string::npos) << response.body;
}

TEST(FilteringPerTarget, TargetFiltersSplitOneTriggerBetweenFunctions) {
  FunctionServer cheap, expensive;
  auto gateway = startGateway(serverBlock() + R"(
functions:
  cheap: { endpoint: ")" + cheap.url() +
                              R"(" }
  expensive: { endpoint: ")" + expensive.url() +
                              R"(" }
triggers:
  orders:
    source: { kind: http }
    format: raw
    functions:
      - { function: cheap, filter: { price: [{ numeric: ["<", 100] }] } }
      - { function: expensive, filter: { price: [{ numeric: [">=", 100] }] } }
)");
  ASSERT_NE(gateway, nullptr);
  for (int price : {5, 150, 99, 100}) {
    ASSERT_EQ(httpRequest(gateway->port(), "POST", "/events/orders",
                          "{\"price\":" + std::to_string(price) + "}")
                  .status,
              202);
  }
  ASSERT_TRUE(cheap.waitForCount(2));
  ASSERT_TRUE(expensive.waitForCount(2));
  auto bodies = [](const FunctionServer& function) {
    std::set<std::string> out;
    for (const ReceivedRequest& request : function.requests()) {
      out.insert(request.body);
    }
    return out;
  };
  EXPECT_EQ(bodies(cheap), (std::set<std::string>{R"({"price":5})", R"({"price":99})"}));
  EXPECT_EQ(bodies(expensive), (std::set<std::string>{R"({"price":150})", R"({"price":100})"}));
}

}  // namespace
}  // namespace switchyard::testing
