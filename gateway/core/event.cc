#include "gateway/core/event.h"

#include <chrono>
#include <cstring>
#include <new>

namespace switchyard {

std::string_view eventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::kHttp:
      return "http";
    case EventKind::kInvoke:
      return "invoke";
    case EventKind::kDestination:
      return "destination";
    case EventKind::kSqs:
      return "sqs";
    case EventKind::kSns:
      return "sns";
    case EventKind::kKinesis:
      return "kinesis";
    case EventKind::kKafka:
      return "kafka";
    case EventKind::kRedis:
      return "redis";
    case EventKind::kS3:
      return "s3";
    case EventKind::kLogs:
      return "logs";
    case EventKind::kSyslog:
      return "syslog";
    case EventKind::kSchedule:
      return "schedule";
    case EventKind::kMqtt:
      return "mqtt";
    case EventKind::kEventBridge:
      return "eventbridge";
  }
  return "unknown";
}

std::string_view eventFormatName(EventFormat format) {
  switch (format) {
    case EventFormat::kAws:
      return "aws";
    case EventFormat::kCloudEvents:
      return "cloudevents";
    case EventFormat::kRaw:
      return "raw";
  }
  return "unknown";
}

bool parseEventFormat(std::string_view text, EventFormat* format) {
  if (text == "aws") {
    *format = EventFormat::kAws;
  } else if (text == "cloudevents") {
    *format = EventFormat::kCloudEvents;
  } else if (text == "raw") {
    *format = EventFormat::kRaw;
  } else {
    return false;
  }
  return true;
}

int64_t unixMicrosNow() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

RefPtr<Event> Event::create(const EventInit& init, std::string_view payload) {
  int64_t time_us = init.time_us != 0 ? init.time_us : unixMicrosNow();
  EventInit stamped = init;
  stamped.time_us = time_us;
  return RefPtr<Event>::adopt(allocate(EventId::generate(time_us / 1000), stamped, payload));
}

RefPtr<Event> Event::createWithId(const EventId& id, const EventInit& init,
                                  std::string_view payload) {
  EventInit stamped = init;
  if (stamped.time_us == 0) {
    stamped.time_us = unixMicrosNow();
  }
  return RefPtr<Event>::adopt(allocate(id, stamped, payload));
}

Event* Event::allocate(const EventId& id, const EventInit& init, std::string_view payload) {
  // Layout after the header: payload | padding | strings | attribute table (aligned).
  size_t strings = init.source.size() + init.partition_key.size() + init.content_type.size() +
                   init.traceparent.size();
  for (const EventAttribute& attribute : init.attributes) {
    strings += attribute.first.size() + attribute.second.size();
  }
  size_t table_offset = payload.size() + kPayloadPadding + strings;
  table_offset = (table_offset + alignof(StringRef) - 1) & ~(alignof(StringRef) - 1);
  size_t total = sizeof(Event) + table_offset + init.attributes.size() * 2 * sizeof(StringRef);

  void* memory = ::operator new(total);
  Event* event = new (memory) Event();
  char* data = reinterpret_cast<char*>(event + 1);
  if (!payload.empty()) {
    std::memcpy(data, payload.data(), payload.size());
  }
  std::memset(data + payload.size(), 0, kPayloadPadding);
  size_t cursor = payload.size() + kPayloadPadding;
  auto put = [&](std::string_view text) {
    StringRef ref{static_cast<uint32_t>(cursor), static_cast<uint32_t>(text.size())};
    if (!text.empty()) {
      std::memcpy(data + cursor, text.data(), text.size());
    }
    cursor += text.size();
    return ref;
  };

  event->id_ = id;
  id.format(event->id_text_);
  event->kind_ = init.kind;
  event->hops_ = init.hops;
  event->time_us_ = init.time_us;
  event->payload_size_ = static_cast<uint32_t>(payload.size());
  event->source_ = put(init.source);
  event->partition_key_ = put(init.partition_key);
  event->content_type_ = put(init.content_type);
  event->traceparent_ = put(init.traceparent);
  event->attribute_count_ = static_cast<uint32_t>(init.attributes.size());
  event->attribute_table_offset_ = static_cast<uint32_t>(table_offset);
  auto* table = reinterpret_cast<StringRef*>(data + table_offset);
  for (size_t i = 0; i < init.attributes.size(); ++i) {
    table[2 * i] = put(init.attributes[i].first);
    table[2 * i + 1] = put(init.attributes[i].second);
  }
  return event;
}

Event::~Event() {
  for (auto& slot : rendered_) {
    delete slot.load(std::memory_order_acquire);
  }
}

void Event::release(const Event* event) {
  if (event->dropRef()) {
    event->~Event();
    ::operator delete(const_cast<Event*>(event));
  }
}

const Event::StringRef* Event::attributeRefs() const {
  return reinterpret_cast<const StringRef*>(data() + attribute_table_offset_);
}

EventAttribute Event::attribute(size_t index) const {
  const StringRef* table = attributeRefs();
  return {string(table[2 * index]), string(table[2 * index + 1])};
}

std::string_view Event::findAttribute(std::string_view key) const {
  for (size_t i = 0; i < attribute_count_; ++i) {
    EventAttribute entry = attribute(i);
    if (entry.first == key) {
      return entry.second;
    }
  }
  return {};
}

const std::string* Event::cachedRendering(EventFormat format) const {
  return rendered_[static_cast<int>(format)].load(std::memory_order_acquire);
}

const std::string& Event::cacheRendering(EventFormat format, std::string&& rendered) const {
  auto& slot = rendered_[static_cast<int>(format)];
  auto* mine = new std::string(std::move(rendered));
  std::string* expected = nullptr;
  // Release publishes the string's bytes; acquire on failure sees the winner's.
  if (slot.compare_exchange_strong(expected, mine, std::memory_order_acq_rel,
                                   std::memory_order_acquire)) {
    return *mine;
  }
  delete mine;
  return *expected;
}

}  // namespace switchyard
