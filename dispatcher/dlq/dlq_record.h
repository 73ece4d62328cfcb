#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace switchyard::dlq {

// One attempt in a dead-lettered delivery's history.
struct AttemptRecord {
  int64_t started_us = 0;  // Unix microseconds
  int64_t latency_us = 0;
  int status = 0;       // HTTP status; 0 if the function never answered
  std::string outcome;  // outcomeReason(): "timeout", "http_5xx", "function_error", ...
  std::string error;    // excerpt of the answer or the transport error (≤ 512 bytes)
};

// One replay of a record.
struct ReplayRecord {
  int64_t at_us = 0;
  std::string replay_id;    // the job that replayed it
  std::string to_function;  // where it was sent (the original function unless redirected)
  std::string new_event_id;
};

// Everything needed to inspect an event that could not be delivered and to replay it exactly:
// the original event byte for byte (payload and metadata), where it was going, and what happened.
struct DlqRecord {
  std::string id;  // record id: a UUIDv7 (time-ordered), distinct from the event id
  // The original event.
  std::string event_id;
  std::string event_kind;  // eventKindName()
  int64_t event_time_us = 0;
  std::string source;  // trigger (or function, for Invoke API events)
  std::string content_type;
  std::string traceparent;
  std::string partition_key;
  uint16_t hops = 0;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string payload;  // exact bytes
  // Where it was going and why it ended here.
  std::string trigger;  // empty for Invoke API events
  std::string function;
  std::string format;  // eventFormatName() the delivery used
  std::string reason;  // deadLetterReasonName(): retries_exhausted, event_age_exceeded, ...
  int64_t dead_lettered_us = 0;
  std::vector<AttemptRecord> attempts;
  std::vector<ReplayRecord> replays;

  // The last attempt's error, for listings.
  std::string lastError() const;
  int lastStatus() const;
};

// Which records an operation applies to. Empty fields do not filter.
struct DlqFilter {
  std::vector<std::string> ids;  // exact record ids (or event ids)
  std::string function;
  std::string trigger;
  int64_t since_us = 0;          // dead_lettered_us >= since
  int64_t until_us = 0;          // dead_lettered_us < until (0 = no bound)
  std::string error_substring;   // in the last error or the reason
  bool include_replayed = true;  // false: only records never replayed
  size_t limit = 0;              // 0 = no limit
  std::string after_id;          // paging: records with id > after_id (ids are time-ordered)
};

}  // namespace switchyard::dlq
