#include "dispatcher/dlq/dlq_json.h"

#include <simdjson.h>

#include "dispatcher/dlq/dlq_query.h"
#include "gateway/core/append_decimal.h"
#include "gateway/core/json_writer.h"

namespace switchyard::dlq {
namespace {

void appendKey(std::string& out, std::string_view key) {
  out.push_back(',');
  json::appendString(out, key);
  out.push_back(':');
}

void appendInteger(std::string& out, int64_t value) {
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  appendDecimal(out, static_cast<uint64_t>(value));
}

std::string getString(simdjson::dom::element element, std::string_view key) {
  std::string_view value;
  if (element[key].get_string().get(value) == simdjson::SUCCESS) {
    return std::string(value);
  }
  return {};
}

int64_t getInteger(simdjson::dom::element element, std::string_view key) {
  int64_t value = 0;
  if (element[key].get_int64().get(value) != simdjson::SUCCESS) {
    return 0;
  }
  return value;
}

DlqRecord recordFromElement(simdjson::dom::element element) {
  DlqRecord record;
  record.id = getString(element, "id");
  record.event_id = getString(element, "event_id");
  record.event_kind = getString(element, "event_kind");
  record.event_time_us = getInteger(element, "event_time_us");
  record.source = getString(element, "source");
  record.trigger = getString(element, "trigger");
  record.function = getString(element, "function");
  record.format = getString(element, "format");
  record.reason = getString(element, "reason");
  record.content_type = getString(element, "content_type");
  record.traceparent = getString(element, "traceparent");
  record.partition_key = getString(element, "partition_key");
  record.hops = static_cast<uint16_t>(getInteger(element, "hops"));
  record.dead_lettered_us = getInteger(element, "dead_lettered_us");
  record.payload = getString(element, "payload");
  std::string base64 = getString(element, "payload_base64");
  if (!base64.empty()) {
    json::decodeBase64(base64, &record.payload);
  }
  simdjson::dom::object attributes;
  if (element["attributes"].get_object().get(attributes) == simdjson::SUCCESS) {
    for (auto [key, value] : attributes) {
      std::string_view text;
      if (value.get_string().get(text) == simdjson::SUCCESS) {
        record.attributes.emplace_back(std::string(key), std::string(text));
      }
    }
  }
  simdjson::dom::array attempts;
  if (element["attempts"].get_array().get(attempts) == simdjson::SUCCESS) {
    for (simdjson::dom::element item : attempts) {
      AttemptRecord attempt;
      attempt.started_us = getInteger(item, "started_us");
      attempt.latency_us = getInteger(item, "latency_us");
      attempt.status = static_cast<int>(getInteger(item, "status"));
      attempt.outcome = getString(item, "outcome");
      attempt.error = getString(item, "error");
      record.attempts.push_back(std::move(attempt));
    }
  } else {
    // Summaries carry the count and the last error only.
    int64_t count = getInteger(element, "attempt_count");
    for (int64_t i = 0; i < count; ++i) {
      record.attempts.emplace_back();
    }
    if (!record.attempts.empty()) {
      record.attempts.back().status = static_cast<int>(getInteger(element, "last_status"));
      record.attempts.back().error = getString(element, "last_error");
    }
  }
  simdjson::dom::array replays;
  if (element["replays"].get_array().get(replays) == simdjson::SUCCESS) {
    for (simdjson::dom::element item : replays) {
      ReplayRecord replay;
      replay.at_us = getInteger(item, "at_us");
      replay.replay_id = getString(item, "replay_id");
      replay.to_function = getString(item, "to_function");
      record.replays.push_back(std::move(replay));
    }
  } else {
    for (int64_t i = 0; i < getInteger(element, "replay_count"); ++i) {
      record.replays.emplace_back();
    }
  }
  return record;
}

}  // namespace

void appendRecordJson(std::string& out, const DlqRecord& record, bool full) {
  out.append(R"({"id":)");
  json::appendString(out, record.id);
  appendKey(out, "event_id");
  json::appendString(out, record.event_id);
  appendKey(out, "function");
  json::appendString(out, record.function);
  appendKey(out, "trigger");
  json::appendString(out, record.trigger);
  appendKey(out, "reason");
  json::appendString(out, record.reason);
  appendKey(out, "attempt_count");
  appendInteger(out, static_cast<int64_t>(record.attempts.size()));
  appendKey(out, "last_status");
  appendInteger(out, record.lastStatus());
  appendKey(out, "last_error");
  json::appendString(out, record.lastError());
  appendKey(out, "dead_lettered_us");
  appendInteger(out, record.dead_lettered_us);
  appendKey(out, "dead_lettered_at");
  out.push_back('"');
  json::appendRfc3339(out, record.dead_lettered_us);
  out.push_back('"');
  appendKey(out, "replay_count");
  appendInteger(out, static_cast<int64_t>(record.replays.size()));
  if (!full) {
    out.push_back('}');
    return;
  }
  appendKey(out, "event_kind");
  json::appendString(out, record.event_kind);
  appendKey(out, "event_time_us");
  appendInteger(out, record.event_time_us);
  appendKey(out, "source");
  json::appendString(out, record.source);
  appendKey(out, "format");
  json::appendString(out, record.format);
  appendKey(out, "content_type");
  json::appendString(out, record.content_type);
  appendKey(out, "traceparent");
  json::appendString(out, record.traceparent);
  appendKey(out, "partition_key");
  json::appendString(out, record.partition_key);
  appendKey(out, "hops");
  appendInteger(out, record.hops);
  if (json::isValidUtf8(record.payload)) {
    appendKey(out, "payload");
    json::appendString(out, record.payload);
  } else {
    appendKey(out, "payload_base64");
    out.push_back('"');
    json::appendBase64(out, record.payload);
    out.push_back('"');
  }
  appendKey(out, "attributes");
  out.push_back('{');
  for (size_t i = 0; i < record.attributes.size(); ++i) {
    if (i > 0) {
      out.push_back(',');
    }
    json::appendString(out, record.attributes[i].first);
    out.push_back(':');
    json::appendString(out, record.attributes[i].second);
  }
  out.push_back('}');
  appendKey(out, "attempts");
  out.push_back('[');
  for (size_t i = 0; i < record.attempts.size(); ++i) {
    const AttemptRecord& attempt = record.attempts[i];
    out.append(i > 0 ? R"(,{"started_us":)" : R"({"started_us":)");
    appendInteger(out, attempt.started_us);
    appendKey(out, "latency_us");
    appendInteger(out, attempt.latency_us);
    appendKey(out, "status");
    appendInteger(out, attempt.status);
    appendKey(out, "outcome");
    json::appendString(out, attempt.outcome);
    appendKey(out, "error");
    json::appendString(out, attempt.error);
    out.push_back('}');
  }
  out.push_back(']');
  appendKey(out, "replays");
  out.push_back('[');
  for (size_t i = 0; i < record.replays.size(); ++i) {
    const ReplayRecord& replay = record.replays[i];
    out.append(i > 0 ? R"(,{"at_us":)" : R"({"at_us":)");
    appendInteger(out, replay.at_us);
    appendKey(out, "replay_id");
    json::appendString(out, replay.replay_id);
    appendKey(out, "to_function");
    json::appendString(out, replay.to_function);
    out.push_back('}');
  }
  out.append("]}");
}

std::string recordsPageJson(const std::vector<DlqRecord>& records, bool full, size_t limit) {
  std::string out = R"({"records":[)";
  for (size_t i = 0; i < records.size(); ++i) {
    if (i > 0) {
      out.push_back(',');
    }
    appendRecordJson(out, records[i], full);
  }
  out.append(R"(],"next":)");
  if (limit > 0 && records.size() == limit) {
    json::appendString(out, records.back().id);  // there may be more after this one
  } else {
    out.append("null");
  }
  out.push_back('}');
  return out;
}

Result<std::vector<DlqRecord>> recordsFromJson(std::string_view text, std::string* next_after) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(text.data(), text.size()).get(root)) {
    return makeError(Errc::kInvalidArgument,
                     std::string("bad JSON from the admin API: ") + simdjson::error_message(error));
  }
  std::vector<DlqRecord> records;
  simdjson::dom::array array;
  if (root["records"].get_array().get(array) == simdjson::SUCCESS) {
    for (simdjson::dom::element item : array) {
      records.push_back(recordFromElement(item));
    }
  }
  if (next_after != nullptr) {
    *next_after = getString(root, "next");
  }
  return records;
}

Result<DlqRecord> recordFromJson(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(text.data(), text.size()).get(root)) {
    return makeError(Errc::kInvalidArgument,
                     std::string("bad JSON from the admin API: ") + simdjson::error_message(error));
  }
  return recordFromElement(root);
}

std::string replayRequestJson(const ReplayRequest& request, bool dry_run) {
  std::string out = R"({"query":)";
  json::appendString(out, filterToQuery(request.filter));
  appendKey(out, "to");
  json::appendString(out, request.to_function);
  appendKey(out, "rate");
  out.append(std::to_string(request.rate_per_second));
  appendKey(out, "force");
  out.append(request.force ? "true" : "false");
  appendKey(out, "dry_run");
  out.append(dry_run ? "true" : "false");
  out.push_back('}');
  return out;
}

Result<ReplayRequest> replayRequestFromJson(std::string_view text, bool* dry_run) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(text.data(), text.size()).get(root)) {
    return makeError(Errc::kInvalidArgument, std::string("the replay request is not JSON: ") +
                                                 simdjson::error_message(error));
  }
  ReplayRequest request;
  if (Status status = parseFilterQuery(getString(root, "query"), request.filter); !status.ok()) {
    return status.error();
  }
  request.to_function = getString(root, "to");
  double rate = 0;
  if (root["rate"].get_double().get(rate) == simdjson::SUCCESS) {
    request.rate_per_second = rate;
  }
  bool flag = false;
  if (root["force"].get_bool().get(flag) == simdjson::SUCCESS) {
    request.force = flag;
  }
  *dry_run = root["dry_run"].get_bool().get(flag) == simdjson::SUCCESS && flag;
  return request;
}

}  // namespace switchyard::dlq
