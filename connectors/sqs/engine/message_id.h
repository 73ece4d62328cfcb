#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/core/random.h"

namespace switchyard::sqs {

// A MessageId: a random (version 4) UUID, as SQS hands out, kept as 16 bytes.
struct MessageId {
  std::array<uint8_t, 16> bytes{};

  static MessageId generate(Random& random);
  // The canonical 8-4-4-4-12 hex form, either case; false otherwise.
  static bool parse(std::string_view text, MessageId* id);
  // Lowercase canonical form, 36 characters.
  std::string toString() const;

  bool operator==(const MessageId&) const = default;
};

}  // namespace switchyard::sqs
