#include "dispatcher/dead_letter.h"

#include <string>

#include "dispatcher/outcome.h"
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
    case DeadLetterReason::kShutdown:
      return "shutdown";
  }
  return "unknown";
}

void LoggingDeadLetterSink::deadLetter(const Delivery& delivery, std::string_view function,
                                       DeadLetterReason reason,
                                       const InvocationResult& last) noexcept {
  uint64_t count = count_.fetch_add(1, std::memory_order_relaxed) + 1;
  // An outage can fail thousands of events: log the first ones, then every 1000th; the
  // switchyard_deliveries_dead_lettered_total metric counts them all.
  if (count <= 100 || count % 1000 == 0) {
    std::string excerpt = last.body.substr(0, 200);
    log::error("dispatcher", "Event could not be delivered and was dropped (no DLQ store yet).",
               {{"function", function},
                {"event_id", delivery.event->idText()},
                {"trigger", delivery.event->source()},
                {"reason", deadLetterReasonName(reason)},
                {"attempts", delivery.attempt},
                {"last_error", outcomeReason(last)},
                {"last_status", last.status},
                {"detail", last.detail.empty() ? excerpt : last.detail},
                {"dead_lettered_total", count}});
  }
}

}  // namespace switchyard::dispatcher
