#include "dispatcher/dispatcher.h"

#include "dispatcher/delivery.h"
#include "dispatcher/function_runtime.h"
#include "dispatcher/memory_budget.h"
#include "dispatcher/shard.h"

namespace switchyard::dispatcher {

Dispatcher::Dispatcher(std::vector<std::unique_ptr<FunctionSpec>> specs,
                       std::vector<FunctionRuntime*> runtimes, std::vector<Shard*> shards,
                       std::unique_ptr<router::RouteTable> routes)
    : specs_(std::move(specs)),
      runtimes_(std::move(runtimes)),
      shards_(std::move(shards)),
      routes_(std::move(routes)) {
  for (const auto& spec : specs_) {
    by_name_.emplace(spec->config.name, spec->id);
  }
}

Dispatcher::~Dispatcher() = default;

const FunctionSpec* Dispatcher::findFunction(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : specs_[it->second].get();
}

std::string AdmitResult::backpressureReason() const {
  if (over_memory_budget) {
    return "the gateway's memory budget for queued events (server.memory_budget) is used up";
  }
  return "function \"" + std::string(full_function) + "\" has a full queue";
}

bool Dispatcher::reserve(FunctionSpec& spec, size_t bytes) {
  int64_t before = spec.outstanding.fetch_add(1, std::memory_order_acq_rel);
  if (before >= static_cast<int64_t>(spec.config.queue_limit)) {
    spec.outstanding.fetch_sub(1, std::memory_order_acq_rel);
    return false;
  }
  if (spec.budget != nullptr && !spec.budget->tryCharge(bytes)) {
    spec.outstanding.fetch_sub(1, std::memory_order_acq_rel);
    return false;
  }
  return true;
}

void Dispatcher::unreserve(FunctionSpec& spec, size_t bytes) {
  spec.outstanding.fetch_sub(1, std::memory_order_acq_rel);
  if (spec.budget != nullptr) {
    spec.budget->release(bytes);
  }
}

AdmitResult Dispatcher::full(const FunctionSpec& spec, size_t bytes) const {
  bool queue_full = spec.outstanding.load(std::memory_order_acquire) >=
                    static_cast<int64_t>(spec.config.queue_limit);
  bool over_budget = !queue_full && spec.budget != nullptr &&
                     spec.budget->used() + static_cast<int64_t>(bytes) > spec.budget->limit();
  return {AdmitStatus::kQueueFull, 0, spec.config.name, over_budget};
}

void Dispatcher::handOver(Delivery* delivery, FunctionId function) {
  FunctionRuntime* runtime = runtimes_[function];
  Shard* home = shards_[static_cast<size_t>(specs_[function]->home_shard)];
  if (home->isCurrentThread()) {
    runtime->accept(delivery);  // homed here: no hand-off needed
  } else {
    home->post(delivery);
  }
}

AdmitResult Dispatcher::route(const router::TriggerRoute& trigger, const EventRef& event,
                              SourceAck* ack) {
  if (!admitting()) {
    return {AdmitStatus::kShuttingDown};
  }
  const router::TargetRoute* selected[kMaxTargets];
  bool not_json = false;
  size_t count = routes_->select(trigger, event->payload(), selected, kMaxTargets, &not_json);
  if (not_json) {
    return {AdmitStatus::kNotJson};
  }
  if (count == 0) {
    return {AdmitStatus::kFiltered};
  }
  size_t footprint = deliveryFootprint(*event);
  for (size_t i = 0; i < count; ++i) {
    FunctionSpec& spec = *specs_[selected[i]->function];
    if (!reserve(spec, footprint)) {
      for (size_t j = 0; j < i; ++j) {
        unreserve(*specs_[selected[j]->function], footprint);
      }
      return full(spec, footprint);
    }
  }
  for (size_t i = 0; i < count; ++i) {
    FunctionId function = selected[i]->function;
    auto* delivery = new Delivery(event, runtimes_[function], selected[i]->format);
    delivery->ack = ack;
    if (trigger.batch.enabled()) {
      delivery->batch = &trigger.batch;
    }
    handOver(delivery, function);
  }
  return {AdmitStatus::kAccepted, count};
}

template <typename Prepare>
AdmitResult Dispatcher::submitOne(FunctionId function, const EventRef& event, EventFormat format,
                                  Prepare&& prepare) {
  if (!admitting()) {
    return {AdmitStatus::kShuttingDown};
  }
  FunctionSpec& spec = *specs_[function];
  size_t footprint = deliveryFootprint(*event);
  if (!reserve(spec, footprint)) {
    return full(spec, footprint);
  }
  auto* delivery = new Delivery(event, runtimes_[function], format);
  prepare(*delivery);
  handOver(delivery, function);
  return {AdmitStatus::kAccepted, 1};
}

AdmitResult Dispatcher::invoke(FunctionId function, const EventRef& event, EventFormat format,
                               std::unique_ptr<SyncReply>& sync) {
  return submitOne(function, event, format,
                   [&](Delivery& delivery) { delivery.sync = std::move(sync); });
}

AdmitResult Dispatcher::replay(FunctionId function, const EventRef& event, EventFormat format,
                               const std::string& record_id) {
  return submitOne(function, event, format,
                   [&](Delivery& delivery) { delivery.replay_of = record_id; });
}

AdmitResult Dispatcher::deadLetterOnArrival(FunctionId function, const EventRef& event,
                                            DeadLetterReason reason) {
  return submitOne(function, event, EventFormat::kAws, [&](Delivery& delivery) {
    delivery.dead_letter_on_arrival = static_cast<uint8_t>(reason);
  });
}

AdmitResult Dispatcher::publish(std::string_view topic, const EventRef& event) {
  size_t deliveries = 0;
  AdmitResult last(AdmitStatus::kFiltered);
  for (const router::TriggerRoute* trigger : routes_->subscribers(topic)) {
    trigger->metrics->received.add();
    AdmitResult admitted = route(*trigger, event);
    switch (admitted.status) {
      case AdmitStatus::kAccepted:
        trigger->metrics->accepted.add();
        deliveries += admitted.deliveries;
        break;
      case AdmitStatus::kFiltered:
        trigger->metrics->filtered.add();
        break;
      case AdmitStatus::kQueueFull:
        trigger->metrics->rejected_queue_full.add();
        last = admitted;
        break;
      case AdmitStatus::kNotJson:
        trigger->metrics->rejected_bad_request.add();
        break;
      case AdmitStatus::kShuttingDown:
        trigger->metrics->rejected_shutting_down.add();
        last = admitted;
        break;
    }
  }
  if (deliveries > 0) {
    return {AdmitStatus::kAccepted, deliveries};
  }
  return last;
}

int64_t Dispatcher::outstanding() const {
  int64_t total = 0;
  for (const auto& spec : specs_) {
    total += spec->outstanding.load(std::memory_order_acquire);
  }
  return total;
}

}  // namespace switchyard::dispatcher
