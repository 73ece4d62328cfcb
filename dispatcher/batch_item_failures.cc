#include "dispatcher/batch_item_failures.h"

#include <simdjson.h>

namespace switchyard::dispatcher {

std::optional<std::set<std::string, std::less<>>> parseBatchItemFailures(std::string_view body) {
  std::set<std::string, std::less<>> failed;
  if (body.empty()) {
    return failed;
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  if (root.is_null()) {
    return failed;
  }
  simdjson::dom::element list;
  if (!root.is_object() || root["batchItemFailures"].get(list) != simdjson::SUCCESS) {
    return failed;  // an answer without the member: nothing failed
  }
  if (list.is_null()) {
    return failed;
  }
  simdjson::dom::array items;
  if (list.get_array().get(items) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  for (simdjson::dom::element item : items) {
    std::string_view id;
    if (item["itemIdentifier"].get_string().get(id) != simdjson::SUCCESS || id.empty()) {
      return std::nullopt;
    }
    failed.emplace(id);
  }
  return failed;
}

}  // namespace switchyard::dispatcher
