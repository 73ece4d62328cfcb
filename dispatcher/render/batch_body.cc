#include "dispatcher/render/batch_body.h"

#include <simdjson.h>

#include "gateway/core/json_writer.h"

namespace switchyard::dispatcher {
namespace {

constexpr std::string_view kRecordsOpen = R"({"Records":[)";
constexpr std::string_view kRecordsClose = "]}";

bool isRecordsDocument(std::string_view body) {
  return body.size() >= kRecordsOpen.size() + kRecordsClose.size() &&
         body.starts_with(kRecordsOpen) && body.ends_with(kRecordsClose);
}

// Whether a raw payload can go into the array as a JSON value. Checked by parsing (payloads are
// padded for simdjson): a content type alone does not make a body valid JSON.
bool isJsonPayload(const Event& event) {
  thread_local simdjson::dom::parser parser;
  std::string_view payload = event.payload();
  simdjson::dom::element ignored;
  return parser.parse(payload.data(), payload.size(), /*realloc_if_needed=*/false).get(ignored) ==
         simdjson::SUCCESS;
}

void appendRecords(const Delivery& first, std::string& out) {
  out.append(kRecordsOpen);
  bool empty = true;
  std::string unused_headers;
  for (const Delivery* member = &first; member != nullptr; member = member->batch_next) {
    std::string_view body = renderEvent(*member->event, member->format, unused_headers).body;
    std::string_view records =
        body.substr(kRecordsOpen.size(), body.size() - kRecordsOpen.size() - kRecordsClose.size());
    if (records.empty()) {
      continue;
    }
    if (!empty) {
      out.push_back(',');
    }
    out.append(records);
    empty = false;
  }
  out.append(kRecordsClose);
}

// CloudEvents 1.0 structured mode, one object per event: JSON payloads as `data`, others as
// `data_base64`.
void appendStructuredCloudEvent(const Event& event, std::string& out) {
  out.append(R"({"specversion":"1.0","id":)");
  json::appendString(out, event.idText());
  out.append(R"(,"source":)");
  json::appendString(out, std::string("/switchyard/") + std::string(eventKindName(event.kind())) +
                              "/" + std::string(event.source()));
  out.append(R"(,"type":)");
  json::appendString(out,
                     std::string("dev.switchyard.") + std::string(eventKindName(event.kind())));
  out.append(R"(,"time":")");
  json::appendRfc3339(out, event.timeMicros());
  out.push_back('"');
  if (!event.partitionKey().empty()) {
    out.append(R"(,"subject":)");
    json::appendString(out, event.partitionKey());
  }
  if (!event.contentType().empty()) {
    out.append(R"(,"datacontenttype":)");
    json::appendString(out, event.contentType());
  }
  if (isJsonPayload(event)) {
    out.append(R"(,"data":)");
    out.append(event.payload());
  } else {
    out.append(R"(,"data_base64":")");
    json::appendBase64(out, event.payload());
    out.push_back('"');
  }
  out.push_back('}');
}

void appendArray(const Delivery& first, std::string& out) {
  out.push_back('[');
  std::string unused_headers;
  for (const Delivery* member = &first; member != nullptr; member = member->batch_next) {
    if (member != &first) {
      out.push_back(',');
    }
    const Event& event = *member->event;
    switch (member->format) {
      case EventFormat::kCloudEvents:
        appendStructuredCloudEvent(event, out);
        break;
      case EventFormat::kRaw:
        if (isJsonPayload(event)) {
          out.append(event.payload());
        } else {
          json::appendString(out, event.payload());
        }
        break;
      case EventFormat::kAws:
        out.append(renderEvent(event, member->format, unused_headers).body);
        break;
    }
  }
  out.push_back(']');
}

}  // namespace

RenderedEvent renderDeliveryBody(const Delivery& first, std::string& headers,
                                 std::string& batch_body) {
  if (first.batch == nullptr) {
    return renderEvent(*first.event, first.format, headers);
  }
  batch_body.clear();
  if (first.format == EventFormat::kCloudEvents) {
    appendArray(first, batch_body);
    return {batch_body, "application/cloudevents-batch+json"};
  }
  bool records = first.format == EventFormat::kAws;
  std::string unused_headers;
  for (const Delivery* member = &first; records && member != nullptr; member = member->batch_next) {
    records = isRecordsDocument(renderEvent(*member->event, member->format, unused_headers).body);
  }
  if (records) {
    appendRecords(first, batch_body);
  } else {
    appendArray(first, batch_body);
  }
  return {batch_body, "application/json"};
}

}  // namespace switchyard::dispatcher
