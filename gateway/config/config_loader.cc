#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "gateway/config/config.h"

#include "gateway/config/aws_reader.h"
#include "gateway/config/env_expansion.h"
#include "gateway/config/function_reader.h"
#include "gateway/config/trigger_reader.h"
#include "gateway/config/value_parsers.h"
#include "gateway/config/yaml_reader.h"

// The top of the config file: `server`, `store` and `log` are read here, `functions` and
// `triggers` by their own readers. One error per load, the first found (see ErrorSink).

namespace switchyard::config {

namespace {

constexpr int64_t kMaxShards = 256;

// `${NAME}` is expanded from the environment, so that the token need not be in the file.
void readToken(MapReader& fields, std::string_view key, std::string* out) {
  const std::optional<ValueRef> value = fields.find(key);
  if (!value) {
    return;
  }
  const std::optional<std::string> text = readString(fields.errors(), *value);
  if (!text) {
    return;
  }
  Result<std::string> expanded = expandEnvironment(*text, processEnvironment);
  if (!expanded.ok()) {
    fields.errors().report(value->mark, value->path, expanded.error().message);
    return;
  }
  if (expanded->empty() && !text->empty()) {
    // An empty token would silently turn authentication off.
    fields.errors().report(value->mark, value->path,
                           "expands to an empty token (leave the key out to have no token)");
    return;
  }
  *out = std::move(expanded).value();
}

void readShards(ErrorSink& errors, const ValueRef& ref, int* shards) {
  if (ref.node.IsScalar()) {
    if (ref.node.Scalar() == "auto") {
      *shards = 0;
      return;
    }
    const std::optional<int64_t> count = parseInteger(ref.node.Scalar());
    if (count && *count >= 1 && *count <= kMaxShards) {
      *shards = static_cast<int>(*count);
      return;
    }
  }
  reportExpected(errors, ref, "auto or an integer between 1 and " + std::to_string(kMaxShards));
}

void readServer(ErrorSink& errors, const ValueRef& ref, ServerConfig* server) {
  MapReader fields(
      errors, ref,
      {"listen", "admin", "shards", "max_header_bytes", "max_body_bytes", "idle_timeout",
       "drain_timeout", "admin_token", "ingest_token", "max_chain_hops", "memory_budget"});
  fields.readHostPort("listen", &server->listen);
  fields.readHostPort("admin", &server->admin);
  if (std::optional<ValueRef> shards = fields.find("shards")) {
    readShards(errors, *shards, &server->shards);
  }
  fields.readByteSize("max_header_bytes", 1, SIZE_MAX, &server->max_header_bytes);
  fields.readByteSize("max_body_bytes", 1, SIZE_MAX, &server->max_body_bytes);
  fields.readDuration("idle_timeout", Duration{1}, Duration::max(), &server->idle_timeout);
  fields.readDuration("drain_timeout", Duration{0}, Duration::max(), &server->drain_timeout);
  fields.readInteger("max_chain_hops", 1, 1000, &server->max_chain_hops);
  fields.readByteSize("memory_budget", size_t{1} << 20, SIZE_MAX, &server->memory_budget);
  readToken(fields, "admin_token", &server->admin_token);
  readToken(fields, "ingest_token", &server->ingest_token);
}

// sqlite, redis://host:port or kafka://bootstrap/topic.
bool isDlqLocation(std::string_view text) {
  if (text == "sqlite" || text == "none") {
    return true;
  }
  if (text.starts_with("redis://")) {
    return text.size() > 8;
  }
  if (text.starts_with("kafka://")) {
    const std::string_view rest = text.substr(8);
    const size_t slash = rest.find('/');
    return slash != 0 && slash != std::string_view::npos && slash + 1 < rest.size();
  }
  return false;
}

void readStore(ErrorSink& errors, const ValueRef& ref, StoreConfig* store) {
  MapReader fields(errors, ref, {"data_dir", "dlq", "aws"});
  if (std::optional<ValueRef> data_dir = fields.find("data_dir")) {
    if (std::optional<std::string> text = readString(errors, *data_dir)) {
      if (text->empty()) {
        reportExpected(errors, *data_dir, "a directory");
      } else {
        store->data_dir = std::move(*text);
      }
    }
  }
  if (std::optional<ValueRef> dlq = fields.find("dlq")) {
    if (std::optional<std::string> text = readString(errors, *dlq)) {
      if (isDlqLocation(*text)) {
        store->dlq = std::move(*text);
      } else {
        reportExpected(errors, *dlq, "sqlite, none, redis://host:port or kafka://bootstrap/topic");
      }
    }
  }
  if (std::optional<ValueRef> aws = fields.find("aws")) {
    if (std::optional<std::string> text = readChoice(errors, *aws, {"sqlite", "memory"})) {
      store->aws = *text == "sqlite" ? AwsStoreKind::kSqlite : AwsStoreKind::kMemory;
    }
  }
}

void readLog(ErrorSink& errors, const ValueRef& ref, LogConfig* log) {
  MapReader fields(errors, ref, {"level"});
  if (std::optional<ValueRef> level = fields.find("level")) {
    if (std::optional<std::string> text =
            readChoice(errors, *level, {"debug", "info", "warn", "error"})) {
      log->level = std::move(*text);
    }
  }
}

Mark markFrom(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0) {
    return {};
  }
  return {mark.line + 1, mark.column + 1};
}

Result<Config> parseDocument(const std::string& text, const std::string& path) {
  const std::vector<YAML::Node> documents = YAML::LoadAll(text);
  if (documents.size() > 1) {
    return makeError(Errc::kInvalidArgument, formatError(path, markOf(documents[1]), "",
                                                         "expected one YAML document, found " +
                                                             std::to_string(documents.size()) +
                                                             " (remove the extra \"---\")"));
  }
  ErrorSink errors(path);
  Config config;
  config.path = path;
  MapReader top(errors, rootRef(documents.empty() ? YAML::Node() : documents.front()),
                {"server", "store", "functions", "triggers", "log", "aws", "queues", "topics"},
                "a map with server, store, functions and triggers");
  if (std::optional<ValueRef> server = top.find("server")) {
    readServer(errors, *server, &config.server);
  }
  if (std::optional<ValueRef> store = top.find("store")) {
    readStore(errors, *store, &config.store);
  }
  if (std::optional<ValueRef> log = top.find("log")) {
    readLog(errors, *log, &config.log);
  }
  if (std::optional<ValueRef> functions = top.find("functions")) {
    config.functions = readFunctions(errors, *functions);
  }
  if (std::optional<ValueRef> triggers = top.find("triggers")) {
    config.triggers = readTriggers(errors, *triggers, config.functions);
  }
  if (std::optional<ValueRef> aws = top.find("aws")) {
    readAws(errors, *aws, &config.aws);
  }
  if (std::optional<ValueRef> queues = top.find("queues")) {
    config.queues = readQueues(errors, *queues);
  }
  if (std::optional<ValueRef> topics = top.find("topics")) {
    config.topics = readTopics(errors, *topics);
  }
  checkAwsReferences(errors, config);
  if (errors.failed()) {
    return errors.error();
  }
  return config;
}

Result<std::string> readFile(const std::string& path) {
  const auto failure = [&path](int error) {
    return makeError(error == ENOENT ? Errc::kNotFound : Errc::kIo,
                     "cannot read config file \"" + path +
                         "\": " + std::error_code(error, std::generic_category()).message());
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return failure(errno);
  }
  std::string text;
  char buffer[64 * 1024];
  while (true) {
    const ssize_t count = ::read(fd, buffer, sizeof(buffer));
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count < 0) {
      const int error = errno;
      ::close(fd);
      return failure(error);
    }
    if (count == 0) {
      break;
    }
    text.append(buffer, static_cast<size_t>(count));
  }
  ::close(fd);
  return text;
}

}  // namespace

// Never throws: yaml-cpp's exceptions become errors in the same file:line:col format.
Result<Config> parseConfig(const std::string& text, const std::string& path) {
  try {
    return parseDocument(text, path);
  } catch (const YAML::Exception& e) {
    return makeError(Errc::kInvalidArgument,
                     formatError(path, markFrom(e.mark), "", "invalid YAML: " + e.msg));
  } catch (const std::exception& e) {
    return makeError(Errc::kInternal,
                     formatError(path, {}, "", std::string("cannot load: ") + e.what()));
  }
}

Result<Config> loadConfigFile(const std::string& path) {
  Result<std::string> text = readFile(path);
  if (!text.ok()) {
    return text.error();
  }
  return parseConfig(*text, path);
}

}  // namespace switchyard::config
