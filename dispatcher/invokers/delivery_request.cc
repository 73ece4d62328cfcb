#include "dispatcher/invokers/delivery_request.h"

#include "dispatcher/render/renderer.h"
#include "dispatcher/trace_context.h"
#include "gateway/core/append_decimal.h"

namespace switchyard::dispatcher {
std::string_view renderDeliveryRequest(const Delivery& delivery, std::string& header_lines) {
  const Event& event = *delivery.event;
  RenderedEvent rendered = renderEvent(event, delivery.format, header_lines);  // format's own
  std::string& out = header_lines;
  out.append("Content-Type: ");
  out.append(rendered.content_type);
  out.append("\r\nX-Switchyard-Event-Id: ");
  out.append(event.idText());
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
