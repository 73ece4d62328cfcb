#include "gateway/config/trigger_reader.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "gateway/config/value_parsers.h"

namespace switchyard::config {

namespace {

constexpr int64_t kMaxBatchSize = 10'000;
// Lambda's MaximumBatchingWindowInSeconds: events never wait longer than this for company.
constexpr Duration kMaxBatchWindow = std::chrono::minutes(5);

constexpr std::string_view kFilterExample =
    "an event pattern (a map like { detail: { type: [order] } })";

void readSource(ErrorSink& errors, const ValueRef& ref, TriggerConfig* trigger) {
  if (!ref.node.IsMap()) {
    reportExpected(errors, ref, "a source like { kind: http }");
    return;
  }
  trigger->source = ref.node;
  trigger->source_mark = ref.mark;
  const std::optional<ValueRef> kind = findEntry(ref, "kind");
  if (!kind) {
    errors.report(ref.mark, ref.path,
                  "missing required key \"kind\" (the connector: http, sqs, kafka, ...)");
    return;
  }
  if (std::optional<std::string> text = readString(errors, *kind)) {
    if (text->empty()) {
      reportExpected(errors, *kind, "a connector kind like http or sqs");
      return;
    }
    trigger->source_kind = std::move(*text);
  }
}

YAML::Node readFilter(ErrorSink& errors, const ValueRef& ref) {
  if (!ref.node.IsMap()) {
    reportExpected(errors, ref, kFilterExample);
    return {};
  }
  return ref.node;
}

void readFormat(ErrorSink& errors, const ValueRef& ref, bool* has_format, EventFormat* format) {
  if (std::optional<std::string> text = readChoice(errors, ref, {"aws", "cloudevents", "raw"})) {
    *has_format = parseEventFormat(*text, format);
  }
}

// A reference to a function: reported at the reference when no such function exists.
std::optional<TargetConfig> readFunctionName(ErrorSink& errors, const ValueRef& ref,
                                             const FunctionMap& functions) {
  std::optional<std::string> name = readString(errors, ref);
  if (!name) {
    return std::nullopt;
  }
  if (!functions.contains(*name)) {
    errors.report(ref.mark, ref.path, noSuchFunctionMessage(*name, functions));
    return std::nullopt;
  }
  TargetConfig target;
  target.function = std::move(*name);
  target.mark = ref.mark;
  return target;
}

// An item of `functions:`: a name, or `{ function: NAME, filter: PATTERN, format: FORMAT }`.
std::optional<TargetConfig> readTarget(ErrorSink& errors, const ValueRef& item,
                                       const FunctionMap& functions) {
  if (item.node.IsScalar()) {
    return readFunctionName(errors, item, functions);
  }
  if (!item.node.IsMap()) {
    reportExpected(errors, item, "a function name or a map like { function: NAME, format: raw }");
    return std::nullopt;
  }
  MapReader fields(errors, item, {"function", "filter", "format"});
  const std::optional<ValueRef> function = fields.find("function");
  if (!function) {
    errors.report(item.mark, item.path, "missing required key \"function\"");
    return std::nullopt;
  }
  std::optional<TargetConfig> target = readFunctionName(errors, *function, functions);
  if (!target) {
    return std::nullopt;
  }
  if (std::optional<ValueRef> filter = fields.find("filter")) {
    target->filter = readFilter(errors, *filter);
  }
  if (std::optional<ValueRef> format = fields.find("format")) {
    readFormat(errors, *format, &target->has_format, &target->format);
  }
  return target;
}

void readTargets(ErrorSink& errors, const ValueRef& ref, const FunctionMap& functions,
                 std::vector<TargetConfig>* targets) {
  if (!ref.node.IsSequence() || ref.node.size() == 0) {
    reportExpected(errors, ref, "a non-empty list of functions like [a, b]");
    return;
  }
  for (size_t i = 0; i < ref.node.size(); ++i) {
    if (std::optional<TargetConfig> target =
            readTarget(errors, itemRef(ref, i, ref.node[i]), functions)) {
      targets->push_back(std::move(*target));
    }
  }
}

void readBatch(ErrorSink& errors, const ValueRef& ref, BatchConfig* batch) {
  MapReader fields(errors, ref, {"size", "window", "max_bytes"},
                   "a batch like { size: 10, window: 1s }");
  fields.readInteger("size", 1, kMaxBatchSize, &batch->size);
  fields.readDuration("window", Duration{0}, kMaxBatchWindow, &batch->window);
  fields.readByteSize("max_bytes", 1, SIZE_MAX, &batch->max_bytes);
}

TriggerConfig readTrigger(ErrorSink& errors, const std::string& name, const ValueRef& ref,
                          const FunctionMap& functions) {
  TriggerConfig trigger;
  trigger.name = name;
  trigger.mark = ref.key_mark;
  MapReader fields(errors, ref,
                   {"source", "function", "functions", "filter", "format", "batch",
                    "report_batch_item_failures"},
                   "a trigger definition (a map with source and function)");
  if (std::optional<ValueRef> source = fields.find("source")) {
    readSource(errors, *source, &trigger);
  } else {
    errors.report(ref.key_mark, ref.path, "missing required key \"source\" (like { kind: http })");
  }
  const std::optional<ValueRef> function = fields.find("function");
  const std::optional<ValueRef> function_list = fields.find("functions");
  if (function && function_list) {
    errors.report(function_list->key_mark, function_list->path,
                  "give either \"function\" or \"functions\", not both");
  } else if (function) {
    if (std::optional<TargetConfig> target = readFunctionName(errors, *function, functions)) {
      trigger.targets.push_back(std::move(*target));
    }
  } else if (function_list) {
    readTargets(errors, *function_list, functions, &trigger.targets);
  } else {
    errors.report(ref.key_mark, ref.path,
                  "missing required key \"function\" (or \"functions\" for several)");
  }
  if (std::optional<ValueRef> filter = fields.find("filter")) {
    trigger.filter = readFilter(errors, *filter);
  }
  if (std::optional<ValueRef> format = fields.find("format")) {
    readFormat(errors, *format, &trigger.has_format, &trigger.format);
  }
  // Lambda's defaults: an SQS event source mapping batches 10 messages; other sources deliver
  // one event per invocation unless asked to batch.
  trigger.batch.size = trigger.source_kind == "sqs" ? 10 : 1;
  if (std::optional<ValueRef> batch = fields.find("batch")) {
    readBatch(errors, *batch, &trigger.batch);
  }
  fields.readBool("report_batch_item_failures", &trigger.report_batch_item_failures);
  return trigger;
}

}  // namespace

TriggerMap readTriggers(ErrorSink& errors, const ValueRef& triggers, const FunctionMap& functions) {
  TriggerMap result;
  forEachEntry(errors, triggers, [&](const std::string& name, const ValueRef& value) {
    if (!isValidName(name)) {
      errors.report(
          value.key_mark, value.path,
          "expected a trigger name of " + std::string(kNameRule) + ", got " + quote(name));
      return;
    }
    result.emplace(name, readTrigger(errors, name, value, functions));
  });
  return result;
}

}  // namespace switchyard::config
