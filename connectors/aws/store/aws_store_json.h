#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connectors/sqs/engine/message_attributes.h"
#include "gateway/core/json_writer.h"

namespace switchyard::aws {

// The JSON text the AWS store keeps in its map-valued columns (queue attributes and tags, topic
// attributes and tags, message attributes), so that the tables read well in the sqlite3 shell
// (json_extract). Values are text: SQS and SNS accept only Unicode in them (bytes that are not
// UTF-8 would be stored as U+FFFD); message attributes' Binary values are base64.

template <typename StringMap>
std::string stringMapToJson(const StringMap& map) {
  std::string out = "{";
  for (const auto& [key, value] : map) {
    if (out.size() > 1) {
      out.push_back(',');
    }
    json::appendString(out, key);
    out.push_back(':');
    json::appendString(out, value);
  }
  out.push_back('}');
  return out;
}

// A flat object of strings; false if `text` is anything else.
bool jsonToStringPairs(std::string_view text,
                       std::vector<std::pair<std::string, std::string>>* out);

template <typename StringMap>
bool jsonToStringMap(std::string_view text, StringMap* out) {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (!jsonToStringPairs(text, &pairs)) {
    return false;
  }
  out->clear();
  for (auto& [key, value] : pairs) {
    (*out)[std::move(key)] = std::move(value);
  }
  return true;
}

// {"name":{"DataType":"String","StringValue":"v"}, "blob":{"DataType":"Binary","BinaryValue":
// "<base64>"}}: SQS's own shape.
std::string messageAttributesToJson(const sqs::MessageAttributeMap& attributes);
bool jsonToMessageAttributes(std::string_view text, sqs::MessageAttributeMap* out);

}  // namespace switchyard::aws
