#include "dispatcher/router/route_table.h"

namespace switchyard::router {
namespace {

bool isEmptyPattern(const YAML::Node& node) {
  return !node.IsDefined() || node.IsNull() || (node.IsMap() && node.size() == 0);
}

// Sources whose connector builds the batch itself: their events reach the dispatcher as one
// Records document each, and their `batch:` settings belong to the connector.
bool sourceBatchesItself(std::string_view kind) { return kind == "sqs"; }

// Two or more filters on one trigger are matched together in one walk of the event.
void compileFilterSet(TriggerRoute& route) {
  std::vector<const EventPattern*> patterns;
  if (route.filter) {
    route.trigger_set_index = static_cast<uint32_t>(patterns.size());
    patterns.push_back(&*route.filter);
  }
  for (TargetRoute& target : route.targets) {
    if (target.filter) {
      target.set_index = static_cast<uint32_t>(patterns.size());
      patterns.push_back(&*target.filter);
    }
  }
  if (patterns.size() >= 2) {
    route.filter_set.emplace(PatternSet::build(patterns));
  }
}

dispatcher::BatchPolicy batchPolicy(const config::TriggerConfig& trigger) {
  dispatcher::BatchPolicy policy;
  if (sourceBatchesItself(trigger.source_kind)) {
    return policy;
  }
  policy.size = static_cast<size_t>(trigger.batch.size);
  policy.window_ms = trigger.batch.window.count();
  policy.max_bytes = trigger.batch.max_bytes;
  policy.report_item_failures = trigger.report_batch_item_failures;
  return policy;
}

}  // namespace

Result<std::unique_ptr<RouteTable>> RouteTable::build(const config::Config& config,
                                                      const StringMap<FunctionId>& function_ids,
                                                      int shards) {
  auto table = std::make_unique<RouteTable>();
  TriggerId next_id = 0;
  for (const auto& [name, trigger] : config.triggers) {
    auto route = std::make_unique<TriggerRoute>();
    route->id = next_id++;
    route->name = name;
    route->source_kind = trigger.source_kind;
    if (trigger.source_kind == "topic" && trigger.source["topic"].IsScalar()) {
      route->topic = trigger.source["topic"].Scalar();
    }
    route->metrics = std::make_unique<TriggerMetrics>(shards);
    route->batch = batchPolicy(trigger);
    if (!isEmptyPattern(trigger.filter)) {
      Result<EventPattern> pattern =
          EventPattern::compile(trigger.filter, config.path, "triggers." + name + ".filter");
      if (!pattern.ok()) {
        return pattern.error();
      }
      route->filter.emplace(std::move(pattern).value());
      route->needs_json = true;
    }
    for (size_t i = 0; i < trigger.targets.size(); ++i) {
      const config::TargetConfig& target = trigger.targets[i];
      auto id = function_ids.find(target.function);
      if (id == function_ids.end()) {
        return makeError(
            Errc::kInvalidArgument,
            config::formatError(config.path, target.mark, "triggers." + name + ".functions",
                                "no function named \"" + target.function + "\""));
      }
      TargetRoute target_route;
      target_route.function = id->second;
      target_route.format = target.has_format    ? target.format
                            : trigger.has_format ? trigger.format
                                                 : EventFormat::kAws;
      if (!isEmptyPattern(target.filter)) {
        Result<EventPattern> pattern = EventPattern::compile(
            target.filter, config.path,
            "triggers." + name + ".functions[" + std::to_string(i) + "].filter");
        if (!pattern.ok()) {
          return pattern.error();
        }
        target_route.filter.emplace(std::move(pattern).value());
        route->needs_json = true;
      }
      route->targets.push_back(std::move(target_route));
    }
    compileFilterSet(*route);
    table->by_name_.emplace(name, route.get());
    if (!route->topic.empty()) {
      table->by_topic_[route->topic].push_back(route.get());
    }
    table->triggers_.push_back(std::move(route));
  }
  return table;
}

const TriggerRoute* RouteTable::find(std::string_view trigger) const {
  auto it = by_name_.find(trigger);
  return it == by_name_.end() ? nullptr : it->second;
}

const std::vector<const TriggerRoute*>& RouteTable::subscribers(std::string_view topic) const {
  static const std::vector<const TriggerRoute*> kNone;
  auto it = by_topic_.find(topic);
  return it == by_topic_.end() ? kNone : it->second;
}

size_t RouteTable::select(const TriggerRoute& trigger, std::string_view padded_payload,
                          const TargetRoute** selected, size_t capacity, bool* not_json) const {
  *not_json = false;
  if (trigger.filter_set) {
    return selectWithSet(trigger, padded_payload, selected, capacity, not_json);
  }
  if (trigger.filter) {
    MatchResult match = trigger.filter->matchPadded(padded_payload);
    if (match != MatchResult::kMatch) {
      *not_json = match == MatchResult::kNotJson;
      return 0;
    }
  }
  size_t count = 0;
  for (const TargetRoute& target : trigger.targets) {
    if (target.filter) {
      MatchResult match = target.filter->matchPadded(padded_payload);
      if (match == MatchResult::kNotJson) {
        *not_json = true;
        return 0;
      }
      if (match == MatchResult::kNoMatch) {
        continue;
      }
    }
    if (count < capacity) {
      selected[count++] = &target;
    }
  }
  return count;
}

size_t RouteTable::selectWithSet(const TriggerRoute& trigger, std::string_view padded_payload,
                                 const TargetRoute** selected, size_t capacity,
                                 bool* not_json) const {
  // The matches as bits: on the stack for up to 256 filters, so the common case touches no vector.
  constexpr size_t kStackWords = 4;
  const size_t words = trigger.filter_set->bitWords();
  uint64_t stack_bits[kStackWords] = {};
  thread_local std::vector<uint64_t> heap_bits;
  std::span<uint64_t> bits;
  if (words <= kStackWords) {
    bits = std::span<uint64_t>(stack_bits, words);
  } else {
    heap_bits.assign(words, 0);
    bits = std::span<uint64_t>(heap_bits);
  }
  MatchResult result = trigger.filter_set->matchPaddedBits(padded_payload, bits);
  if (result == MatchResult::kNotJson) {
    *not_json = true;
    return 0;
  }
  auto is_matched = [bits](uint32_t index) {
    return ((bits[index / 64] >> (index % 64)) & 1) != 0;
  };
  if (trigger.trigger_set_index != TriggerRoute::kNoFilter &&
      !is_matched(trigger.trigger_set_index)) {
    return 0;
  }
  size_t count = 0;
  for (const TargetRoute& target : trigger.targets) {
    if (target.set_index != TriggerRoute::kNoFilter && !is_matched(target.set_index)) {
      continue;
    }
    if (count < capacity) {
      selected[count++] = &target;
    }
  }
  return count;
}

}  // namespace switchyard::router
