#include "dispatcher/dead_letter.h"

#include <string>

#include "dispatcher/function_runtime.h"
#include "dispatcher/outcome.h"
#include "dispatcher/shard.h"
#include "gateway/core/log.h"

namespace switchyard::dispatcher {

std::string_view deadLetterReasonName(DeadLetterReason reason) {
  switch (reason) {
    case DeadLetterReason::kRetriesExhausted:
      return "retries_exhausted";
    case DeadLetterReason::kEventAgeExceeded:
      return "event_age_exceeded";
    case DeadLetterReason::kRejected:
      return "rejected";
    case DeadLetterReason::kFunctionRequested:
      return "function_requested";
    case DeadLetterReason::kChainLoop:
      return "chain_loop";
    case DeadLetterReason::kDestination:
      return "destination";
    case DeadLetterReason::kShutdown:
      return "shutdown";
  }
  return "unknown";
}

void LoggingDeadLetterSink::deadLetter(Delivery* delivery, DeadLetterReason reason,
                                       const InvocationResult& last) noexcept {
  uint64_t count = count_.fetch_add(1, std::memory_order_relaxed) + 1;
  // An outage can fail thousands of events: log the first ones, then every 1000th; the
  // switchyard_deliveries_dead_lettered_total metric counts them all.
  if (count <= 100 || count % 1000 == 0) {
    std::string excerpt = last.body.substr(0, 200);
    log::error("dispatcher", "Event could not be delivered and was dropped (no DLQ store).",
               {{"function", delivery->function->spec().config.name},
                {"event_id", delivery->event->idText()},
                {"trigger", delivery->event->source()},
                {"reason", deadLetterReasonName(reason)},
                {"attempts", delivery->attempt},
                {"last_error", outcomeReason(last)},
                {"last_status", last.status},
                {"detail", last.detail.empty() ? excerpt : last.detail},
                {"dead_lettered_total", count}});
  }
  delivery->function->onDeadLettered(delivery);
}

void returnDeadLettered(Delivery* delivery) noexcept {
  delivery->stage = Delivery::Stage::kDeadLettered;
  delivery->function->shard().post(delivery);
}

}  // namespace switchyard::dispatcher
