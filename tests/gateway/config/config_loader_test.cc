#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "gateway/config/config.h"
#include "tests/gateway/config/config_test_helpers.h"

namespace switchyard::config {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::configOf;
using testing::errorOf;
using testing::yaml;

// DESIGN.md §10, verbatim.
constexpr char kDesignExample[] = R"(
server:
  listen: 127.0.0.1:8080          # every HTTP-facing connector shares this port
  admin: 127.0.0.1:9090           # /healthz /readyz /metrics /v1/...
  shards: auto                    # worker loops; auto = one per core
store:
  data_dir: ./var                 # embedded state: DLQ (SQLite), offsets, schedules, WAL
  dlq: sqlite                     # or redis://host:port, kafka://bootstrap/topic
functions:
  thumbnail:
    endpoint: http://127.0.0.1:9000/2015-03-31/functions/function/invocations
    kind: lambda                  # http (default: POST the event) | lambda (RIE invoke path)
    timeout: 3s                   #   | runtime-api (runtimes pull; see command)
    concurrency: 64
    retry: { attempts: 3, backoff: 200ms..30s, max_age: 6h }
    on_success: { function: index }          # or { topic: NAME } or { dlq: true }
    on_failure: { dlq: true }
  resize:
    kind: runtime-api
    command: [node, node_modules/.bin/aws-lambda-ric]
    handler: index.handler
    workdir: ./functions/resize
    instances: 4
triggers:
  hook:
    source: { kind: http }        # POST /events/hook
    function: thumbnail           # or functions: [a, b, c] (fan-out)
    filter: { detail: { type: [order] } }    # EventBridge event pattern
    format: raw                   # aws (per-source default) | cloudevents | raw
  uploads:
    source: { kind: s3, bucket: photos, events: ["s3:ObjectCreated:*"], suffix: .jpg }
    function: thumbnail
  orders:
    source: { kind: sqs, queue: orders }
    batch: { size: 10, window: 1s }
    report_batch_item_failures: true
    function: order-handler
)";

// The example names two functions it does not define; these complete it.
constexpr char kDesignExampleMissingFunctions[] = R"(  index:
    endpoint: http://127.0.0.1:9001/
  order-handler:
    endpoint: http://127.0.0.1:9002/
)";

std::string completeDesignExample() {
  std::string text = yaml(kDesignExample);
  const size_t triggers = text.find("triggers:\n");
  text.insert(triggers, kDesignExampleMissingFunctions);
  return text;
}

TEST(ConfigLoading, DesignExampleParsesIntoTypedConfig) {
  const Config config = configOf(completeDesignExample());

  EXPECT_EQ(config.path, "test.yaml");
  EXPECT_EQ(config.server.listen.toString(), "127.0.0.1:8080");
  EXPECT_EQ(config.server.admin.toString(), "127.0.0.1:9090");
  EXPECT_EQ(config.server.shards, 0);
  EXPECT_EQ(config.store.data_dir, "./var");
  EXPECT_EQ(config.store.dlq, "sqlite");
  ASSERT_EQ(config.functions.size(), 4U);

  const FunctionConfig& thumbnail = config.functions.at("thumbnail");
  EXPECT_EQ(thumbnail.name, "thumbnail");
  EXPECT_EQ(thumbnail.mark.line, 9);
  EXPECT_EQ(thumbnail.mark.column, 3);
  EXPECT_EQ(thumbnail.kind, FunctionKind::kLambda);
  EXPECT_EQ(thumbnail.endpoint, "http://127.0.0.1:9000/2015-03-31/functions/function/invocations");
  EXPECT_EQ(thumbnail.timeout, seconds(3));
  EXPECT_EQ(thumbnail.concurrency, 64);
  EXPECT_EQ(thumbnail.retry.attempts, 3);
  EXPECT_EQ(thumbnail.retry.backoff_base, milliseconds(200));
  EXPECT_EQ(thumbnail.retry.backoff_cap, seconds(30));
  EXPECT_EQ(thumbnail.retry.max_age, hours(6));
  EXPECT_EQ(thumbnail.on_success.kind, DestinationConfig::Kind::kFunction);
  EXPECT_EQ(thumbnail.on_success.name, "index");
  EXPECT_EQ(thumbnail.on_success.mark.line, 15);
  EXPECT_EQ(thumbnail.on_success.mark.column, 29);
  EXPECT_EQ(thumbnail.on_failure.kind, DestinationConfig::Kind::kDlq);

  const FunctionConfig& resize = config.functions.at("resize");
  EXPECT_EQ(resize.kind, FunctionKind::kRuntimeApi);
  EXPECT_EQ(resize.endpoint, "");
  EXPECT_EQ(resize.command, (std::vector<std::string>{"node", "node_modules/.bin/aws-lambda-ric"}));
  EXPECT_EQ(resize.handler, "index.handler");
  EXPECT_EQ(resize.workdir, "./functions/resize");
  EXPECT_EQ(resize.instances, 4);
  EXPECT_EQ(resize.memory_mb, 128);

  ASSERT_EQ(config.triggers.size(), 3U);
  const TriggerConfig& hook = config.triggers.at("hook");
  EXPECT_EQ(hook.source_kind, "http");
  EXPECT_EQ(hook.source_mark.line, 29);  // line 25 of the example + the 4 inserted lines
  EXPECT_EQ(hook.source_mark.column, 13);
  ASSERT_EQ(hook.targets.size(), 1U);
  EXPECT_EQ(hook.targets[0].function, "thumbnail");
  EXPECT_EQ(hook.targets[0].mark.line, 30);
  EXPECT_EQ(hook.targets[0].mark.column, 15);
  ASSERT_TRUE(hook.filter.IsMap());
  EXPECT_EQ(hook.filter["detail"]["type"][0].Scalar(), "order");
  EXPECT_TRUE(hook.has_format);
  EXPECT_EQ(hook.format, EventFormat::kRaw);
  EXPECT_FALSE(hook.report_batch_item_failures);

  // Source keys other than `kind` are the connector's business: kept, not checked.
  const TriggerConfig& uploads = config.triggers.at("uploads");
  EXPECT_EQ(uploads.source_kind, "s3");
  EXPECT_EQ(uploads.source["bucket"].Scalar(), "photos");
  EXPECT_EQ(uploads.source["events"][0].Scalar(), "s3:ObjectCreated:*");
  EXPECT_EQ(uploads.source["suffix"].Scalar(), ".jpg");
  EXPECT_FALSE(uploads.has_format);
  EXPECT_EQ(uploads.format, EventFormat::kAws);
  EXPECT_TRUE(uploads.filter.IsNull());

  const TriggerConfig& orders = config.triggers.at("orders");
  EXPECT_EQ(orders.source_kind, "sqs");
  EXPECT_EQ(orders.source["queue"].Scalar(), "orders");
  EXPECT_EQ(orders.batch.size, 10);
  EXPECT_EQ(orders.batch.window, seconds(1));
  EXPECT_EQ(orders.batch.max_bytes, BatchConfig{}.max_bytes);
  EXPECT_TRUE(orders.report_batch_item_failures);
  ASSERT_EQ(orders.targets.size(), 1U);
  EXPECT_EQ(orders.targets[0].function, "order-handler");
}

TEST(ConfigLoading, DesignExampleAsWrittenNamesItsUndefinedFunction) {
  EXPECT_EQ(errorOf(kDesignExample),
            "test.yaml:15:29: functions.thumbnail.on_success.function: no function named "
            "\"index\" (defined: resize, thumbnail)");
}

TEST(ConfigLoading, DefaultsApplyWhenKeysAreAbsent) {
  const Config config = configOf(R"(
functions:
  f:
    endpoint: http://127.0.0.1:9000/
triggers:
  t:
    source: { kind: http }
    function: f
)");
  EXPECT_EQ(config.server.listen.toString(), "127.0.0.1:8080");
  EXPECT_EQ(config.server.admin.toString(), "127.0.0.1:9090");
  EXPECT_EQ(config.server.shards, 0);
  EXPECT_EQ(config.server.max_header_bytes, 16U * 1024);
  EXPECT_EQ(config.server.max_body_bytes, 6U * 1024 * 1024);
  EXPECT_EQ(config.server.idle_timeout, seconds(60));
  EXPECT_EQ(config.server.drain_timeout, seconds(10));
  EXPECT_EQ(config.server.admin_token, "");
  EXPECT_EQ(config.server.ingest_token, "");
  EXPECT_EQ(config.store.data_dir, "./var");
  EXPECT_EQ(config.store.dlq, "sqlite");
  EXPECT_EQ(config.log.level, "info");

  const FunctionConfig& function = config.functions.at("f");
  EXPECT_EQ(function.kind, FunctionKind::kHttp);
  EXPECT_EQ(function.timeout, seconds(3));
  EXPECT_EQ(function.concurrency, 64);
  EXPECT_EQ(function.queue_limit, 10'000U);
  EXPECT_EQ(function.retry.attempts, 3);
  EXPECT_EQ(function.retry.backoff_base, milliseconds(200));
  EXPECT_EQ(function.retry.backoff_cap, seconds(30));
  EXPECT_EQ(function.retry.max_age, hours(6));
  EXPECT_EQ(function.on_success.kind, DestinationConfig::Kind::kNone);
  EXPECT_EQ(function.on_failure.kind, DestinationConfig::Kind::kNone);

  const TriggerConfig& trigger = config.triggers.at("t");
  EXPECT_EQ(trigger.batch.size, 1);
  EXPECT_EQ(trigger.batch.window, Duration::zero());
  EXPECT_FALSE(trigger.has_format);
  EXPECT_FALSE(trigger.report_batch_item_failures);
}

TEST(ConfigLoading, EmptyDocumentIsAConfigWithNothingToDo) {
  for (const char* text : {"", "# only a comment\n", "server:\nfunctions:\ntriggers:\n"}) {
    const Config config = configOf(text);
    EXPECT_TRUE(config.functions.empty()) << text;
    EXPECT_TRUE(config.triggers.empty()) << text;
    EXPECT_EQ(config.server.listen.port, 8080) << text;
  }
}

TEST(ConfigLoading, ServerSettingsAreRead) {
  const Config config = configOf(R"(
server:
  listen: :8081
  admin: localhost:0
  shards: 8
  max_header_bytes: 32KiB
  max_body_bytes: 10000000
  idle_timeout: 90s
  drain_timeout: 0s
  admin_token: s3cret
log:
  level: debug
store:
  data_dir: /var/lib/switchyard
  dlq: kafka://broker:9092/switchyard-dlq
)");
  EXPECT_EQ(config.server.listen.host, "0.0.0.0");
  EXPECT_EQ(config.server.listen.port, 8081);
  EXPECT_EQ(config.server.admin.toString(), "localhost:0");
  EXPECT_EQ(config.server.shards, 8);
  EXPECT_EQ(config.server.max_header_bytes, 32U * 1024);
  EXPECT_EQ(config.server.max_body_bytes, 10'000'000U);
  EXPECT_EQ(config.server.idle_timeout, seconds(90));
  EXPECT_EQ(config.server.drain_timeout, Duration::zero());
  EXPECT_EQ(config.server.admin_token, "s3cret");
  EXPECT_EQ(config.log.level, "debug");
  EXPECT_EQ(config.store.data_dir, "/var/lib/switchyard");
  EXPECT_EQ(config.store.dlq, "kafka://broker:9092/switchyard-dlq");
}

TEST(ConfigLoading, RepositoryExampleConfigParses) {
  const std::string path = std::string(SWITCHYARD_SOURCE_DIR) + "/config/switchyard.yaml";
  const Result<Config> config = loadConfigFile(path);
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->path, path);
  EXPECT_FALSE(config->functions.empty());
  EXPECT_FALSE(config->triggers.empty());
  for (const auto& [name, trigger] : config->triggers) {
    EXPECT_FALSE(trigger.source_kind.empty()) << name;
    EXPECT_FALSE(trigger.targets.empty()) << name;
  }
}

TEST(ConfigLoading, MissingFileIsNamedInTheError) {
  const Result<Config> config = loadConfigFile("/nonexistent/switchyard.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, Errc::kNotFound);
  EXPECT_EQ(config.error().message,
            "cannot read config file \"/nonexistent/switchyard.yaml\": No such file or directory");
}

TEST(ConfigLoading, DirectoryIsNotAConfigFile) {
  const std::string directory = std::string(SWITCHYARD_SOURCE_DIR) + "/config";
  const Result<Config> config = loadConfigFile(directory);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, Errc::kIo);
  EXPECT_EQ(config.error().message,
            "cannot read config file \"" + directory + "\": Is a directory");
}

TEST(ConfigLoading, ErrorsInAFileNameThatFile) {
  const std::string path = ::testing::TempDir() + "config_loader_test_bad.yaml";
  {
    std::ofstream file(path);
    file << "server:\n  shards: many\n";
  }
  const Result<Config> config = loadConfigFile(path);
  std::remove(path.c_str());
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message,
            path +
                ":2:11: server.shards: expected auto or an integer between 1 and 256, got "
                "\"many\"");
}

TEST(ConfigLoading, InvalidYamlReportsLineAndColumn) {
  EXPECT_EQ(errorOf("functions: [a, b\n"),
            "test.yaml:2:1: invalid YAML: end of sequence flow not found");
  // A tab is not indentation in YAML: yaml-cpp notices at the colon after "\tlisten".
  EXPECT_EQ(errorOf("server:\n\tlisten: :8080\n"),
            "test.yaml:2:8: invalid YAML: illegal map value");
}

TEST(ConfigLoading, OnlyOneDocumentPerFile) {
  EXPECT_EQ(errorOf("server:\n  shards: 2\n---\nserver:\n  shards: 4\n"),
            "test.yaml:4:1: expected one YAML document, found 2 (remove the extra \"---\")");
}

TEST(ConfigLoading, NeverThrowsOnHostileInput) {
  for (const std::string& text :
       {std::string("\xff\xfe\x00\x01", 4), std::string(2000, '['), std::string("&a [*a]"),
        std::string("? [a, b]\n: c\n"), std::string("!!binary 3q2+7w==\n"),
        std::string("*undefined_alias\n"), std::string("{{{{}}}}: x\n")}) {
    Result<Config> config = Error{};
    EXPECT_NO_THROW(config = parseConfig(text, "hostile.yaml"));
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().message.rfind("hostile.yaml", 0), 0U) << config.error().message;
  }
}

TEST(ConfigErrorFormat, FileLineColumnKeyPathMessage) {
  EXPECT_EQ(formatError("a.yaml", Mark{12, 14}, "functions.f.timeout", "bad"),
            "a.yaml:12:14: functions.f.timeout: bad");
  EXPECT_EQ(formatError("a.yaml", Mark{}, "functions.f", "bad"), "a.yaml: functions.f: bad");
  EXPECT_EQ(formatError("a.yaml", Mark{3, 1}, "", "bad"), "a.yaml:3:1: bad");
}

TEST(ConfigErrorFormat, MarksAreOneBased) {
  const YAML::Node root = YAML::Load("a:\n  b: [x, y]\n");
  const Mark mark = markOf(root["a"]["b"][1]);
  EXPECT_EQ(mark.line, 2);
  EXPECT_EQ(mark.column, 10);
  const Mark none = markOf(YAML::Node());
  EXPECT_EQ(none.line, 0);
  EXPECT_EQ(none.column, 0);
}

TEST(ConfigErrorFormat, FunctionKindNames) {
  EXPECT_EQ(functionKindName(FunctionKind::kHttp), "http");
  EXPECT_EQ(functionKindName(FunctionKind::kLambda), "lambda");
  EXPECT_EQ(functionKindName(FunctionKind::kRuntimeApi), "runtime-api");
}

}  // namespace
}  // namespace switchyard::config
