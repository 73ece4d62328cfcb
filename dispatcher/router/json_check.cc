#include "dispatcher/router/json_check.h"

#include <simdjson.h>

#include <string>

namespace switchyard::router {
namespace {

// Visits every value so On-Demand stops exactly where the document goes wrong.
simdjson::error_code walk(simdjson::ondemand::value value, int depth) {
  if (depth > 256) {
    return simdjson::DEPTH_ERROR;
  }
  simdjson::ondemand::json_type type;
  if (auto error = value.type().get(type)) {
    return error;
  }
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object object;
      if (auto error = value.get_object().get(object)) {
        return error;
      }
      for (auto field : object) {
        simdjson::ondemand::value child;
        if (auto error = field.value().get(child)) {
          return error;
        }
        if (auto error = walk(child, depth + 1)) {
          return error;
        }
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array array;
      if (auto error = value.get_array().get(array)) {
        return error;
      }
      for (auto element : array) {
        simdjson::ondemand::value child;
        if (auto error = element.get(child)) {
          return error;
        }
        if (auto error = walk(child, depth + 1)) {
          return error;
        }
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::string:
      return value.get_string().error();
    case simdjson::ondemand::json_type::number:
      return value.get_double().error();
    case simdjson::ondemand::json_type::boolean:
      return value.get_bool().error();
    case simdjson::ondemand::json_type::null:
      return value.is_null().error();
  }
  return simdjson::SUCCESS;
}

// simdjson's validating parse says what is wrong but not where; walking the document with
// On-Demand stops at the first offending byte, and current_location() points there.
size_t locateError(std::string_view padded) {
  thread_local simdjson::ondemand::parser parser;
  simdjson::ondemand::document document;
  if (parser.iterate(padded.data(), padded.size(), padded.size() + simdjson::SIMDJSON_PADDING)
          .get(document) != simdjson::SUCCESS) {
    return 0;
  }
  simdjson::ondemand::value value;
  if (document.get_value().get(value) == simdjson::SUCCESS) {
    (void)walk(value, 0);
  }
  const char* location = nullptr;
  if (document.current_location().get(location) != simdjson::SUCCESS || location == nullptr) {
    return padded.size();
  }
  return static_cast<size_t>(location - padded.data());
}

}  // namespace

Status checkJson(std::string_view padded) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element element;
  auto error = parser.parse(padded.data(), padded.size(), false).get(element);
  if (error == simdjson::SUCCESS) {
    return okStatus();
  }
  size_t offset = std::min(locateError(padded), padded.size());
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (padded[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  std::string message = padded.empty() ? "the body is empty, expected a JSON document"
                                       : std::string(simdjson::error_message(error));
  return makeError(Errc::kInvalidArgument, "invalid JSON at line " + std::to_string(line) +
                                               ", column " + std::to_string(column) + ": " +
                                               message);
}

}  // namespace switchyard::router
