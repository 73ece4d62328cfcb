#include "gateway/sink/delivered_ids.h"

#include <simdjson.h>

namespace switchyard {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// {"Records" at the start, before any parsing: most bodies a sink sees are not SQS events.
bool startsAsRecords(std::string_view body) {
  size_t at = body.find_first_not_of(" \t\r\n");
  if (at == std::string_view::npos || body[at] != '{') {
    return false;
  }
  at = body.find_first_not_of(" \t\r\n", at + 1);
  return at != std::string_view::npos && body.substr(at).starts_with("\"Records\"");
}

}  // namespace

struct DeliveredIds::Parser {
  simdjson::ondemand::parser parser;
};

DeliveredIds::DeliveredIds() : parser_(std::make_unique<Parser>()) {}

DeliveredIds::~DeliveredIds() = default;

const std::vector<std::string_view>& DeliveredIds::of(std::string_view event_id_header,
                                                      std::string_view body) {
  ids_.clear();
  if (startsAsRecords(body) && sqsRecordIds(body)) {
    return ids_;
  }
  ids_.clear();
  while (!event_id_header.empty()) {
    size_t comma = event_id_header.find(',');
    std::string_view id = trimmed(event_id_header.substr(0, comma));
    if (!id.empty()) {
      ids_.push_back(id);
    }
    if (comma == std::string_view::npos) {
      break;
    }
    event_id_header.remove_prefix(comma + 1);
  }
  return ids_;
}

// True if `body` is Lambda's SQS event; its records' messageIds are then in ids_.
bool DeliveredIds::sqsRecordIds(std::string_view body) {
  padded_.assign(body);
  padded_.resize(body.size() + simdjson::SIMDJSON_PADDING);
  simdjson::ondemand::document document;
  simdjson::ondemand::array records;
  if (parser_->parser.iterate(padded_.data(), body.size(), padded_.size()).get(document) !=
          simdjson::SUCCESS ||
      document["Records"].get_array().get(records) != simdjson::SUCCESS) {
    return false;
  }
  for (auto element : records) {
    simdjson::ondemand::value record;
    if (element.get(record) != simdjson::SUCCESS) {
      return false;
    }
    std::string_view message_id;
    std::string_view source;
    // The renderer writes messageId first and eventSource later; find_field_unordered (what []
    // is) takes them in either order.
    if (record["messageId"].get_string().get(message_id) != simdjson::SUCCESS ||
        record["eventSource"].get_string().get(source) != simdjson::SUCCESS ||
        source != "aws:sqs") {
      return false;
    }
    ids_.push_back(message_id);
  }
  return !ids_.empty();
}

}  // namespace switchyard
