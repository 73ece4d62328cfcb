#include "dispatcher/invokers/delivery_request.h"

#include "dispatcher/render/batch_body.h"
#include "dispatcher/trace_context.h"
#include "gateway/core/append_decimal.h"

namespace switchyard::dispatcher {
std::string_view renderDeliveryRequest(const Delivery& delivery, std::string& header_lines,
                                       std::string& batch_body) {
  const Event& event = *delivery.event;
  // The format's own headers come first (single deliveries only).
  RenderedEvent rendered = renderDeliveryBody(delivery, header_lines, batch_body);
  std::string& out = header_lines;
  out.append("Content-Type: ");
  out.append(rendered.content_type);
  out.append("\r\nX-Switchyard-Event-Id: ");
  out.append(event.idText());
  if (delivery.batch != nullptr) {
    // A batch names every member, in body order: a receiver accounts for each one.
    for (const Delivery* member = delivery.batch_next; member != nullptr;
         member = member->batch_next) {
      out.push_back(',');
      out.append(member->event->idText());
    }
    out.append("\r\nX-Switchyard-Batch-Size: ");
    appendDecimal(out, batchMembers(delivery));
  }
  out.append("\r\nX-Switchyard-Attempt: ");
  appendDecimal(out, delivery.attempt);
  out.append("\r\nX-Switchyard-Source: ");
  out.append(event.source());
  out.append("\r\nX-Switchyard-Accepted-At: ");
  appendDecimal(out, static_cast<uint64_t>(event.timeMicros()));
  out.append("\r\ntraceparent: ");
  appendTraceparent(out, event);
  out.append("\r\n");
  return rendered.body;
}

}  // namespace switchyard::dispatcher
