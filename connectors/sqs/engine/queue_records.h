#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connectors/sqs/engine/message_attributes.h"
#include "connectors/sqs/engine/queue_settings.h"

namespace switchyard::sqs {

// The full state of a queue as plain records: what QueueEngine::snapshot() returns, what
// QueueEngine::restore() rebuilds a queue from, and what the observer hands out as it changes.
// Times are Unix milliseconds. A message's state is not stored: it follows from the record
// (visible_at_ms in the future: in flight if receive_count > 0, else delayed; otherwise
// visible).

using TagMap = std::map<std::string, std::string, std::less<>>;

struct QueueRecord {
  std::string name;
  AttributeMap attributes;  // renderQueueSettings(): the settable attributes, FifoQueue included
  TagMap tags;
  int64_t created_ms = 0;
  int64_t last_modified_ms = 0;
  std::optional<int64_t> last_purge_ms;  // PurgeQueueInProgress lasts 60 s from here
  // Random per created queue; receipt handles carry it, so it must survive a restart for the
  // handles consumers hold to stay valid.
  uint64_t incarnation = 0;
};

// The parts of a message that change after it is sent (receives, visibility changes).
struct MessageStateRecord {
  uint64_t key = 0;
  uint32_t receive_count = 0;
  int64_t visible_at_ms = 0;
  int64_t first_receive_ms = 0;  // 0 until received
  int64_t last_receive_ms = 0;
};

struct MessageRecord {
  uint64_t key = 0;  // unique within the queue, increasing in send order (FIFO order)
  std::string message_id;
  std::string body;
  MessageAttributeMap message_attributes;
  int64_t sent_ms = 0;
  // Retention counts from here: sent_ms, except for a message a FIFO queue moved to its
  // dead-letter queue (SQS resets it then).
  int64_t enqueued_ms = 0;
  uint32_t receive_count = 0;
  int64_t visible_at_ms = 0;
  int64_t first_receive_ms = 0;
  int64_t last_receive_ms = 0;
  std::string sender_id;
  std::string aws_trace_header;
  std::string message_group_id;
  std::string message_deduplication_id;
  uint64_t sequence_number = 0;  // FIFO; 0 for none
  std::string dead_letter_queue_source_arn;
};

// A FIFO deduplication id seen within the last 5 minutes. SQS keeps it after the message is
// deleted, so it is state of its own.
struct DeduplicationRecord {
  std::string key;  // the deduplication id; "<group>\n<id>" with DeduplicationScope=messageGroup
  std::string message_id;
  uint64_t sequence_number = 0;
  int64_t expires_ms = 0;
};

struct QueueSnapshot {
  QueueRecord queue;
  std::vector<MessageRecord> messages;  // ascending key
  std::vector<DeduplicationRecord> deduplication;
  uint64_t next_message_key = 1;  // keys and sequence numbers continue from these on restore
  uint64_t next_sequence_number = 1;
};

enum class RemovalReason : uint8_t {
  kDeleted,                 // DeleteMessage
  kExpired,                 // older than MessageRetentionPeriod
  kMovedToDeadLetterQueue,  // received more than maxReceiveCount times; see onMessageAdded
};

}  // namespace switchyard::sqs
