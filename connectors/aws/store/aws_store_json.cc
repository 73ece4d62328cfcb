#include "connectors/aws/store/aws_store_json.h"

#include <simdjson.h>

namespace switchyard::aws {

bool jsonToStringPairs(std::string_view text,
                       std::vector<std::pair<std::string, std::string>>* out) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(simdjson::padded_string(text)).get(object) != simdjson::SUCCESS) {
    return false;
  }
  out->clear();
  for (auto [key, value] : object) {
    std::string_view string;
    if (value.get(string) != simdjson::SUCCESS) {
      return false;
    }
    out->emplace_back(std::string(key), std::string(string));
  }
  return true;
}

std::string messageAttributesToJson(const sqs::MessageAttributeMap& attributes) {
  std::string out = "{";
  for (const auto& [name, attribute] : attributes) {
    if (out.size() > 1) {
      out.push_back(',');
    }
    json::appendString(out, name);
    out.append(R"(:{"DataType":)");
    json::appendString(out, attribute.data_type);
    if (attribute.data_type.starts_with("Binary")) {
      out.append(R"(,"BinaryValue":")");
      json::appendBase64(out, attribute.binary_value);
      out.push_back('"');
    } else {
      out.append(R"(,"StringValue":)");
      json::appendString(out, attribute.string_value);
    }
    out.push_back('}');
  }
  out.push_back('}');
  return out;
}

bool jsonToMessageAttributes(std::string_view text, sqs::MessageAttributeMap* out) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(simdjson::padded_string(text)).get(object) != simdjson::SUCCESS) {
    return false;
  }
  out->clear();
  for (auto [name, fields] : object) {
    sqs::MessageAttributeValue attribute;
    std::string_view data_type;
    if (fields["DataType"].get(data_type) != simdjson::SUCCESS) {
      return false;
    }
    attribute.data_type = std::string(data_type);
    std::string_view value;
    if (fields["BinaryValue"].get(value) == simdjson::SUCCESS) {
      if (!json::decodeBase64(value, &attribute.binary_value)) {
        return false;
      }
    } else if (fields["StringValue"].get(value) == simdjson::SUCCESS) {
      attribute.string_value = std::string(value);
    } else {
      return false;
    }
    (*out)[std::string(name)] = std::move(attribute);
  }
  return true;
}

}  // namespace switchyard::aws
