#pragma once

#include <string_view>

#include "gateway/core/result.h"

namespace switchyard::sqs {

// The text rules SQS applies to what it stores. Errors are sqsError()s.

// UTF-8 made only of the characters SQS accepts in bodies and string attribute values:
// #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF. Malformed UTF-8 (overlong
// forms, encoded surrogates, truncated sequences) is not accepted either.
bool isAllowedMessageText(std::string_view text);

// A body must be non-empty (MissingParameter) and allowed text (InvalidMessageContents).
Status validateMessageBody(std::string_view body);

// MessageGroupId / MessageDeduplicationId: 1 to 128 characters, alphanumeric or punctuation
// !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ (InvalidParameterValue naming `parameter` otherwise).
Status validateFifoId(std::string_view parameter, std::string_view id);

// 1 to 80 characters of [A-Za-z0-9_-]; a FIFO queue's name ends in ".fifo" (counted in the 80)
// and only a FIFO queue's does.
Status validateQueueName(std::string_view name, bool fifo);

}  // namespace switchyard::sqs
