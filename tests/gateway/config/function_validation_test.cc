#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "gateway/config/config.h"
#include "tests/gateway/config/config_test_helpers.h"

// The `functions:` section: kinds, endpoints, limits, retry policies, destinations and the
// runtime-api settings. Every error is asserted with its exact file:line:column.

namespace switchyard::config {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::configOf;
using testing::errorOf;

// A function `f` with `extra` (lines of YAML, indented 4) added to its definition; `extra` starts
// on line 4.
std::string functionWith(std::string_view extra) {
  return "functions:\n  f:\n    endpoint: http://127.0.0.1:9000/\n" + std::string(extra);
}

TEST(FunctionValidation, HttpAndLambdaNeedAnEndpoint) {
  EXPECT_EQ(errorOf(R"(
functions:
  thumbnail:
    kind: lambda
)"),
            "test.yaml:2:3: functions.thumbnail: missing required key \"endpoint\" (the URL kind "
            "lambda delivers to)");
  EXPECT_EQ(errorOf("functions:\n  f:\n"),
            "test.yaml:2:3: functions.f: missing required key \"endpoint\" (the URL kind http "
            "delivers to)");
}

TEST(FunctionValidation, EndpointMustBeAnHttpUrl) {
  EXPECT_EQ(errorOf("functions:\n  f:\n    endpoint: ftp://example.com/\n"),
            "test.yaml:3:15: functions.f.endpoint: expected an http:// or https:// URL like "
            "http://127.0.0.1:9000/path, got \"ftp://example.com/\"");
  EXPECT_EQ(errorOf("functions:\n  f:\n    endpoint: http://example.com:99999/\n"),
            "test.yaml:3:15: functions.f.endpoint: expected a URL port between 1 and 65535, got "
            "\"http://example.com:99999/\"");
}

TEST(FunctionValidation, UnknownKindSuggestsTheNearest) {
  EXPECT_EQ(errorOf("functions:\n  f:\n    kind: lamda\n    endpoint: http://x:1/\n"),
            "test.yaml:3:11: functions.f.kind: expected one of http, lambda, runtime-api, got "
            "\"lamda\" (did you mean \"lambda\"?)");
}

TEST(FunctionValidation, RuntimeApiTakesNoEndpoint) {
  EXPECT_EQ(errorOf(R"(
functions:
  r:
    kind: runtime-api
    endpoint: http://127.0.0.1:9000/
)"),
            "test.yaml:4:5: functions.r.endpoint: not used with kind runtime-api: its runtimes "
            "pull work from Switchyard");
}

TEST(FunctionValidation, RuntimeApiSettingsOnOtherKindsAreErrors) {
  EXPECT_EQ(errorOf(functionWith("    instances: 2\n")),
            "test.yaml:4:5: functions.f.instances: only used with kind runtime-api (this "
            "function's kind is http)");
  EXPECT_EQ(errorOf(functionWith("    kind: lambda\n    command: [node]\n")),
            "test.yaml:5:5: functions.f.command: only used with kind runtime-api (this "
            "function's kind is lambda)");
}

TEST(FunctionValidation, TimeoutIsPositiveAndAtMostFifteenMinutes) {
  EXPECT_EQ(configOf(functionWith("    timeout: 15m\n")).functions.at("f").timeout, minutes(15));
  EXPECT_EQ(configOf(functionWith("    timeout: 1.5s\n")).functions.at("f").timeout,
            std::chrono::milliseconds(1500));
  EXPECT_EQ(errorOf(functionWith("    timeout: 0s\n")),
            "test.yaml:4:14: functions.f.timeout: expected a duration between 1ms and 15m, got "
            "\"0s\"");
  EXPECT_EQ(errorOf(functionWith("    timeout: 20m\n")),
            "test.yaml:4:14: functions.f.timeout: expected a duration between 1ms and 15m, got "
            "\"20m\"");
}

TEST(FunctionValidation, ConcurrencyAndQueueLimitAreBoundedIntegers) {
  EXPECT_EQ(errorOf(functionWith("    concurrency: lots\n")),
            "test.yaml:4:18: functions.f.concurrency: expected an integer between 1 and 100000, "
            "got \"lots\"");
  EXPECT_EQ(errorOf(functionWith("    concurrency: 0\n")),
            "test.yaml:4:18: functions.f.concurrency: expected an integer between 1 and 100000, "
            "got \"0\"");
  EXPECT_EQ(errorOf(functionWith("    concurrency: 1.5\n")),
            "test.yaml:4:18: functions.f.concurrency: expected an integer between 1 and 100000, "
            "got \"1.5\"");
  EXPECT_EQ(errorOf(functionWith("    queue_limit: 10000001\n")),
            "test.yaml:4:18: functions.f.queue_limit: expected an integer between 1 and "
            "10000000, got \"10000001\"");
  const Config config = configOf(functionWith("    concurrency: 100000\n    queue_limit: 1\n"));
  EXPECT_EQ(config.functions.at("f").concurrency, 100'000);
  EXPECT_EQ(config.functions.at("f").queue_limit, 1U);
}

TEST(FunctionValidation, RetryPolicyIsChecked) {
  EXPECT_EQ(errorOf(functionWith("    retry: { attempts: 0 }\n")),
            "test.yaml:4:24: functions.f.retry.attempts: expected an integer between 1 and 100, "
            "got \"0\"");
  EXPECT_EQ(errorOf(functionWith("    retry: { backoff: 30s..1s }\n")),
            "test.yaml:4:23: functions.f.retry.backoff: expected a base no longer than the cap in "
            "base..cap, got \"30s..1s\"");
  EXPECT_EQ(errorOf(functionWith("    retry: { max_age: 0s }\n")),
            "test.yaml:4:23: functions.f.retry.max_age: expected a duration of at least 1ms, got "
            "\"0s\"");
  EXPECT_EQ(errorOf(functionWith("    retry: 3\n")),
            "test.yaml:4:12: functions.f.retry: expected a retry policy like { attempts: 3, "
            "backoff: 200ms..30s, max_age: 6h }, got \"3\"");
  EXPECT_EQ(errorOf(functionWith("    retry: { attempt: 3 }\n")),
            "test.yaml:4:14: functions.f.retry.attempt: unknown key \"attempt\", did you mean "
            "\"attempts\"? (expected one of: attempts, backoff, max_age)");
}

TEST(FunctionValidation, SingleBackoffIsTheBaseWithTheDefaultCap) {
  const RetryConfig retry =
      configOf(functionWith("    retry:\n      attempts: 5\n      backoff: 1s\n"))
          .functions.at("f")
          .retry;
  EXPECT_EQ(retry.attempts, 5);
  EXPECT_EQ(retry.backoff_base, seconds(1));
  EXPECT_EQ(retry.backoff_cap, seconds(30));
  EXPECT_EQ(
      configOf(functionWith("    retry: { backoff: 5m }\n")).functions.at("f").retry.backoff_cap,
      minutes(5));
}

TEST(DestinationValidation, ExactlyOneOfFunctionTopicOrDlq) {
  EXPECT_EQ(errorOf(functionWith("    on_success: {}\n")),
            "test.yaml:4:17: functions.f.on_success: expected a destination: { function: NAME }, "
            "{ topic: NAME } or { dlq: true }, got an empty map");
  EXPECT_EQ(errorOf(functionWith("    on_failure: { dlq: true, topic: t }\n")),
            "test.yaml:4:17: functions.f.on_failure: expected exactly one of function, topic or "
            "dlq, got 2");
  EXPECT_EQ(errorOf(functionWith("    on_failure: dlq\n")),
            "test.yaml:4:17: functions.f.on_failure: expected a destination: { function: NAME }, "
            "{ topic: NAME } or { dlq: true }, got \"dlq\"");
  EXPECT_EQ(errorOf(functionWith("    on_failure: { dlq: false }\n")),
            "test.yaml:4:24: functions.f.on_failure.dlq: expected true (leave the destination out "
            "to have none), got false");
}

TEST(DestinationValidation, FunctionDestinationMustExist) {
  EXPECT_EQ(errorOf(functionWith("    on_success: { function: nope }\n")),
            "test.yaml:4:29: functions.f.on_success.function: no function named \"nope\" "
            "(defined: f)");
  EXPECT_EQ(errorOf(functionWith("    on_failure: { function: thumbnial }\n  thumbnail:\n"
                                 "    endpoint: http://127.0.0.1:9001/\n")),
            "test.yaml:4:29: functions.f.on_failure.function: no function named \"thumbnial\", "
            "did you mean \"thumbnail\"? (defined: f, thumbnail)");
}

TEST(DestinationValidation, DestinationsMayNameFunctionsDefinedLaterAndTopics) {
  const Config config = configOf(R"(
functions:
  first:
    endpoint: http://127.0.0.1:9000/
    on_success: { function: second }
    on_failure: { topic: orders.failed_v1 }
  second:
    endpoint: http://127.0.0.1:9001/
)");
  const FunctionConfig& first = config.functions.at("first");
  EXPECT_EQ(first.on_success.kind, DestinationConfig::Kind::kFunction);
  EXPECT_EQ(first.on_success.name, "second");
  EXPECT_EQ(first.on_failure.kind, DestinationConfig::Kind::kTopic);
  EXPECT_EQ(first.on_failure.name, "orders.failed_v1");
  EXPECT_EQ(first.on_failure.mark.line, 5);
  EXPECT_EQ(first.on_failure.mark.column, 26);
}

TEST(DestinationValidation, TopicNamesFollowKafkaRules) {
  EXPECT_EQ(errorOf(functionWith("    on_success: { topic: \"bad topic\" }\n")),
            "test.yaml:4:26: functions.f.on_success.topic: expected a topic name of 1 to 249 "
            "letters, digits, '.', '_' or '-', got \"bad topic\"");
}

TEST(FunctionValidation, NamesFollowLambdaRules) {
  EXPECT_EQ(errorOf("functions:\n  bad name:\n    endpoint: http://x:1/\n"),
            "test.yaml:2:3: functions.bad name: expected a function name of 1 to 64 letters, "
            "digits, '-' or '_', got \"bad name\"");
  const std::string long_name(65, 'a');
  EXPECT_EQ(errorOf("functions:\n  " + long_name + ":\n    endpoint: http://x:1/\n"),
            "test.yaml:2:3: functions." + long_name + ": expected a function name of 1 to 64 " +
                "letters, digits, '-' or '_', got \"" + long_name + "\"");
  EXPECT_EQ(errorOf("functions: [a, b]\n"),
            "test.yaml:1:12: functions: expected a map, got a list");
}

TEST(RuntimeApiValidation, CommandIsAListOrASpaceSeparatedString) {
  const Config config = configOf(R"(
functions:
  a:
    kind: runtime-api
    command: ./bootstrap  --flag x
  b:
    kind: runtime-api
    command: [python3, -m, awslambdaric, "app.handler"]
)");
  EXPECT_EQ(config.functions.at("a").command,
            (std::vector<std::string>{"./bootstrap", "--flag", "x"}));
  EXPECT_EQ(config.functions.at("b").command,
            (std::vector<std::string>{"python3", "-m", "awslambdaric", "app.handler"}));
}

TEST(RuntimeApiValidation, CommandMustNotBeEmptyOrNested) {
  const std::string head = "functions:\n  r:\n    kind: runtime-api\n";
  EXPECT_EQ(errorOf(head + "    command: []\n"),
            "test.yaml:4:14: functions.r.command: expected a command to run, got an empty one");
  EXPECT_EQ(errorOf(head + "    command: \"  \"\n"),
            "test.yaml:4:14: functions.r.command: expected a command to run, got an empty one");
  EXPECT_EQ(errorOf(head + "    command: [node, {a: b}]\n"),
            "test.yaml:4:21: functions.r.command[1]: expected a string, got a map");
  EXPECT_EQ(errorOf(head + "    command: {node: x}\n"),
            "test.yaml:4:14: functions.r.command: expected a command: a list like [node, "
            "index.js] or a string, got a map");
}

TEST(RuntimeApiValidation, MemoryIsMegabytesOrAWholeNumberOfMebibytes) {
  const std::string head = "functions:\n  r:\n    kind: runtime-api\n";
  EXPECT_EQ(configOf(head + "    memory: 512\n").functions.at("r").memory_mb, 512);
  EXPECT_EQ(configOf(head + "    memory: 512MiB\n").functions.at("r").memory_mb, 512);
  EXPECT_EQ(configOf(head + "    memory: 1GiB\n").functions.at("r").memory_mb, 1024);
  EXPECT_EQ(errorOf(head + "    memory: 500MB\n"),
            "test.yaml:4:13: functions.r.memory: expected a whole number of MiB (a plain 512 "
            "means 512 MB, as Lambda counts), got \"500MB\"");
  EXPECT_EQ(errorOf(head + "    memory: 64\n"),
            "test.yaml:4:13: functions.r.memory: expected memory between 128 and 10240 MB, like "
            "512 or 512MiB, got \"64\"");
  EXPECT_EQ(errorOf(head + "    memory: lots\n"),
            "test.yaml:4:13: functions.r.memory: expected memory between 128 and 10240 MB, like "
            "512 or 512MiB, got \"lots\"");
}

TEST(RuntimeApiValidation, EnvIsAMapOfVariables) {
  const std::string head = "functions:\n  r:\n    kind: runtime-api\n";
  const FunctionConfig function =
      configOf(head + "    env: { NODE_ENV: production, PORT: 8080, _X: \"\" }\n")
          .functions.at("r");
  EXPECT_EQ(function.env, (std::map<std::string, std::string>{
                              {"NODE_ENV", "production"}, {"PORT", "8080"}, {"_X", ""}}));
  EXPECT_EQ(errorOf(head + "    env: { BAD-NAME: x }\n"),
            "test.yaml:4:12: functions.r.env.BAD-NAME: expected an environment variable name "
            "([A-Za-z_][A-Za-z0-9_]*), got \"BAD-NAME\"");
  EXPECT_EQ(errorOf(head + "    env: [A=1]\n"),
            "test.yaml:4:10: functions.r.env: expected a map, got a list");
  EXPECT_EQ(errorOf(head + "    env: { A: [1] }\n"),
            "test.yaml:4:15: functions.r.env.A: expected a string, got a list");
}

TEST(RuntimeApiValidation, InstancesAndProcessSettings) {
  const std::string head = "functions:\n  r:\n    kind: runtime-api\n";
  EXPECT_EQ(errorOf(head + "    instances: 0\n"),
            "test.yaml:4:16: functions.r.instances: expected an integer between 1 and 1024, got "
            "\"0\"");
  const FunctionConfig function =
      configOf(head + "    instances: 1024\n    handler: app.handler\n    workdir: /srv/app\n")
          .functions.at("r");
  EXPECT_EQ(function.instances, 1024);
  EXPECT_EQ(function.handler, "app.handler");
  EXPECT_EQ(function.workdir, "/srv/app");
  EXPECT_TRUE(function.command.empty());
}

}  // namespace
}  // namespace switchyard::config
