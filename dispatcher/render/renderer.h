#pragma once

#include <string>
#include <string_view>

#include "gateway/core/event.h"

namespace switchyard::dispatcher {

// What goes on the wire for one (event, format). The body view stays valid as long as the event:
// raw bodies are the payload itself, and other renderings are cached on the event, so a fan-out
// to k functions renders once (DESIGN.md §3).
struct RenderedEvent {
  std::string_view body;
  std::string_view content_type;
};

// Renders `event` as `format`; format-specific request headers (CloudEvents binary mode's ce-*)
// are appended to `headers` as "Name: value\r\n" lines. One renderer per source kind lives behind
// this; for kinds without an `aws` shape of their own the payload goes as is.
RenderedEvent renderEvent(const Event& event, EventFormat format, std::string& headers);

}  // namespace switchyard::dispatcher
