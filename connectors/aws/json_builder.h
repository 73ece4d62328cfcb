#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/core/json_writer.h"

namespace switchyard::aws {

// Appends one JSON object member by member, handling commas and escaping. Answers of the JSON
// protocols are built with it.
class JsonObject {
 public:
  explicit JsonObject(std::string& out) : out_(out) { out_.push_back('{'); }
  JsonObject(const JsonObject&) = delete;
  JsonObject& operator=(const JsonObject&) = delete;

  JsonObject& string(std::string_view key, std::string_view value) {
    this->key(key);
    json::appendString(out_, value);
    return *this;
  }
  JsonObject& number(std::string_view key, int64_t value) {
    this->key(key);
    out_.append(std::to_string(value));
    return *this;
  }
  JsonObject& boolean(std::string_view key, bool value) {
    this->key(key);
    out_.append(value ? "true" : "false");
    return *this;
  }
  // `json` must be valid JSON already.
  JsonObject& raw(std::string_view key, std::string_view json) {
    this->key(key);
    out_.append(json);
    return *this;
  }
  // Starts a member whose value the caller appends to `out()` next.
  std::string& member(std::string_view key) {
    this->key(key);
    return out_;
  }
  void close() { out_.push_back('}'); }

 private:
  void key(std::string_view key) {
    if (!first_) {
      out_.push_back(',');
    }
    first_ = false;
    json::appendString(out_, key);
    out_.push_back(':');
  }

  std::string& out_;
  bool first_ = true;
};

}  // namespace switchyard::aws
