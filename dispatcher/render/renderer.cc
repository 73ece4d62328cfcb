#include "dispatcher/render/renderer.h"

#include "dispatcher/render/api_gateway_v2.h"
#include "gateway/core/json_writer.h"

namespace switchyard::dispatcher {
namespace {

std::string_view payloadContentType(const Event& event) {
  return event.contentType().empty() ? std::string_view("application/octet-stream")
                                     : event.contentType();
}

// CloudEvents 1.0, HTTP binary content mode: attributes as ce-* headers, the payload as the body.
void appendCloudEventHeaders(const Event& event, std::string& headers) {
  headers.append("ce-specversion: 1.0\r\nce-id: ");
  headers.append(event.idText());
  headers.append("\r\nce-source: /switchyard/");
  headers.append(eventKindName(event.kind()));
  headers.append("/");
  headers.append(event.source());
  headers.append("\r\nce-type: dev.switchyard.");
  headers.append(eventKindName(event.kind()));
  headers.append("\r\nce-time: ");
  json::appendRfc3339(headers, event.timeMicros());
  headers.append("\r\n");
  if (!event.partitionKey().empty()) {
    headers.append("ce-subject: ");
    headers.append(event.partitionKey());
    headers.append("\r\n");
  }
}

}  // namespace

RenderedEvent renderEvent(const Event& event, EventFormat format, std::string& headers) {
  switch (format) {
    case EventFormat::kRaw:
      return {event.payload(), payloadContentType(event)};
    case EventFormat::kCloudEvents:
      appendCloudEventHeaders(event, headers);
      return {event.payload(), payloadContentType(event)};
    case EventFormat::kAws:
      break;
  }
  if (event.kind() != EventKind::kHttp) {
    // Invoke API payloads are the handler's event already; other kinds add their shapes here.
    return {event.payload(), "application/json"};
  }
  const std::string* cached = event.cachedRendering(EventFormat::kAws);
  if (cached == nullptr) {
    cached = &event.cacheRendering(EventFormat::kAws, renderApiGatewayV2(event));
  }
  return {*cached, "application/json"};
}

}  // namespace switchyard::dispatcher
