#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "gateway/core/event_id.h"
#include "gateway/core/ref_ptr.h"

namespace switchyard {

// Where an event came from; selects the per-source `aws` rendering.
enum class EventKind : uint8_t {
  kHttp,         // webhook: POST /events/{trigger}
  kInvoke,       // Lambda Invoke API: the payload is the handler's event as is
  kDestination,  // a destination record re-entering the router
  kSqs,
  kSns,
  kKinesis,
  kKafka,
  kRedis,
  kS3,
  kLogs,
  kSyslog,
  kSchedule,
  kMqtt,
  kEventBridge,
};
std::string_view eventKindName(EventKind kind);

// What a target asks the event to be rendered as (DESIGN.md §3).
enum class EventFormat : uint8_t { kAws = 0, kCloudEvents = 1, kRaw = 2 };
inline constexpr int kCachedFormats = 2;  // raw needs no cache
std::string_view eventFormatName(EventFormat format);
bool parseEventFormat(std::string_view text, EventFormat* format);

using EventAttribute = std::pair<std::string_view, std::string_view>;

struct EventInit {
  EventKind kind = EventKind::kHttp;
  std::string_view source;         // connector instance (trigger) name
  std::string_view partition_key;  // ordered sources only
  std::string_view content_type;
  std::string_view traceparent;  // W3C traceparent received with the event, if any
  int64_t time_us = 0;           // accepted at, Unix microseconds; 0 = now
  uint16_t hops = 0;             // destination chain length so far
  std::span<const EventAttribute> attributes;
};

// An accepted event: immutable once built and shared (reference-counted) by every delivery that
// fans out from it. One allocation holds the header, the payload, simdjson's padding and the
// attribute strings.
//
// NOTE: thread-safe to read from any thread. The only mutable part is the rendering cache, which
// is published with a compare-and-swap so concurrent renderers on different shards agree.
class Event : public RefCounted {
 public:
  // Bytes after payload() that are readable (zeroed): simdjson needs them to parse in place.
  static constexpr size_t kPayloadPadding = 64;

  static RefPtr<Event> create(const EventInit& init, std::string_view payload);
  // Same as create() but with a given id (replays keep their original id).
  static RefPtr<Event> createWithId(const EventId& id, const EventInit& init,
                                    std::string_view payload);
  static void release(const Event* event);

  const EventId& id() const { return id_; }
  // The id as canonical text (36 characters), formatted once at creation.
  std::string_view idText() const { return {id_text_, EventId::kTextLength}; }
  EventKind kind() const { return kind_; }
  int64_t timeMicros() const { return time_us_; }
  uint16_t hops() const { return hops_; }
  std::string_view source() const { return string(source_); }
  std::string_view partitionKey() const { return string(partition_key_); }
  std::string_view contentType() const { return string(content_type_); }
  std::string_view traceparent() const { return string(traceparent_); }
  std::string_view payload() const { return {data(), payload_size_}; }
  // Bytes of the one allocation that holds the event: header, payload, padding, strings and the
  // attribute table (what a memory budget charges for it).
  size_t allocationSize() const {
    return sizeof(Event) + attribute_table_offset_ + attribute_count_ * 2 * sizeof(StringRef);
  }

  size_t attributeCount() const { return attribute_count_; }
  EventAttribute attribute(size_t index) const;
  // The first attribute named `key`, or empty.
  std::string_view findAttribute(std::string_view key) const;

  // The rendering for `format` if one was cached, else nullptr.
  const std::string* cachedRendering(EventFormat format) const;
  // Caches `rendered` unless another thread won the race; returns the cached string either way.
  const std::string& cacheRendering(EventFormat format, std::string&& rendered) const;

 private:
  struct StringRef {
    uint32_t offset = 0;
    uint32_t size = 0;
  };

  Event() = default;
  ~Event();
  static Event* allocate(const EventId& id, const EventInit& init, std::string_view payload);

  const char* data() const { return reinterpret_cast<const char*>(this + 1); }
  std::string_view string(StringRef ref) const { return {data() + ref.offset, ref.size}; }
  const StringRef* attributeRefs() const;

  EventId id_;
  char id_text_[EventId::kTextLength];
  EventKind kind_ = EventKind::kHttp;
  uint16_t hops_ = 0;
  int64_t time_us_ = 0;
  uint32_t payload_size_ = 0;
  uint32_t attribute_count_ = 0;
  uint32_t attribute_table_offset_ = 0;
  StringRef source_, partition_key_, content_type_, traceparent_;
  mutable std::atomic<std::string*> rendered_[kCachedFormats] = {};
};

using EventRef = RefPtr<Event>;

int64_t unixMicrosNow();

}  // namespace switchyard
