#include "connectors/aws/message_attributes.h"

#include <simdjson.h>

#include <algorithm>

#include "gateway/core/json_writer.h"

namespace switchyard::aws {
namespace {

Error invalid(std::string_view name, std::string_view what) {
  return makeError(Errc::kInvalidArgument,
                   "Message attribute '" + std::string(name) + "' " + std::string(what));
}

bool hasBaseType(std::string_view data_type, std::string_view base) {
  return data_type.substr(0, base.size()) == base &&
         (data_type.size() == base.size() || data_type[base.size()] == '.');
}

// Checks the combination of type and values, decoding a binary value into `attribute`.
Status complete(MessageAttribute& attribute, bool has_string, bool has_binary,
                std::string_view base64) {
  const std::string& type = attribute.data_type;
  if (type.empty()) {
    return invalid(attribute.name, "must contain a non-empty DataType.");
  }
  if (hasBaseType(type, "Binary")) {
    if (!has_binary) {
      return invalid(attribute.name, "with type '" + type + "' must contain a BinaryValue.");
    }
    if (!json::decodeBase64(base64, &attribute.binary_value)) {
      return invalid(attribute.name, "has a BinaryValue that is not valid base64.");
    }
    return okStatus();
  }
  if (!hasBaseType(type, "String") && !hasBaseType(type, "Number")) {
    return invalid(attribute.name, "has an invalid type '" + type +
                                       "': it must start with String, Number or Binary.");
  }
  if (!has_string) {
    return invalid(attribute.name, "with type '" + type + "' must contain a StringValue.");
  }
  return okStatus();
}

}  // namespace

bool MessageAttribute::isBinary() const { return hasBaseType(data_type, "Binary"); }

Result<std::vector<MessageAttribute>> messageAttributesFromJson(std::string_view json_object) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json_object);
  simdjson::dom::object object;
  if (parser.parse(padded).get(object) != simdjson::SUCCESS) {
    return makeError(Errc::kInvalidArgument, "MessageAttributes must be a JSON object.");
  }
  std::vector<MessageAttribute> attributes;
  for (auto [key, value] : object) {
    MessageAttribute attribute;
    attribute.name = std::string(key);
    simdjson::dom::object fields;
    if (value.get(fields) != simdjson::SUCCESS) {
      return invalid(key, "must be an object with DataType and a value.");
    }
    bool has_string = false;
    bool has_binary = false;
    std::string_view base64;
    for (auto [field, field_value] : fields) {
      std::string_view text;
      bool is_string = field_value.get(text) == simdjson::SUCCESS;
      if (field == "DataType" || field == "StringValue" || field == "BinaryValue") {
        if (!is_string) {
          return invalid(key, "has a non-string " + std::string(field) + ".");
        }
      }
      if (field == "DataType") {
        attribute.data_type = std::string(text);
      } else if (field == "StringValue") {
        attribute.string_value = std::string(text);
        has_string = true;
      } else if (field == "BinaryValue") {
        base64 = text;
        has_binary = true;
      }
      // StringListValues / BinaryListValues are reserved by AWS and ignored, as SQS does.
    }
    Status status = complete(attribute, has_string, has_binary, base64);
    if (!status.ok()) {
      return status.error();
    }
    attributes.push_back(std::move(attribute));
  }
  return attributes;
}

Result<std::vector<MessageAttribute>> messageAttributesFromQuery(const QueryParams& params,
                                                                 std::string_view prefix) {
  std::vector<MessageAttribute> attributes;
  for (const IndexedEntry& entry : params.indexedStructs(prefix)) {
    const std::string* name = entry.fields.find("Name");
    if (name == nullptr || name->empty()) {
      return makeError(
          Errc::kInvalidArgument,
          std::string(prefix) + "." + std::to_string(entry.index) + ".Name is required.");
    }
    MessageAttribute attribute;
    attribute.name = *name;
    attribute.data_type = std::string(entry.fields.get("Value.DataType"));
    const std::string* string_value = entry.fields.find("Value.StringValue");
    const std::string* binary_value = entry.fields.find("Value.BinaryValue");
    if (string_value != nullptr) {
      attribute.string_value = *string_value;
    }
    Status status =
        complete(attribute, string_value != nullptr, binary_value != nullptr,
                 binary_value != nullptr ? std::string_view(*binary_value) : std::string_view{});
    if (!status.ok()) {
      return status.error();
    }
    attributes.push_back(std::move(attribute));
  }
  return attributes;
}

}  // namespace switchyard::aws
