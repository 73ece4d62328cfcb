#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gateway/core/event.h"
#include "gateway/core/result.h"

// Typed, validated configuration (DESIGN.md §10). The YAML keys are the user-facing contract:
// add keys freely, rename none without keeping the old name working. Every error names
// file:line:column, the key path and what was expected; unknown keys are errors.
//
// NOTE: a Config is immutable once loaded and shared as shared_ptr<const Config>.

namespace switchyard::config {

using Duration = std::chrono::milliseconds;

// Where in the file a value came from, for errors found after parsing (e.g. by a connector).
struct Mark {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based
};

struct HostPort {
  std::string host;
  uint16_t port = 0;  // 0 = let the OS choose (tests)
  std::string toString() const;
};

struct ServerConfig {
  HostPort listen{"127.0.0.1", 8080};
  HostPort admin{"127.0.0.1", 9090};
  int shards = 0;                           // 0 = auto: one per core
  size_t max_header_bytes = 16 * 1024;      // request line + headers; beyond: 431
  size_t max_body_bytes = 6 * 1024 * 1024;  // Lambda's synchronous payload limit; beyond: 413
  Duration idle_timeout{60'000};            // keep-alive connections idle longer are closed
  Duration drain_timeout{10'000};           // SIGTERM: how long in-flight work may finish
  std::string admin_token;                  // if set, admin endpoints need `Authorization: Bearer`
  std::string ingest_token;                 // if set, ingest endpoints need it too
  int max_chain_hops = 16;  // destination chains longer than this end in the DLQ ("chain loop")
  // Bytes that queued deliveries may hold, across all functions; beyond: backpressure (429).
  size_t memory_budget = size_t{1} << 30;
};

// Where the AWS-compatible services (SQS, SNS) keep queues, messages, topics and subscriptions:
// sqlite (data_dir/aws.sqlite, survives restarts) or memory (lost on exit).
enum class AwsStoreKind { kSqlite, kMemory };

struct StoreConfig {
  std::string data_dir = "./var";
  // sqlite | none (log and drop) | redis://host:port | kafka://bootstrap/topic
  std::string dlq = "sqlite";
  AwsStoreKind aws = AwsStoreKind::kSqlite;
};

struct RetryConfig {
  int attempts = 3;                // total attempts including the first
  Duration backoff_base{200};      // first retry waits up to this (full jitter)
  Duration backoff_cap{30'000};    // no wait exceeds this
  Duration max_age{6 * 3600'000};  // older events are not retried again
};

struct DestinationConfig {
  enum class Kind { kNone, kFunction, kTopic, kDlq };
  Kind kind = Kind::kNone;
  std::string name;  // function or topic name
  Mark mark;
};

enum class FunctionKind { kHttp, kLambda, kRuntimeApi };
std::string_view functionKindName(FunctionKind kind);

struct FunctionConfig {
  std::string name;
  Mark mark;
  FunctionKind kind = FunctionKind::kHttp;
  std::string endpoint;  // http / lambda: URL to POST to
  Duration timeout{3'000};
  int concurrency = 64;         // max deliveries in flight
  size_t queue_limit = 10'000;  // deliveries waiting (incl. retries); beyond: backpressure (429)
  RetryConfig retry;
  // HTTP client for http/lambda endpoints: the lean libuv client (native, the default for
  // http://) or libcurl's multi interface (curl; always used for https://).
  bool use_curl = false;
  std::string tls_ca_file;  // PEM bundle to verify the endpoint's certificate (default: system)
  bool tls_verify = true;   // false only for test setups with self-signed certificates
  DestinationConfig on_success;
  DestinationConfig on_failure;
  // kind: runtime-api (managed runtime processes)
  std::vector<std::string> command;
  std::string handler;
  std::string workdir;
  std::map<std::string, std::string> env;
  int instances = 1;
  int memory_mb = 128;
  // Where the Runtime API listens for runtimes started outside Switchyard (no `command`);
  // managed runtimes each get their own OS-chosen port.
  HostPort runtime_api{"127.0.0.1", 0};
};

struct BatchConfig {
  int size = 1;
  Duration window{0};
  size_t max_bytes = 6 * 1024 * 1024;
};

// One function a trigger delivers to. `functions:` entries are either a name or a map
// `{ function: NAME, filter: PATTERN, format: FORMAT }` (per-target filter and format).
struct TargetConfig {
  std::string function;
  Mark mark;
  YAML::Node filter;  // per-target EventBridge pattern, null if none
  bool has_format = false;
  EventFormat format = EventFormat::kAws;
};

struct TriggerConfig {
  std::string name;
  Mark mark;
  // The source block: `kind` is read here; the rest belongs to the connector, which validates it
  // (ConnectorFactory::parseConfig) with `source_mark` for errors.
  std::string source_kind;
  YAML::Node source;
  Mark source_mark;
  std::vector<TargetConfig> targets;  // `function: x` or `functions: [a, b, {function: c, ...}]`
  YAML::Node filter;                  // EventBridge event pattern; compiled by the router
  bool has_format = false;
  EventFormat format = EventFormat::kAws;
  BatchConfig batch;
  bool report_batch_item_failures = false;
};

// The AWS-compatible APIs (SQS, SNS, ...): the identity used in ARNs and queue URLs, and the
// credentials whose SigV4 signatures are verified (none: any request is accepted).
struct AwsCredential {
  std::string access_key_id;
  std::string secret_access_key;
};
struct AwsConfig {
  std::string region = "us-east-1";
  std::string account = "000000000000";
  std::vector<AwsCredential> credentials;
};

// A queue declared in the config (`queues:`); the API can create more.
struct QueueConfig {
  std::string name;
  Mark mark;
  bool fifo = false;
  bool content_based_deduplication = false;
  Duration visibility_timeout{30'000};
  Duration delay{0};
  Duration retention{4 * 24 * 3600'000LL};
  Duration receive_wait{0};
  size_t max_message_size = 256 * 1024;
  std::string dead_letter_queue;  // redrive target (a queue name)
  int max_receive_count = 0;      // with dead_letter_queue
};

struct SubscriptionConfig {
  Mark mark;
  std::string protocol;                                   // lambda | sqs
  std::string function;                                   // protocol lambda
  std::string queue;                                      // protocol sqs
  std::string filter_policy;                              // JSON text, empty: every message
  std::string filter_policy_scope = "MessageAttributes";  // or MessageBody
  bool raw_message_delivery = false;
};

struct TopicConfig {
  std::string name;
  Mark mark;
  std::vector<SubscriptionConfig> subscriptions;
};

struct LogConfig {
  std::string level = "info";
};

struct Config {
  std::string path;  // file the config came from ("<embedded>" for the default)
  ServerConfig server;
  StoreConfig store;
  LogConfig log;
  std::map<std::string, FunctionConfig> functions;
  std::map<std::string, TriggerConfig> triggers;
  AwsConfig aws;
  std::map<std::string, QueueConfig> queues;
  std::map<std::string, TopicConfig> topics;
};

// Parses and validates `text` (from `path`, used in messages). Checks structure, types, ranges and
// cross-references (triggers name existing functions, destinations exist). Connector- and
// pattern-level validation happen later, with the same error style (see formatError).
Result<Config> parseConfig(const std::string& text, const std::string& path);
Result<Config> loadConfigFile(const std::string& path);

// The embedded default config (config/switchyard.yaml, compiled in).
std::string_view embeddedDefaultConfig();

// "file:line:col: key.path: message" — the one format for every config error.
std::string formatError(const std::string& path, Mark mark, std::string_view key_path,
                        std::string_view message);
Mark markOf(const YAML::Node& node);

// "250ms", "3s", "1.5m", "2h", "1d" → milliseconds.
Result<Duration> parseDuration(std::string_view text);
// "64KiB", "6MiB", "1024", "2MB" → bytes.
Result<size_t> parseByteSize(std::string_view text);
// "127.0.0.1:8080", ":8080", "localhost:0".
Result<HostPort> parseHostPort(std::string_view text);

}  // namespace switchyard::config
