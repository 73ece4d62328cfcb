#pragma once

#include <string>

#include "gateway/core/event.h"

namespace switchyard::dispatcher {

// Appends a W3C traceparent for one delivery attempt: "00-<trace-id>-<span-id>-01". The trace id
// continues the one the event arrived with, if it carried a valid traceparent; otherwise it is
// derived from the event id, so every attempt of one event shares a trace. Each attempt gets a
// fresh span id.
void appendTraceparent(std::string& out, const Event& event);

// True if `value` is a well-formed version-00 traceparent.
bool isValidTraceparent(std::string_view value);

}  // namespace switchyard::dispatcher
