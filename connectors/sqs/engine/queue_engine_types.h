#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connectors/sqs/engine/message_attributes.h"
#include "connectors/sqs/engine/queue_settings.h"

namespace switchyard::sqs {

// What QueueEngine's message operations take and give. Times are Unix milliseconds.

struct EngineOptions {
  ArnScope scope;            // region and account of every queue in this engine
  uint64_t random_seed = 0;  // MessageIds and queue incarnations; 0 = seeded from the OS
};

struct SendRequest {
  std::string body;
  MessageAttributeMap message_attributes;
  std::optional<int> delay_seconds;      // standard queues: 0..900, default the queue's
  std::string message_group_id;          // required on FIFO queues; optional on standard ones
  std::string message_deduplication_id;  // FIFO only
  std::string aws_trace_header;          // MessageSystemAttributes.AWSTraceHeader, if sent
  std::string sender_id;                 // SenderId to record; empty = the engine's account
};

struct SendResult {
  std::string message_id;
  std::string md5_of_message_body;
  std::string md5_of_message_attributes;         // empty when there are none
  std::string md5_of_message_system_attributes;  // empty without an AWSTraceHeader
  std::string sequence_number;                   // FIFO only
  // FIFO: the deduplication id was seen within 5 minutes; nothing was enqueued and message_id
  // and sequence_number are the original message's.
  bool deduplicated = false;
};

struct ReceiveRequest {
  int max_number_of_messages = 1;         // 1..10
  std::optional<int> visibility_timeout;  // 0..43200; default the queue's
  std::optional<int> wait_time_seconds;   // 0..20; only validated and echoed (see below)
};

// One received message with every attribute; the protocol layer filters by AttributeNames /
// MessageAttributeNames. If it filters message attributes it must digest the subset it returns
// (md5OfMessageAttributes()), as SDKs check MD5OfMessageAttributes against what they got.
struct ReceivedMessage {
  std::string message_id;
  std::string receipt_handle;
  std::string body;
  std::string md5_of_body;
  MessageAttributeMap message_attributes;
  std::string md5_of_message_attributes;  // of all attributes; empty when there are none
  // System attributes.
  int64_t sent_timestamp_ms = 0;
  int64_t approximate_first_receive_timestamp_ms = 0;
  uint32_t approximate_receive_count = 0;
  std::string sender_id;
  std::string message_group_id;
  std::string message_deduplication_id;
  std::string sequence_number;
  std::string dead_letter_queue_source_arn;
  std::string aws_trace_header;
};

struct ReceiveResult {
  std::vector<ReceivedMessage> messages;
  // How long the caller should long-poll if `messages` is empty: the request's
  // WaitTimeSeconds, else the queue's ReceiveMessageWaitTimeSeconds.
  int wait_time_seconds = 0;
};

}  // namespace switchyard::sqs
