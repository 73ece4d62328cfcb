#include "connectors/sqs/sqs_input.h"

#include <charconv>

#include "connectors/aws/message_attributes.h"

namespace switchyard::sqs {
namespace {

Error invalid(std::string message) {
  return makeError(Errc::kInvalidArgument, "InvalidParameterValue: " + std::move(message));
}

MessageAttributeMap toEngine(const std::vector<aws::MessageAttribute>& attributes) {
  MessageAttributeMap out;
  for (const aws::MessageAttribute& attribute : attributes) {
    out[attribute.name] = {attribute.data_type, attribute.string_value, attribute.binary_value};
  }
  return out;
}

}  // namespace

Result<SqsInput> SqsInput::from(const aws::AwsCallContext& context) {
  SqsInput input;
  if (context.call.protocol == aws::Protocol::kQuery) {
    input.query_ = context.params;
    return input;
  }
  input.is_json_ = true;
  input.parser_ = std::make_shared<simdjson::dom::parser>();
  simdjson::dom::element root;
  std::string_view body =
      context.body.empty() ? std::string_view("{}") : std::string_view(context.body);
  if (auto error = input.parser_->parse(body.data(), body.size()).get(root)) {
    return makeError(Errc::kInvalidArgument, std::string("SerializationException: the body is not "
                                                         "JSON: ") +
                                                 simdjson::error_message(error));
  }
  if (!root.is_object()) {
    return makeError(Errc::kInvalidArgument,
                     "SerializationException: the body is not a JSON object");
  }
  input.json_ = root;
  return input;
}

std::optional<std::string> SqsInput::string(std::string_view name) const {
  if (is_json_) {
    std::string_view value;
    if ((*json_)[name].get_string().get(value) == simdjson::SUCCESS) {
      return std::string(value);
    }
    return std::nullopt;
  }
  const std::string* value = query_.find(name);
  return value == nullptr ? std::nullopt : std::optional<std::string>(*value);
}

Result<std::optional<int64_t>> SqsInput::integer(std::string_view name) const {
  if (is_json_) {
    simdjson::dom::element element;
    if ((*json_)[name].get(element) != simdjson::SUCCESS || element.is_null()) {
      return std::optional<int64_t>();
    }
    int64_t value = 0;
    if (element.get_int64().get(value) != simdjson::SUCCESS) {
      return invalid("Value for parameter " + std::string(name) +
                     " is invalid. Reason: must be an integer.");
    }
    return std::optional<int64_t>(value);
  }
  const std::string* text = query_.find(name);
  if (text == nullptr) {
    return std::optional<int64_t>();
  }
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return invalid("Value " + *text + " for parameter " + std::string(name) +
                   " is invalid. Reason: must be an integer.");
  }
  return std::optional<int64_t>(value);
}

std::vector<std::string> SqsInput::stringList(std::string_view json_name,
                                              std::string_view query_prefix) const {
  std::vector<std::string> out;
  if (is_json_) {
    simdjson::dom::array array;
    if ((*json_)[json_name].get_array().get(array) == simdjson::SUCCESS) {
      for (simdjson::dom::element item : array) {
        std::string_view text;
        if (item.get_string().get(text) == simdjson::SUCCESS) {
          out.emplace_back(text);
        }
      }
    }
    return out;
  }
  return query_.list(query_prefix);
}

AttributeMap SqsInput::attributes() const {
  AttributeMap out;
  if (is_json_) {
    simdjson::dom::object object;
    if ((*json_)["Attributes"].get_object().get(object) == simdjson::SUCCESS) {
      for (auto [key, value] : object) {
        std::string_view text;
        if (value.get_string().get(text) == simdjson::SUCCESS) {
          out[std::string(key)] = std::string(text);
        }
      }
    }
    return out;
  }
  for (auto& [name, value] : query_.pairs("Attribute", "Name", "Value")) {
    out[name] = value;
  }
  return out;
}

TagMap SqsInput::tags() const {
  TagMap out;
  if (is_json_) {
    simdjson::dom::object object;
    if ((*json_)["tags"].get_object().get(object) == simdjson::SUCCESS ||
        (*json_)["Tags"].get_object().get(object) == simdjson::SUCCESS) {
      for (auto [key, value] : object) {
        std::string_view text;
        if (value.get_string().get(text) == simdjson::SUCCESS) {
          out[std::string(key)] = std::string(text);
        }
      }
    }
    return out;
  }
  for (auto& [key, value] : query_.pairs("Tag", "Key", "Value")) {
    out[key] = value;
  }
  return out;
}

Result<MessageAttributeMap> SqsInput::messageAttributes() const {
  Result<std::vector<aws::MessageAttribute>> parsed = std::vector<aws::MessageAttribute>();
  if (is_json_) {
    simdjson::dom::element element;
    if ((*json_)["MessageAttributes"].get(element) == simdjson::SUCCESS && !element.is_null()) {
      parsed = aws::messageAttributesFromJson(simdjson::minify(element));
    }
  } else {
    parsed = aws::messageAttributesFromQuery(query_, "MessageAttribute");
  }
  if (!parsed.ok()) {
    return invalid(parsed.error().message);
  }
  return toEngine(*parsed);
}

std::vector<SqsInput> SqsInput::entries(std::string_view query_prefix) const {
  std::vector<SqsInput> out;
  if (is_json_) {
    simdjson::dom::array array;
    if ((*json_)["Entries"].get_array().get(array) == simdjson::SUCCESS) {
      for (simdjson::dom::element item : array) {
        SqsInput entry;
        entry.is_json_ = true;
        entry.parser_ = parser_;
        entry.json_ = item;
        out.push_back(std::move(entry));
      }
    }
    return out;
  }
  for (aws::IndexedEntry& indexed : query_.indexedStructs(query_prefix)) {
    SqsInput entry;
    entry.query_ = std::move(indexed.fields);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace switchyard::sqs
