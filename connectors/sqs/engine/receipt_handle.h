#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard::sqs {

// What a receipt handle names: one receive of one message of one incarnation of a queue. The
// text form is opaque to clients (32 characters of base64url) and carries a checksum, so a
// mangled or invented handle is told apart from a stale one.
struct ReceiptHandle {
  uint64_t queue_incarnation = 0;  // random per created queue: handles die with the queue
  uint64_t message_key = 0;        // the message within the queue
  uint32_t receive_count = 0;      // which receive: a newer one makes this handle stale

  bool operator==(const ReceiptHandle&) const = default;
};

std::string encodeReceiptHandle(const ReceiptHandle& handle);
// nullopt for anything encodeReceiptHandle() did not produce.
std::optional<ReceiptHandle> decodeReceiptHandle(std::string_view text);

}  // namespace switchyard::sqs
