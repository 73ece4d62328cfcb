#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dispatcher/batch_policy.h"
#include "dispatcher/router/event_pattern.h"
#include "dispatcher/router/pattern_set.h"
#include "gateway/config/config.h"
#include "gateway/core/event.h"
#include "gateway/core/metrics.h"
#include "gateway/core/string_map.h"

namespace switchyard::router {

using FunctionId = uint32_t;
using TriggerId = uint32_t;

struct TargetRoute {
  FunctionId function = 0;
  EventFormat format = EventFormat::kAws;
  std::optional<EventPattern> filter;  // per-target filter, if any
  uint32_t set_index = UINT32_MAX;     // its filter's index in the trigger's filter_set
};

// Per-trigger counters; every shard may bump them.
struct TriggerMetrics {
  explicit TriggerMetrics(int shards)
      : received(shards),
        accepted(shards),
        filtered(shards),
        rejected_queue_full(shards),
        rejected_bad_request(shards),
        rejected_unauthorized(shards),
        rejected_shutting_down(shards) {}
  metrics::ShardedCounter received;             // arrived at the trigger
  metrics::ShardedCounter accepted;             // admitted to at least one function
  metrics::ShardedCounter filtered;             // matched no target: dropped by configuration
  metrics::ShardedCounter rejected_queue_full;  // pushed back (429)
  metrics::ShardedCounter rejected_bad_request;
  metrics::ShardedCounter rejected_unauthorized;
  metrics::ShardedCounter rejected_shutting_down;
};

struct TriggerRoute {
  TriggerId id = 0;
  std::string name;
  std::string source_kind;
  std::string topic;                   // for source kind "topic": the topic it listens to
  std::optional<EventPattern> filter;  // trigger-level filter, if any
  std::vector<TargetRoute> targets;
  bool needs_json = false;  // some filter must read the payload as JSON
  // With two or more filters (trigger and targets) they are also compiled into one set, so
  // selecting the targets walks the event once: index 0 is the trigger's filter when it has one,
  // then the targets' filters in order (set_index says which is whose).
  std::optional<PatternSet> filter_set;
  static constexpr uint32_t kNoFilter = UINT32_MAX;
  uint32_t trigger_set_index = kNoFilter;
  // Batching done by the dispatcher; disabled for sources that batch themselves (SQS).
  dispatcher::BatchPolicy batch;
  std::unique_ptr<TriggerMetrics> metrics;
};

// The compiled rules: triggers with their filters and targets. Built once when the config loads
// (patterns compile then, so `validate` reports their errors) and immutable afterwards; shared by
// every shard.
class RouteTable {
 public:
  static Result<std::unique_ptr<RouteTable>> build(const config::Config& config,
                                                   const StringMap<FunctionId>& function_ids,
                                                   int shards);

  const TriggerRoute* find(std::string_view trigger) const;
  // Triggers whose source is `topic` (source: { kind: topic, topic: NAME }).
  const std::vector<const TriggerRoute*>& subscribers(std::string_view topic) const;
  const std::vector<std::unique_ptr<TriggerRoute>>& triggers() const { return triggers_; }

  // Which targets `payload` goes to. Writes up to `capacity` entries into `selected`, returns the
  // count; `*not_json` is set when a filter had to read the payload and it was not a JSON object.
  size_t select(const TriggerRoute& trigger, std::string_view padded_payload,
                const TargetRoute** selected, size_t capacity, bool* not_json) const;

 private:
  size_t selectWithSet(const TriggerRoute& trigger, std::string_view padded_payload,
                       const TargetRoute** selected, size_t capacity, bool* not_json) const;

  std::vector<std::unique_ptr<TriggerRoute>> triggers_;
  StringMap<TriggerRoute*> by_name_;
  StringMap<std::vector<const TriggerRoute*>> by_topic_;
};

}  // namespace switchyard::router
