#pragma once

#include <string>
#include <string_view>

#include "dispatcher/delivery.h"

namespace switchyard::dispatcher {

// What every delivery attempt sends, whatever the client: the rendered body and the header lines
// (Content-Type, X-Switchyard-Event-Id, X-Switchyard-Attempt, X-Switchyard-Source,
// X-Switchyard-Accepted-At, traceparent, and the format's own such as CloudEvents' ce-*), each as
// "Name: value\r\n" appended to `header_lines`. The body view lives as long as the delivery.
std::string_view renderDeliveryRequest(const Delivery& delivery, std::string& header_lines);

}  // namespace switchyard::dispatcher
