#include "gateway/config/function_reader.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gateway/config/destination_reader.h"
#include "gateway/config/spelling.h"
#include "gateway/config/value_parsers.h"

namespace switchyard::config {

namespace {

constexpr Duration kMaxTimeout = std::chrono::minutes(15);  // Lambda's limit
constexpr int64_t kMaxConcurrency = 100'000;
constexpr int64_t kMaxQueueLimit = 10'000'000;
constexpr int64_t kMaxAttempts = 100;
constexpr int64_t kMaxInstances = 1024;
constexpr int64_t kMinMemoryMb = 128;     // Lambda's range: runtimes read it as
constexpr int64_t kMaxMemoryMb = 10'240;  // AWS_LAMBDA_FUNCTION_MEMORY_SIZE
constexpr size_t kMiB = size_t{1024} * 1024;

const std::vector<std::string_view> kRuntimeApiKeys = {"command",   "handler", "workdir",    "env",
                                                       "instances", "memory",  "runtime_api"};

std::optional<FunctionKind> functionKindFromName(std::string_view name) {
  for (const FunctionKind kind :
       {FunctionKind::kHttp, FunctionKind::kLambda, FunctionKind::kRuntimeApi}) {
    if (functionKindName(kind) == name) {
      return kind;
    }
  }
  return std::nullopt;
}

void readRetry(ErrorSink& errors, const ValueRef& ref, RetryConfig* retry) {
  MapReader fields(errors, ref, {"attempts", "backoff", "max_age"},
                   "a retry policy like { attempts: 3, backoff: 200ms..30s, max_age: 6h }");
  fields.readInteger("attempts", 1, kMaxAttempts, &retry->attempts);
  if (std::optional<ValueRef> backoff = fields.find("backoff")) {
    if (std::optional<std::string> text = readString(errors, *backoff)) {
      const Result<Backoff> parsed = parseBackoff(*text, RetryConfig{}.backoff_cap);
      if (parsed.ok()) {
        retry->backoff_base = parsed->base;
        retry->backoff_cap = parsed->cap;
      } else {
        errors.report(backoff->mark, backoff->path, parsed.error().message);
      }
    }
  }
  fields.readDuration("max_age", Duration{1}, Duration::max(), &retry->max_age);
}

// A list of arguments, or one string split on spaces.
void readCommand(ErrorSink& errors, const ValueRef& ref, std::vector<std::string>* out) {
  std::vector<std::string> command;
  if (ref.node.IsScalar()) {
    std::string_view rest = ref.node.Scalar();
    while (!rest.empty()) {
      const size_t end = rest.find_first_of(" \t");
      if (end != 0) {
        command.emplace_back(rest.substr(0, end));
      }
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    }
  } else if (ref.node.IsSequence()) {
    for (size_t i = 0; i < ref.node.size(); ++i) {
      if (std::optional<std::string> argument = readString(errors, itemRef(ref, i, ref.node[i]))) {
        command.push_back(std::move(*argument));
      }
    }
  } else {
    reportExpected(errors, ref, "a command: a list like [node, index.js] or a string");
    return;
  }
  if (command.empty() || command.front().empty()) {
    errors.report(ref.mark, ref.path, "expected a command to run, got an empty one");
    return;
  }
  *out = std::move(command);
}

void readEnv(ErrorSink& errors, const ValueRef& ref, std::map<std::string, std::string>* out) {
  forEachEntry(errors, ref, [&](const std::string& name, const ValueRef& value) {
    const bool valid_name = !name.empty() && !(name.front() >= '0' && name.front() <= '9') &&
                            std::all_of(name.begin(), name.end(), [](char c) {
                              return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                     (c >= '0' && c <= '9') || c == '_';
                            });
    if (!valid_name) {
      errors.report(
          value.key_mark, value.path,
          "expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*), got " + quote(name));
      return;
    }
    if (std::optional<std::string> text = readString(errors, value)) {
      (*out)[name] = std::move(*text);
    }
  });
}

// A number is megabytes (as Lambda's MemorySize); a byte size must be a whole number of MiB.
void readMemory(ErrorSink& errors, const ValueRef& ref, int* memory_mb) {
  const std::string expected = "memory between " + std::to_string(kMinMemoryMb) + " and " +
                               std::to_string(kMaxMemoryMb) + " MB, like 512 or 512MiB";
  if (!ref.node.IsScalar()) {
    reportExpected(errors, ref, expected);
    return;
  }
  int64_t megabytes = 0;
  if (const std::optional<int64_t> number = parseInteger(ref.node.Scalar())) {
    megabytes = *number;
  } else {
    const Result<size_t> bytes = parseByteSize(ref.node.Scalar());
    if (!bytes.ok()) {
      reportExpected(errors, ref, expected);
      return;
    }
    if (*bytes % kMiB != 0) {
      errors.report(ref.mark, ref.path,
                    "expected a whole number of MiB (a plain 512 means 512 MB, as Lambda counts), "
                    "got " +
                        quote(ref.node.Scalar()));
      return;
    }
    megabytes = static_cast<int64_t>(*bytes / kMiB);
  }
  if (megabytes < kMinMemoryMb || megabytes > kMaxMemoryMb) {
    reportExpected(errors, ref, expected);
    return;
  }
  *memory_mb = static_cast<int>(megabytes);
}

void readRuntimeApi(MapReader& fields, FunctionConfig* function) {
  ErrorSink& errors = fields.errors();
  if (std::optional<ValueRef> command = fields.find("command")) {
    readCommand(errors, *command, &function->command);
  }
  fields.readString("handler", &function->handler);
  fields.readString("workdir", &function->workdir);
  if (std::optional<ValueRef> env = fields.find("env")) {
    readEnv(errors, *env, &function->env);
  }
  fields.readInteger("instances", 1, kMaxInstances, &function->instances);
  if (std::optional<ValueRef> memory = fields.find("memory")) {
    readMemory(errors, *memory, &function->memory_mb);
  }
  // Without a command, runtimes are started by someone else and connect to runtime_api (an
  // OS-chosen port, logged at start, if none is given).
  fields.readHostPort("runtime_api", &function->runtime_api);
}

void readEndpoint(MapReader& fields, const ValueRef& function_ref, FunctionConfig* function) {
  ErrorSink& errors = fields.errors();
  const std::optional<ValueRef> endpoint = fields.find("endpoint");
  if (function->kind == FunctionKind::kRuntimeApi) {
    if (endpoint) {
      errors.report(endpoint->key_mark, endpoint->path,
                    "not used with kind runtime-api: its runtimes pull work from Switchyard");
    }
    return;
  }
  if (!endpoint) {
    errors.report(function_ref.key_mark, function_ref.path,
                  "missing required key \"endpoint\" (the URL kind " +
                      std::string(functionKindName(function->kind)) + " delivers to)");
    return;
  }
  if (std::optional<std::string> url = readString(errors, *endpoint)) {
    const Status valid = validateHttpUrl(*url);
    if (!valid.ok()) {
      errors.report(endpoint->mark, endpoint->path, valid.error().message);
      return;
    }
    function->endpoint = std::move(*url);
  }
}

FunctionConfig readFunction(ErrorSink& errors, const std::string& name, const ValueRef& ref) {
  FunctionConfig function;
  function.name = name;
  function.mark = ref.key_mark;
  MapReader fields(errors, ref,
                   {"endpoint", "kind", "timeout", "concurrency", "queue_limit", "retry", "client",
                    "tls", "on_success", "on_failure", "command", "handler", "workdir", "env",
                    "instances", "memory", "runtime_api"},
                   "a function definition (a map with endpoint, kind, timeout, ...)");
  if (std::optional<ValueRef> kind = fields.find("kind")) {
    if (std::optional<std::string> text =
            readChoice(errors, *kind, {"http", "lambda", "runtime-api"})) {
      function.kind = *functionKindFromName(*text);
    }
  }
  readEndpoint(fields, ref, &function);
  fields.readDuration("timeout", Duration{1}, kMaxTimeout, &function.timeout);
  fields.readInteger("concurrency", 1, kMaxConcurrency, &function.concurrency);
  fields.readInteger("queue_limit", 1, kMaxQueueLimit, &function.queue_limit);
  if (std::optional<ValueRef> retry = fields.find("retry")) {
    readRetry(errors, *retry, &function.retry);
  }
  if (std::optional<ValueRef> client = fields.find("client")) {
    if (std::optional<std::string> text = readChoice(errors, *client, {"native", "curl"})) {
      function.use_curl = *text == "curl";
    }
  }
  if (std::optional<ValueRef> tls = fields.find("tls")) {
    MapReader tls_fields(errors, *tls, {"ca_file", "verify"},
                         "TLS settings like { ca_file: /path/ca.pem, verify: true }");
    tls_fields.readString("ca_file", &function.tls_ca_file);
    tls_fields.readBool("verify", &function.tls_verify);
  }
  if (std::optional<ValueRef> on_success = fields.find("on_success")) {
    function.on_success = readDestination(errors, *on_success);
  }
  if (std::optional<ValueRef> on_failure = fields.find("on_failure")) {
    function.on_failure = readDestination(errors, *on_failure);
  }
  if (function.kind == FunctionKind::kRuntimeApi) {
    readRuntimeApi(fields, &function);
    return function;
  }
  for (const std::string_view key : kRuntimeApiKeys) {
    if (std::optional<ValueRef> value = fields.find(key)) {
      errors.report(value->key_mark, value->path,
                    "only used with kind runtime-api (this function's kind is " +
                        std::string(functionKindName(function.kind)) + ")");
    }
  }
  return function;
}

void checkDestination(ErrorSink& errors, const FunctionMap& functions,
                      const FunctionConfig& function, std::string_view key,
                      const DestinationConfig& destination) {
  if (destination.kind == DestinationConfig::Kind::kFunction &&
      !functions.contains(destination.name)) {
    errors.report(destination.mark,
                  "functions." + function.name + "." + std::string(key) + ".function",
                  noSuchFunctionMessage(destination.name, functions));
  }
}

}  // namespace

std::string_view functionKindName(FunctionKind kind) {
  switch (kind) {
    case FunctionKind::kHttp:
      return "http";
    case FunctionKind::kLambda:
      return "lambda";
    case FunctionKind::kRuntimeApi:
      return "runtime-api";
  }
  return "unknown";
}

FunctionMap readFunctions(ErrorSink& errors, const ValueRef& functions) {
  FunctionMap result;
  forEachEntry(errors, functions, [&](const std::string& name, const ValueRef& value) {
    if (!isValidName(name)) {
      errors.report(
          value.key_mark, value.path,
          "expected a function name of " + std::string(kNameRule) + ", got " + quote(name));
      return;
    }
    result.emplace(name, readFunction(errors, name, value));
  });
  for (const auto& [name, function] : result) {
    checkDestination(errors, result, function, "on_success", function.on_success);
    checkDestination(errors, result, function, "on_failure", function.on_failure);
  }
  return result;
}

std::string noSuchFunctionMessage(std::string_view name, const FunctionMap& functions) {
  std::string message = "no function named " + quote(name);
  if (functions.empty()) {
    return message + " (no functions are defined)";
  }
  std::vector<std::string_view> defined;
  for (const auto& entry : functions) {
    defined.push_back(entry.first);
  }
  constexpr size_t kMaxSuggestionDistance = 2;
  if (const auto suggestion = closestSpelling(name, defined, kMaxSuggestionDistance)) {
    message += ", did you mean " + quote(*suggestion) + "?";
  }
  message += " (defined: ";
  for (size_t i = 0; i < defined.size(); ++i) {
    message += i == 0 ? "" : ", ";
    message += defined[i];
  }
  return message + ")";
}

}  // namespace switchyard::config
