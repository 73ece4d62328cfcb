#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "gateway/config/config.h"
#include "tests/gateway/config/config_test_helpers.h"

// The `triggers:` section: source blocks (only `kind` is checked here), targets, filters, formats
// and batching. Every error is asserted with its exact file:line:column.

namespace switchyard::config {
namespace {

using std::chrono::seconds;
using testing::configOf;
using testing::errorOf;

// Two functions (a, b) on lines 1-5, then `triggers:` on line 6 and `extra` from line 7 on.
std::string triggersWith(std::string_view extra) {
  return "functions:\n"
         "  a:\n"
         "    endpoint: http://127.0.0.1:9000/\n"
         "  b:\n"
         "    endpoint: http://127.0.0.1:9001/\n"
         "triggers:\n" +
         std::string(extra);
}

// A trigger `hook` with a source (lines 7-8) and `extra` from line 9 on.
std::string hookWith(std::string_view extra) {
  return triggersWith("  hook:\n    source: { kind: http }\n" + std::string(extra));
}

TEST(TriggerValidation, MissingFunctionIsReportedAtTheFunctionNode) {
  EXPECT_EQ(errorOf(hookWith("    function: x\n")),
            "test.yaml:9:15: triggers.hook.function: no function named \"x\" (defined: a, b)");
  EXPECT_EQ(errorOf("triggers:\n  hook:\n    source: { kind: http }\n    function: x\n"),
            "test.yaml:4:15: triggers.hook.function: no function named \"x\" (no functions are "
            "defined)");
}

TEST(TriggerValidation, FunctionsListTakesNamesAndTargetMaps) {
  const Config config = configOf(hookWith(R"(    functions:
      - a
      - { function: b, format: cloudevents, filter: { source: [shop] } }
)"));
  const TriggerConfig& hook = config.triggers.at("hook");
  ASSERT_EQ(hook.targets.size(), 2U);
  EXPECT_EQ(hook.targets[0].function, "a");
  EXPECT_EQ(hook.targets[0].mark.line, 10);
  EXPECT_EQ(hook.targets[0].mark.column, 9);
  EXPECT_FALSE(hook.targets[0].has_format);
  EXPECT_TRUE(hook.targets[0].filter.IsNull());
  EXPECT_EQ(hook.targets[1].function, "b");
  EXPECT_EQ(hook.targets[1].mark.line, 11);
  EXPECT_EQ(hook.targets[1].mark.column, 21);
  EXPECT_TRUE(hook.targets[1].has_format);
  EXPECT_EQ(hook.targets[1].format, EventFormat::kCloudEvents);
  ASSERT_TRUE(hook.targets[1].filter.IsMap());
  EXPECT_EQ(hook.targets[1].filter["source"][0].Scalar(), "shop");
}

TEST(TriggerValidation, MissingFunctionInAListIsReportedAtTheItem) {
  EXPECT_EQ(errorOf(hookWith("    functions: [a, c]\n")),
            "test.yaml:9:20: triggers.hook.functions[1]: no function named \"c\" (defined: a, b)");
  EXPECT_EQ(errorOf(hookWith("    functions:\n      - { function: c }\n")),
            "test.yaml:10:21: triggers.hook.functions[0].function: no function named \"c\" "
            "(defined: a, b)");
  EXPECT_EQ(errorOf(hookWith("    functions:\n      - { format: raw }\n")),
            "test.yaml:10:9: triggers.hook.functions[0]: missing required key \"function\"");
  EXPECT_EQ(errorOf(hookWith("    functions:\n      - { function: a, fromat: raw }\n")),
            "test.yaml:10:24: triggers.hook.functions[0].fromat: unknown key \"fromat\", did you "
            "mean \"format\"? (expected one of: function, filter, format)");
  EXPECT_EQ(errorOf(hookWith("    functions:\n      - [a]\n")),
            "test.yaml:10:9: triggers.hook.functions[0]: expected a function name or a map like { "
            "function: NAME, format: raw }, got a list");
}

TEST(TriggerValidation, FunctionsMustBeANonEmptyList) {
  EXPECT_EQ(errorOf(hookWith("    functions: []\n")),
            "test.yaml:9:16: triggers.hook.functions: expected a non-empty list of functions like "
            "[a, b], got an empty list");
  EXPECT_EQ(errorOf(hookWith("    functions: a\n")),
            "test.yaml:9:16: triggers.hook.functions: expected a non-empty list of functions like "
            "[a, b], got \"a\"");
}

TEST(TriggerValidation, ExactlyOneOfFunctionAndFunctions) {
  EXPECT_EQ(errorOf(hookWith("    function: a\n    functions: [b]\n")),
            "test.yaml:10:5: triggers.hook.functions: give either \"function\" or \"functions\", "
            "not both");
  EXPECT_EQ(errorOf(hookWith("")),
            "test.yaml:7:3: triggers.hook: missing required key \"function\" (or \"functions\" "
            "for several)");
}

TEST(TriggerValidation, SourceIsRequiredAndNeedsAKind) {
  EXPECT_EQ(errorOf(triggersWith("  hook:\n    function: a\n")),
            "test.yaml:7:3: triggers.hook: missing required key \"source\" (like { kind: http })");
  EXPECT_EQ(errorOf(triggersWith("  hook:\n")),
            "test.yaml:7:3: triggers.hook: missing required key \"source\" (like { kind: http })");
  EXPECT_EQ(errorOf(triggersWith("  hook:\n    source: http\n    function: a\n")),
            "test.yaml:8:13: triggers.hook.source: expected a source like { kind: http }, got "
            "\"http\"");
  EXPECT_EQ(errorOf(triggersWith("  hook:\n    source: { queue: orders }\n    function: a\n")),
            "test.yaml:8:13: triggers.hook.source: missing required key \"kind\" (the connector: "
            "http, sqs, kafka, ...)");
  EXPECT_EQ(errorOf(triggersWith("  hook:\n    source: { kind: [http] }\n    function: a\n")),
            "test.yaml:8:21: triggers.hook.source.kind: expected a string, got a list");
  EXPECT_EQ(errorOf(triggersWith("  hook:\n    source: { kind: \"\" }\n    function: a\n")),
            "test.yaml:8:21: triggers.hook.source.kind: expected a connector kind like http or "
            "sqs, got \"\"");
}

TEST(TriggerValidation, SourceKeysBeyondKindAreLeftToTheConnector) {
  const Config config = configOf(triggersWith(R"(  stream:
    source:
      kind: kafka
      brokers: [127.0.0.1:9092]
      anything: { nested: true }
    function: a
)"));
  const TriggerConfig& stream = config.triggers.at("stream");
  EXPECT_EQ(stream.source_kind, "kafka");
  EXPECT_EQ(stream.source_mark.line, 9);
  EXPECT_EQ(stream.source_mark.column, 7);
  EXPECT_EQ(stream.source["brokers"][0].Scalar(), "127.0.0.1:9092");
  EXPECT_EQ(stream.source["anything"]["nested"].Scalar(), "true");
}

TEST(TriggerValidation, FilterMustBeAMapAndIsKeptAsIs) {
  EXPECT_EQ(errorOf(hookWith("    function: a\n    filter: [order]\n")),
            "test.yaml:10:13: triggers.hook.filter: expected an event pattern (a map like { "
            "detail: { type: [order] } }), got a list");
  const Config config =
      configOf(hookWith("    function: a\n    filter:\n      detail:\n        price: "
                        "[{ numeric: [\">\", 100] }]\n"));
  const YAML::Node& filter = config.triggers.at("hook").filter;
  ASSERT_TRUE(filter.IsMap());
  EXPECT_EQ(filter["detail"]["price"][0]["numeric"][1].Scalar(), "100");
}

TEST(TriggerValidation, FormatIsAwsCloudEventsOrRaw) {
  EXPECT_EQ(errorOf(hookWith("    function: a\n    format: json\n")),
            "test.yaml:10:13: triggers.hook.format: expected one of aws, cloudevents, raw, got "
            "\"json\"");
  const TriggerConfig hook =
      configOf(hookWith("    function: a\n    format: aws\n")).triggers.at("hook");
  EXPECT_TRUE(hook.has_format);
  EXPECT_EQ(hook.format, EventFormat::kAws);
}

TEST(TriggerValidation, BatchSettingsAreBounded) {
  EXPECT_EQ(errorOf(hookWith("    function: a\n    batch: { size: 0 }\n")),
            "test.yaml:10:20: triggers.hook.batch.size: expected an integer between 1 and 10000, "
            "got \"0\"");
  EXPECT_EQ(errorOf(hookWith("    function: a\n    batch: { window: 10m }\n")),
            "test.yaml:10:22: triggers.hook.batch.window: expected a duration between 0s and 5m, "
            "got \"10m\"");
  EXPECT_EQ(errorOf(hookWith("    function: a\n    batch: { max_bytes: 0 }\n")),
            "test.yaml:10:25: triggers.hook.batch.max_bytes: expected a byte size of at least 1, "
            "got \"0\"");
  const BatchConfig batch =
      configOf(
          hookWith("    function: a\n    batch: { size: 10000, window: 5m, max_bytes: 1MiB }\n"))
          .triggers.at("hook")
          .batch;
  EXPECT_EQ(batch.size, 10'000);
  EXPECT_EQ(batch.window, std::chrono::minutes(5));
  EXPECT_EQ(batch.max_bytes, 1024U * 1024);
}

TEST(TriggerValidation, BooleansAreTrueOrFalse) {
  EXPECT_EQ(errorOf(hookWith("    function: a\n    report_batch_item_failures: yes\n")),
            "test.yaml:10:33: triggers.hook.report_batch_item_failures: expected true or false, "
            "got \"yes\"");
  EXPECT_EQ(errorOf(hookWith("    function: a\n    report_batch_item_failures: 1\n")),
            "test.yaml:10:33: triggers.hook.report_batch_item_failures: expected true or false, "
            "got \"1\"");
  EXPECT_TRUE(configOf(hookWith("    function: a\n    report_batch_item_failures: true\n"))
                  .triggers.at("hook")
                  .report_batch_item_failures);
}

TEST(TriggerValidation, NamesFollowTheFunctionNameRule) {
  EXPECT_EQ(errorOf(triggersWith("  my.hook:\n    source: { kind: http }\n    function: a\n")),
            "test.yaml:7:3: triggers.my.hook: expected a trigger name of 1 to 64 letters, digits, "
            "'-' or '_', got \"my.hook\"");
  EXPECT_EQ(errorOf(triggersWith("  - hook\n")),
            "test.yaml:7:3: triggers: expected a map, got a list");
}

}  // namespace
}  // namespace switchyard::config
