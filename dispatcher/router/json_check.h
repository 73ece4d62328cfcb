#pragma once

#include <string_view>

#include "gateway/core/result.h"

namespace switchyard::router {

// Checks that `padded` (followed by ≥ 64 readable bytes, as Event payloads are) is one complete,
// valid JSON document. The error says what is wrong and where ("line 1, column 9").
// Uses a thread-local simdjson parser: no allocation once warm.
Status checkJson(std::string_view padded);

}  // namespace switchyard::router
