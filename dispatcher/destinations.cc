#include "dispatcher/destinations.h"

#include "dispatcher/dead_letter.h"
#include "dispatcher/dispatcher.h"
#include "dispatcher/render/destination_record.h"
#include "gateway/core/log.h"

namespace switchyard::dispatcher {

bool Destinations::send(const Delivery& delivery, const FunctionSpec& spec,
                        const config::DestinationConfig& destination, std::string_view condition,
                        const InvocationResult& last) {
  const Event& original = *delivery.event;
  std::string record =
      renderDestinationRecord(original, spec.config.name, condition, delivery.attempt, last);
  EventInit init;
  init.kind = EventKind::kDestination;
  init.source = spec.config.name;
  init.content_type = "application/json";
  init.traceparent = original.traceparent();
  init.hops = static_cast<uint16_t>(original.hops() + 1);
  EventAttribute attributes[] = {{"destination.condition", condition}};
  init.attributes = attributes;
  EventRef event = Event::create(init, record);

  AdmitResult admitted(AdmitStatus::kShuttingDown);
  if (destination.kind == config::DestinationConfig::Kind::kDlq) {
    admitted = dispatcher_->deadLetterOnArrival(spec.id, event, DeadLetterReason::kDestination);
  } else if (init.hops > max_hops_) {
    // A chain (perhaps a loop A → B → A) ran too long: park the record instead of sending it on.
    const FunctionSpec* target = destination.kind == config::DestinationConfig::Kind::kFunction
                                     ? dispatcher_->findFunction(destination.name)
                                     : &spec;
    admitted = dispatcher_->deadLetterOnArrival(target != nullptr ? target->id : spec.id, event,
                                                DeadLetterReason::kChainLoop);
  } else if (destination.kind == config::DestinationConfig::Kind::kFunction) {
    const FunctionSpec* target = dispatcher_->findFunction(destination.name);
    std::unique_ptr<SyncReply> no_reply;
    admitted = target == nullptr
                   ? AdmitResult(AdmitStatus::kShuttingDown)
                   : dispatcher_->invoke(target->id, event, EventFormat::kAws, no_reply);
  } else if (destination.kind == config::DestinationConfig::Kind::kTopic) {
    admitted = dispatcher_->publish(destination.name, event);
  }
  if (admitted.status == AdmitStatus::kAccepted || admitted.status == AdmitStatus::kFiltered) {
    return true;
  }
  log::warn("dispatcher", "Destination could not take the record; the event is dead-lettered.",
            {{"function", spec.config.name},
             {"destination", destination.name},
             {"event_id", original.idText()}});
  return false;
}

}  // namespace switchyard::dispatcher
