#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "connectors/sqs/engine/queue_engine_observer.h"
#include "connectors/sqs/engine/queue_engine_types.h"
#include "connectors/sqs/engine/queue_records.h"
#include "connectors/sqs/engine/queue_settings.h"
#include "gateway/core/result.h"
#include "gateway/core/string_map.h"

namespace switchyard::sqs {

class Queue;
struct QueueEnvironment;

// Amazon SQS queue semantics, without I/O, threads or clocks: the queues of one account in one
// region, by name. The AWS protocol layer translates requests into these calls; the gateway arms
// timers from nextChange() and persists through the observer, snapshot() and restore().
//
// Time is passed in (`now_ms`, Unix milliseconds) and must not go backwards between calls. A call
// taking `now_ms` first applies the time to the queue it touches: delays and visibility timeouts
// that ended, messages past MessageRetentionPeriod, the 5-minute deduplication window.
//
// Errors are sqsError()s: Error::message is "<SqsCode>: <text>" (sqs_error.h); QueueDoesNotExist
// for an unknown queue name, throughout.
//
// Behaviour follows SQS where it is documented or observable:
//  - Standard queues deliver the oldest visible messages first (by send order; a message whose
//    visibility timeout ended goes before newer ones). FIFO queues deliver each MessageGroupId in
//    send order, as many of one group per receive as possible, oldest group first; while any
//    message of a group is in flight, no later one of that group is delivered.
//  - SendMessage: body and attribute rules as SQS's (message_validation.h,
//    message_attributes.h); too large (body + attribute names, types and values) is
//    InvalidParameterValue "One or more parameters are invalid. Reason: Message must be shorter
//    than N bytes.", as SQS answers (there is no MessageTooLong code in SQS).
//  - Redrive: a message already received maxReceiveCount times is moved to the dead-letter queue
//    (same MessageId, receive count kept, DeadLetterQueueSourceArn set) when a receive reaches
//    it, instead of being returned. If the dead-letter queue no longer exists, it is delivered.
//  - DeleteMessage: a malformed handle, or one of another queue, is ReceiptHandleIsInvalid; a
//    handle of a message that is gone succeeds. A stale handle (a newer receive exists, or the
//    visibility timeout ended) deletes on a standard queue and is InvalidParameterValue ("The
//    receipt handle has expired.") on a FIFO queue.
//  - ChangeMessageVisibility: a stale handle is InvalidParameterValue (expired), a message that
//    is not in flight is MessageNotInflight; the total since the receive may not pass 12 hours.
//  - FIFO deduplication: a repeated deduplication id (or, with ContentBasedDeduplication, body
//    SHA-256) within 5 minutes of the first send is accepted and not enqueued; the original
//    MessageId comes back. The window outlives the message.
//  - DelaySeconds: per message on standard queues only; a FIFO queue's DelaySeconds change also
//    applies to its delayed messages.
//  - Not modelled: ReceiveRequestAttemptId, QueueDeletedRecently (re-creating a name at once is
//    allowed), in-flight limits (OverLimit), Policy / KMS enforcement, message move tasks.
//
// NOTE: single-threaded; owned by one thread, which makes every call. Not copyable or movable.
class QueueEngine {
 public:
  explicit QueueEngine(EngineOptions options = {});
  ~QueueEngine();
  QueueEngine(const QueueEngine&) = delete;
  QueueEngine& operator=(const QueueEngine&) = delete;

  // Not owned; nullptr for none. Must outlive the engine or be reset first.
  void setObserver(QueueEngineObserver* observer);
  const ArnScope& scope() const;
  std::string queueArn(std::string_view name) const;

  // ---- Queues ----

  struct CreateQueueResult {
    std::string name;
    std::string arn;
    bool created = false;  // false: the queue existed with these attributes
  };
  // An existing queue is returned if every attribute given has its current value (the ones not
  // given are not compared), else QueueNameExists. Tags apply to a new queue only.
  Result<CreateQueueResult> createQueue(std::string_view name, const AttributeMap& attributes,
                                        int64_t now_ms, const TagMap& tags = {});
  // The queue and its messages; QueueDoesNotExist if there is none.
  Status deleteQueue(std::string_view name);
  bool hasQueue(std::string_view name) const;
  // Names starting with `prefix` (case-sensitive), sorted.
  std::vector<std::string> listQueues(std::string_view prefix = {}) const;
  // Queues whose RedrivePolicy targets `name`, sorted.
  Result<std::vector<std::string>> listDeadLetterSourceQueues(std::string_view name) const;
  // The attributes named (GetQueueAttributes' AttributeNames; "All" for all; none: an empty
  // map), including the computed ApproximateNumberOfMessages{,NotVisible,Delayed},
  // CreatedTimestamp, LastModifiedTimestamp (Unix seconds) and QueueArn. Attributes that do not
  // apply (FifoQueue of a standard queue, an unset RedrivePolicy) are left out.
  Result<AttributeMap> getQueueAttributes(std::string_view name,
                                          const std::vector<std::string>& attribute_names,
                                          int64_t now_ms);
  // All or nothing. RedrivePolicy must name an existing queue of the same type, not itself;
  // "" removes it. FifoQueue cannot change.
  Status setQueueAttributes(std::string_view name, const AttributeMap& attributes, int64_t now_ms);
  // Deletes every message; PurgeQueueInProgress within 60 s of the previous purge.
  Status purgeQueue(std::string_view name, int64_t now_ms);
  Status tagQueue(std::string_view name, const TagMap& tags);
  Status untagQueue(std::string_view name, const std::vector<std::string>& keys);
  Result<TagMap> listQueueTags(std::string_view name) const;

  // ---- Messages ----

  Result<SendResult> send(std::string_view queue, SendRequest request, int64_t now_ms);
  // What is receivable now, at most max_number_of_messages; possibly nothing. Each message gets
  // a fresh receipt handle, one more ApproximateReceiveCount, and is invisible until now +
  // visibility timeout (0: visible again from the next call).
  Result<ReceiveResult> receive(std::string_view queue, const ReceiveRequest& request,
                                int64_t now_ms);
  Status deleteMessage(std::string_view queue, std::string_view receipt_handle, int64_t now_ms);
  // 0..43200 s from now; 0 makes the message visible at once.
  Status changeVisibility(std::string_view queue, std::string_view receipt_handle,
                          int visibility_timeout_seconds, int64_t now_ms);

  // ---- Long polling, without threads ----
  // A waiting ReceiveMessage retries when version() changed (sends, visibility changes,
  // deletions that unblock a FIFO group, attribute changes) or at nextChange(): the earliest
  // time a delayed or in-flight message becomes visible (nullopt: none will by time alone).

  Result<std::optional<int64_t>> nextChange(std::string_view queue, int64_t now_ms);
  // Increases on every change that can make a message receivable; never repeats for a name,
  // even across delete and re-create.
  Result<uint64_t> version(std::string_view queue) const;
  // Applies time to every queue (retention and visibility); for a periodic housekeeping timer,
  // so idle queues drop expired messages too (and the observer hears of it).
  void advanceTime(int64_t now_ms);

  // ---- Persistence ----

  // The queue's full state. Copies every message: for checkpoints, not for every request.
  Result<QueueSnapshot> snapshot(std::string_view queue, int64_t now_ms);
  // Rebuilds a queue (QueueNameExists if the name is taken) without telling the observer.
  // Restore dead-letter queues in any order: redrive resolves its target at receive time.
  // Receipt handles issued before the snapshot stay valid (same incarnation). Messages already
  // past retention are removed, and reported, by the next call that touches the queue.
  Status restore(QueueSnapshot snapshot, int64_t now_ms);

 private:
  Queue* find(std::string_view name) const;
  Result<Queue*> require(std::string_view name, int64_t now_ms);
  // The queue messages of `queue` are redriven to now; nullptr if none (or it is gone).
  Queue* deadLetterQueueOf(const Queue& queue) const;
  Status checkDeadLetterTarget(std::string_view queue_name, const QueueSettings& settings,
                               const AttributeMap& attributes) const;

  // Debug builds check that one thread makes every call (the first caller owns the engine).
  bool onOwnerThread() const;

  std::unique_ptr<QueueEnvironment> environment_;
  mutable std::thread::id owner_;
  StringMap<std::unique_ptr<Queue>> queues_;
};

}  // namespace switchyard::sqs
