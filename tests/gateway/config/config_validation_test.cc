#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "gateway/config/config.h"
#include "tests/gateway/config/config_test_helpers.h"

// Errors in the file's structure and in the server, store and log sections: each names
// file:line:column, the key path, what was expected and what was found.

namespace switchyard::config {
namespace {

using testing::configOf;
using testing::errorOf;
using testing::yaml;

TEST(ConfigValidation, BadDurationNamesFileLineColumnAndKeyPath) {
  const Result<Config> config = parseConfig(yaml(R"(
server:
  listen: 127.0.0.1:8080
  admin: 127.0.0.1:9090
store:
  data_dir: ./var
functions:
  resize:
    kind: runtime-api
    instances: 2
  thumbnail:
    endpoint: http://127.0.0.1:9000/
    timeout: fast
)"),
                                            "config/x.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(config.error().message,
            "config/x.yaml:12:14: functions.thumbnail.timeout: expected a duration like 250ms, "
            "3s, 1m or 2h, got \"fast\"");
}

TEST(ConfigValidation, UnknownKeyNamesLineColumnAndSuggestion) {
  EXPECT_EQ(
      errorOf(R"(
functions:
  thumbnail:
    endpoint: http://127.0.0.1:9000/
    timout: 3s
)"),
      "test.yaml:4:5: functions.thumbnail.timout: unknown key \"timout\", did you mean "
      "\"timeout\"? (expected one of: endpoint, kind, timeout, concurrency, queue_limit, "
      "retry, client, tls, on_success, on_failure, command, handler, workdir, env, instances, "
      "memory, runtime_api)");
}

TEST(ConfigValidation, UnknownKeyWithoutNearMatchListsTheExpectedKeys) {
  EXPECT_EQ(errorOf(R"(
server:
  colour: blue
)"),
            "test.yaml:2:3: server.colour: unknown key \"colour\" (expected one of: listen, admin, "
            "shards, max_header_bytes, max_body_bytes, idle_timeout, drain_timeout, admin_token, "
            "ingest_token, max_chain_hops, memory_budget)");
}

TEST(ConfigValidation, TypoIsReportedBeforeTheMissingSectionItCauses) {
  EXPECT_EQ(errorOf(R"(
funtions:
  f:
    endpoint: http://127.0.0.1:9000/
triggers:
  t:
    source: { kind: http }
    function: f
)"),
            "test.yaml:1:1: funtions: unknown key \"funtions\", did you mean \"functions\"? "
            "(expected one of: server, store, functions, triggers, log, aws, queues, topics)");
}

TEST(ConfigValidation, DuplicateKeysAreErrors) {
  EXPECT_EQ(errorOf(R"(
server:
  shards: 2
  shards: 4
)"),
            "test.yaml:3:3: server.shards: duplicate key \"shards\" (first at line 2)");
  EXPECT_EQ(errorOf(R"(
functions:
  f:
    endpoint: http://a:1/
  f:
    endpoint: http://b:1/
)"),
            "test.yaml:4:3: functions.f: duplicate key \"f\" (first at line 2)");
}

TEST(ConfigValidation, ListWhereMapExpectedSaysWhatWasExpected) {
  EXPECT_EQ(errorOf(R"(
server:
  - listen: :8080
)"),
            "test.yaml:2:3: server: expected a map, got a list");
  EXPECT_EQ(errorOf("- a\n- b\n"),
            "test.yaml:1:1: expected a map with server, store, functions and triggers, got a list");
  EXPECT_EQ(errorOf("hello\n"),
            "test.yaml:1:1: expected a map with server, store, functions and triggers, got "
            "\"hello\"");
}

TEST(ConfigValidation, MapWhereScalarExpectedSaysWhatWasExpected) {
  EXPECT_EQ(errorOf(R"(
server:
  listen: { host: a, port: 1 }
)"),
            "test.yaml:2:11: server.listen: expected host:port like 127.0.0.1:8080, got a map");
}

TEST(ConfigValidation, EmptyValueIsReportedAtItsKey) {
  EXPECT_EQ(errorOf(R"(
server:
  idle_timeout:
store:
  data_dir: ./var
)"),
            "test.yaml:2:3: server.idle_timeout: expected a duration like 250ms, 3s, 1m or 2h, "
            "got nothing");
}

TEST(ConfigValidation, MergeKeysAreRejectedWithAnExplanation) {
  EXPECT_EQ(errorOf(R"(
functions:
  f:
    <<: { timeout: 3s }
    endpoint: http://127.0.0.1:9000/
)"),
            "test.yaml:3:5: functions.f.<<: merge keys (<<) are not supported by the YAML reader; "
            "write the keys out");
}

TEST(ConfigValidation, KeysMustBeNames) {
  EXPECT_EQ(errorOf("? [a, b]\n: c\n"), "test.yaml:1:3: expected a key name, got a list");
}

TEST(ServerValidation, ShardsIsAutoOrACount) {
  EXPECT_EQ(configOf("server:\n  shards: auto\n").server.shards, 0);
  EXPECT_EQ(configOf("server:\n  shards: 1\n").server.shards, 1);
  EXPECT_EQ(configOf("server:\n  shards: 256\n").server.shards, 256);
  EXPECT_EQ(errorOf("server:\n  shards: 0\n"),
            "test.yaml:2:11: server.shards: expected auto or an integer between 1 and 256, got "
            "\"0\"");
  EXPECT_EQ(errorOf("server:\n  shards: 257\n"),
            "test.yaml:2:11: server.shards: expected auto or an integer between 1 and 256, got "
            "\"257\"");
  EXPECT_EQ(errorOf("server:\n  shards: [1]\n"),
            "test.yaml:2:11: server.shards: expected auto or an integer between 1 and 256, got a "
            "list");
}

TEST(ServerValidation, AddressesAreHostPort) {
  EXPECT_EQ(errorOf("server:\n  listen: :70000\n"),
            "test.yaml:2:11: server.listen: expected a port between 0 and 65535, got \":70000\"");
  EXPECT_EQ(errorOf("server:\n  admin: localhost\n"),
            "test.yaml:2:10: server.admin: expected host:port like 127.0.0.1:8080, [::1]:8080 or "
            ":8080, got \"localhost\"");
  EXPECT_EQ(configOf("server:\n  admin: 127.0.0.1:0\n").server.admin.port, 0);
}

TEST(ServerValidation, SizesAndTimeoutsHaveLowerBounds) {
  EXPECT_EQ(errorOf("server:\n  max_body_bytes: 10 MB\n"),
            "test.yaml:2:19: server.max_body_bytes: expected a byte size like 1024, 64KiB, 6MiB "
            "or 2MB, got \"10 MB\"");
  EXPECT_EQ(errorOf("server:\n  max_header_bytes: 0\n"),
            "test.yaml:2:21: server.max_header_bytes: expected a byte size of at least 1, got "
            "\"0\"");
  EXPECT_EQ(errorOf("server:\n  idle_timeout: 0s\n"),
            "test.yaml:2:17: server.idle_timeout: expected a duration of at least 1ms, got \"0s\"");
  EXPECT_EQ(configOf("server:\n  drain_timeout: 0s\n").server.drain_timeout, Duration::zero());
  EXPECT_EQ(errorOf("server:\n  memory_budget: 64KiB\n"),
            "test.yaml:2:18: server.memory_budget: expected a byte size of at least 1MiB, got "
            "\"64KiB\"");
  EXPECT_EQ(configOf("server:\n  memory_budget: 2GiB\n").server.memory_budget, size_t{2} << 30);
  EXPECT_EQ(configOf("server: {}\n").server.memory_budget, size_t{1} << 30) << "default 1 GiB";
}

TEST(ServerValidation, TokensExpandEnvironmentVariables) {
  ASSERT_EQ(setenv("SY_CONFIG_TEST_ADMIN_TOKEN", "tok-123", 1), 0);
  ASSERT_EQ(setenv("SY_CONFIG_TEST_INGEST_TOKEN", "abc", 1), 0);
  const Config config = configOf(R"(
server:
  admin_token: ${SY_CONFIG_TEST_ADMIN_TOKEN}
  ingest_token: ingest-${SY_CONFIG_TEST_INGEST_TOKEN}-$${NOT_A_VARIABLE}
)");
  EXPECT_EQ(config.server.admin_token, "tok-123");
  EXPECT_EQ(config.server.ingest_token, "ingest-abc-${NOT_A_VARIABLE}");
  unsetenv("SY_CONFIG_TEST_ADMIN_TOKEN");
  unsetenv("SY_CONFIG_TEST_INGEST_TOKEN");
}

TEST(ServerValidation, UnsetEnvironmentVariableIsNamed) {
  unsetenv("SY_CONFIG_TEST_UNSET");
  EXPECT_EQ(errorOf("server:\n  admin_token: ${SY_CONFIG_TEST_UNSET}\n"),
            "test.yaml:2:16: server.admin_token: environment variable SY_CONFIG_TEST_UNSET is not "
            "set");
}

TEST(ServerValidation, TokenExpandingToNothingIsAnError) {
  ASSERT_EQ(setenv("SY_CONFIG_TEST_EMPTY", "", 1), 0);
  EXPECT_EQ(errorOf("server:\n  ingest_token: ${SY_CONFIG_TEST_EMPTY}\n"),
            "test.yaml:2:17: server.ingest_token: expands to an empty token (leave the key out to "
            "have no token)");
  unsetenv("SY_CONFIG_TEST_EMPTY");
}

TEST(StoreValidation, DlqIsSqliteRedisOrKafka) {
  EXPECT_EQ(configOf("store:\n  dlq: redis://localhost:6379\n").store.dlq,
            "redis://localhost:6379");
  EXPECT_EQ(configOf("store:\n  dlq: kafka://broker:9092/dlq\n").store.dlq,
            "kafka://broker:9092/dlq");
  const std::string expected =
      "expected sqlite, none, redis://host:port or kafka://bootstrap/topic, got ";
  EXPECT_EQ(errorOf("store:\n  dlq: postgres://db\n"),
            "test.yaml:2:8: store.dlq: " + expected + "\"postgres://db\"");
  EXPECT_EQ(errorOf("store:\n  dlq: kafka://broker:9092\n"),
            "test.yaml:2:8: store.dlq: " + expected + "\"kafka://broker:9092\"");
  EXPECT_EQ(errorOf("store:\n  dlq: redis://\n"),
            "test.yaml:2:8: store.dlq: " + expected + "\"redis://\"");
}

TEST(StoreValidation, DataDirMustNotBeEmpty) {
  EXPECT_EQ(errorOf("store:\n  data_dir: \"\"\n"),
            "test.yaml:2:13: store.data_dir: expected a directory, got \"\"");
}

TEST(StoreValidation, AwsStateIsSqliteByDefaultOrMemory) {
  EXPECT_EQ(configOf("server:\n  shards: 1\n").store.aws, AwsStoreKind::kSqlite);
  EXPECT_EQ(configOf("store:\n  aws: sqlite\n").store.aws, AwsStoreKind::kSqlite);
  EXPECT_EQ(configOf("store: { aws: memory }\n").store.aws, AwsStoreKind::kMemory);
  EXPECT_EQ(errorOf("store:\n  aws: redis://localhost:6379\n"),
            "test.yaml:2:8: store.aws: expected one of sqlite, memory, got "
            "\"redis://localhost:6379\"");
  EXPECT_EQ(errorOf("store:\n  aws: memroy\n"),
            "test.yaml:2:8: store.aws: expected one of sqlite, memory, got \"memroy\" (did you "
            "mean \"memory\"?)");
  EXPECT_EQ(errorOf("store:\n  aws: [sqlite]\n"),
            "test.yaml:2:8: store.aws: expected one of sqlite, memory, got a list");
}

TEST(LogValidation, LevelIsOneOfFourWithSuggestion) {
  EXPECT_EQ(configOf("log:\n  level: warn\n").log.level, "warn");
  EXPECT_EQ(errorOf("log:\n  level: verbose\n"),
            "test.yaml:2:10: log.level: expected one of debug, info, warn, error, got \"verbose\"");
  EXPECT_EQ(errorOf("log:\n  level: debg\n"),
            "test.yaml:2:10: log.level: expected one of debug, info, warn, error, got \"debg\" "
            "(did you mean \"debug\"?)");
}

}  // namespace
}  // namespace switchyard::config
