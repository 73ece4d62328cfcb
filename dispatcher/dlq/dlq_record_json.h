#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dispatcher/dlq/dlq_record.h"

namespace switchyard::dlq {

// The JSON forms in which the SQLite store keeps a record's lists (attributes, attempts, replay
// history). Exact: a string that is valid UTF-8 is a JSON string (NULs escaped as \u0000); any
// other byte string is written as {"base64": "..."}, so attribute values from binary headers and
// error excerpts cut mid-character come back byte for byte.
//
//   attributes  [["key", "value"], ...]             order and duplicates kept
//   attempts    [{"started_us": 1, "latency_us": 2, "status": 503, "outcome": "...",
//                 "error": "..."}, ...]
//   replays     [{"at_us": 1, "replay_id": "...", "to_function": "...", "new_event_id": "..."}]
//
// The parsers return false on anything else (a damaged file, a hand edit gone wrong).
std::string attributesToJson(const std::vector<std::pair<std::string, std::string>>& attributes);
std::string attemptsToJson(const std::vector<AttemptRecord>& attempts);
std::string replayToJson(const ReplayRecord& replay);
std::string replaysToJson(const std::vector<ReplayRecord>& replays);

bool parseAttributes(std::string_view json,
                     std::vector<std::pair<std::string, std::string>>* attributes);
bool parseAttempts(std::string_view json, std::vector<AttemptRecord>* attempts);
bool parseReplays(std::string_view json, std::vector<ReplayRecord>* replays);

// A JSON array of strings (for binding a list of ids as one parameter to json_each()).
std::string stringsToJson(const std::vector<std::string>& strings);

}  // namespace switchyard::dlq
