#pragma once

#include <cstdint>
#include <string_view>

#include "connectors/sqs/engine/queue_records.h"

namespace switchyard::sqs {

// Told of every change to the engine's state, synchronously, in order, on the engine's thread,
// so that a store can write through: replaying the calls on a snapshot gives the engine's state.
// Derived changes are not reported: a message whose delay or visibility timeout ends simply has
// visible_at_ms in the past.
//
// NOTE: an observer must not call back into the engine. Records are valid during the call only.
class QueueEngineObserver {
 public:
  virtual ~QueueEngineObserver() = default;

  virtual void onQueueCreated(const QueueRecord& queue) = 0;
  // Attributes, tags or last_purge_ms changed.
  virtual void onQueueChanged(const QueueRecord& queue) = 0;
  // The queue and all its messages and deduplication records are gone.
  virtual void onQueueDeleted(std::string_view queue) = 0;
  // Every message of the queue is gone (PurgeQueue); onQueueChanged follows with last_purge_ms.
  virtual void onQueuePurged(std::string_view queue) = 0;

  virtual void onMessageAdded(std::string_view queue, const MessageRecord& message) = 0;
  virtual void onMessageChanged(std::string_view queue, const MessageStateRecord& state) = 0;
  virtual void onMessageRemoved(std::string_view queue, uint64_t key, RemovalReason reason) = 0;

  // A FIFO send recorded a deduplication id; drop the record once expires_ms has passed.
  virtual void onDeduplicationRecorded(std::string_view queue,
                                       const DeduplicationRecord& record) = 0;
};

}  // namespace switchyard::sqs
