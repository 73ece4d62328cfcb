#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard {

// The event ids one delivery carries, for the sink's accounting:
// - Lambda's SQS event ({"Records":[{"messageId":…,"eventSource":"aws:sqs",…},…]}): one per
//   record, its messageId — the MessageId SendMessage(Batch) answered, which is what
//   `switchyard bench --target sqs` expects. The event the gateway built around the batch has an
//   id of its own (X-Switchyard-Event-Id) that no sender ever saw.
// - Anything else: X-Switchyard-Event-Id, which for a batch names every member, comma separated.
// A raw webhook payload that happens to be an SQS event is read as one, too.
//
// NOTE: not thread-safe (one parser); the sink's loop owns it. The views returned live until the
// next call (they point into the header, or into the parser's copy of the body).
class DeliveredIds {
 public:
  DeliveredIds();
  ~DeliveredIds();
  DeliveredIds(const DeliveredIds&) = delete;
  DeliveredIds& operator=(const DeliveredIds&) = delete;

  // Empty: the delivery named no id.
  const std::vector<std::string_view>& of(std::string_view event_id_header, std::string_view body);

 private:
  struct Parser;
  bool sqsRecordIds(std::string_view body);

  std::unique_ptr<Parser> parser_;
  std::string padded_;  // the body with simdjson's padding
  std::vector<std::string_view> ids_;
};

}  // namespace switchyard
