#pragma once

#include <string>
#include <string_view>

#include "dispatcher/dlq/dlq_record.h"
#include "gateway/core/result.h"

namespace switchyard::dlq {

// Sets one filter field from its textual form, shared by the CLI options and the admin API's
// query parameters: function, trigger, error, after, id (repeatable), limit (integer),
// replayed (true/false: include records replayed before), since / until (RFC 3339 like
// 2026-11-25T08:00:00Z, Unix microseconds, or a duration meaning "that long ago": 15m, 2h, 1d).
Status applyFilterParameter(DlqFilter& filter, std::string_view key, std::string_view value);

// Parses "a=b&c=d" (percent-decoded) into the filter; unknown keys are errors.
Status parseFilterQuery(std::string_view query, DlqFilter& filter);
// The inverse, for the CLI talking to the admin API.
std::string filterToQuery(const DlqFilter& filter);

// Points in time as the filter parameters accept them; `now_us` anchors relative durations.
Result<int64_t> parseTimePoint(std::string_view text, int64_t now_us);

bool filterIsEmpty(const DlqFilter& filter);

}  // namespace switchyard::dlq
