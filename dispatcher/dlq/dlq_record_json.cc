#include "dispatcher/dlq/dlq_record_json.h"

#include <simdjson.h>

#include <cstdint>
#include <limits>
#include <string>

#include "gateway/core/append_decimal.h"
#include "gateway/core/json_writer.h"

namespace switchyard::dlq {
namespace {

void appendInt(std::string& out, int64_t value) {
  // Negation in unsigned arithmetic, so INT64_MIN does not overflow.
  if (value < 0) {
    out.push_back('-');
    appendDecimal(out, 0 - static_cast<uint64_t>(value));
  } else {
    appendDecimal(out, static_cast<uint64_t>(value));
  }
}

void appendBytes(std::string& out, std::string_view bytes) {
  if (json::isValidUtf8(bytes)) {
    json::appendString(out, bytes);
    return;
  }
  out.append(R"({"base64":")");
  json::appendBase64(out, bytes);
  out.append("\"}");
}

void appendField(std::string& out, const char* key, std::string_view bytes, bool first = false) {
  if (!first) {
    out.push_back(',');
  }
  json::appendString(out, key);
  out.push_back(':');
  appendBytes(out, bytes);
}

void appendField(std::string& out, const char* key, int64_t value, bool first = false) {
  if (!first) {
    out.push_back(',');
  }
  json::appendString(out, key);
  out.push_back(':');
  appendInt(out, value);
}

void appendReplay(std::string& out, const ReplayRecord& replay) {
  out.push_back('{');
  appendField(out, "at_us", replay.at_us, true);
  appendField(out, "replay_id", replay.replay_id);
  appendField(out, "to_function", replay.to_function);
  appendField(out, "new_event_id", replay.new_event_id);
  out.push_back('}');
}

// The inverse of appendBytes: a JSON string, or {"base64": "..."}.
bool readBytes(simdjson::dom::element element, std::string* out) {
  std::string_view text;
  if (element.get_string().get(text) == simdjson::SUCCESS) {
    out->assign(text);
    return true;
  }
  simdjson::dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS ||
      object["base64"].get_string().get(text) != simdjson::SUCCESS) {
    return false;
  }
  return json::decodeBase64(text, out);
}

bool readBytes(simdjson::dom::object object, const char* key, std::string* out) {
  simdjson::dom::element element;
  return object[key].get(element) == simdjson::SUCCESS && readBytes(element, out);
}

bool readInt(simdjson::dom::object object, const char* key, int64_t* out) {
  return object[key].get_int64().get(*out) == simdjson::SUCCESS;
}

// Parses `json` and hands its top-level array to `each` element by element. The parser is per
// thread (as in json_check.cc): a store is used by one thread at a time, and the DOM it returns
// is consumed before the next parse.
template <typename Each>
bool forEachInArray(std::string_view json, Each&& each) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element document;
  simdjson::dom::array array;
  // realloc_if_needed: SQLite's column text has no simdjson padding, so it is copied.
  if (parser.parse(json.data(), json.size(), true).get(document) != simdjson::SUCCESS ||
      document.get_array().get(array) != simdjson::SUCCESS) {
    return false;
  }
  for (simdjson::dom::element element : array) {
    if (!each(element)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string attributesToJson(const std::vector<std::pair<std::string, std::string>>& attributes) {
  std::string out = "[";
  for (const auto& [key, value] : attributes) {
    if (out.size() > 1) {
      out.push_back(',');
    }
    out.push_back('[');
    appendBytes(out, key);
    out.push_back(',');
    appendBytes(out, value);
    out.push_back(']');
  }
  out.push_back(']');
  return out;
}

std::string attemptsToJson(const std::vector<AttemptRecord>& attempts) {
  std::string out = "[";
  for (const AttemptRecord& attempt : attempts) {
    if (out.size() > 1) {
      out.push_back(',');
    }
    out.push_back('{');
    appendField(out, "started_us", attempt.started_us, true);
    appendField(out, "latency_us", attempt.latency_us);
    appendField(out, "status", static_cast<int64_t>(attempt.status));
    appendField(out, "outcome", attempt.outcome);
    appendField(out, "error", attempt.error);
    out.push_back('}');
  }
  out.push_back(']');
  return out;
}

std::string replayToJson(const ReplayRecord& replay) {
  std::string out;
  appendReplay(out, replay);
  return out;
}

std::string replaysToJson(const std::vector<ReplayRecord>& replays) {
  std::string out = "[";
  for (const ReplayRecord& replay : replays) {
    if (out.size() > 1) {
      out.push_back(',');
    }
    appendReplay(out, replay);
  }
  out.push_back(']');
  return out;
}

std::string stringsToJson(const std::vector<std::string>& strings) {
  std::string out = "[";
  for (const std::string& text : strings) {
    if (out.size() > 1) {
      out.push_back(',');
    }
    json::appendString(out, text);
  }
  out.push_back(']');
  return out;
}

bool parseAttributes(std::string_view json,
                     std::vector<std::pair<std::string, std::string>>* attributes) {
  attributes->clear();
  return forEachInArray(json, [&](simdjson::dom::element element) {
    simdjson::dom::array pair;
    simdjson::dom::element key;
    simdjson::dom::element value;
    if (element.get_array().get(pair) != simdjson::SUCCESS || pair.size() != 2 ||
        pair.at(0).get(key) != simdjson::SUCCESS || pair.at(1).get(value) != simdjson::SUCCESS) {
      return false;
    }
    auto& attribute = attributes->emplace_back();
    return readBytes(key, &attribute.first) && readBytes(value, &attribute.second);
  });
}

bool parseAttempts(std::string_view json, std::vector<AttemptRecord>* attempts) {
  attempts->clear();
  return forEachInArray(json, [&](simdjson::dom::element element) {
    simdjson::dom::object object;
    int64_t status = 0;
    if (element.get_object().get(object) != simdjson::SUCCESS) {
      return false;
    }
    AttemptRecord& attempt = attempts->emplace_back();
    if (!readInt(object, "started_us", &attempt.started_us) ||
        !readInt(object, "latency_us", &attempt.latency_us) ||
        !readInt(object, "status", &status) || status < std::numeric_limits<int>::min() ||
        status > std::numeric_limits<int>::max()) {
      return false;
    }
    attempt.status = static_cast<int>(status);
    return readBytes(object, "outcome", &attempt.outcome) &&
           readBytes(object, "error", &attempt.error);
  });
}

bool parseReplays(std::string_view json, std::vector<ReplayRecord>* replays) {
  replays->clear();
  return forEachInArray(json, [&](simdjson::dom::element element) {
    simdjson::dom::object object;
    if (element.get_object().get(object) != simdjson::SUCCESS) {
      return false;
    }
    ReplayRecord& replay = replays->emplace_back();
    return readInt(object, "at_us", &replay.at_us) &&
           readBytes(object, "replay_id", &replay.replay_id) &&
           readBytes(object, "to_function", &replay.to_function) &&
           readBytes(object, "new_event_id", &replay.new_event_id);
  });
}

}  // namespace switchyard::dlq
