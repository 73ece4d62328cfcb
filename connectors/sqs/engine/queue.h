#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "connectors/sqs/engine/message_digest.h"
#include "connectors/sqs/engine/message_id.h"
#include "connectors/sqs/engine/queue_engine_types.h"
#include "connectors/sqs/engine/queue_records.h"
#include "connectors/sqs/engine/queue_settings.h"
#include "gateway/core/random.h"
#include "gateway/core/result.h"
#include "gateway/core/string_map.h"

namespace switchyard::sqs {

class QueueEngineObserver;

// What a queue uses of the engine that holds it. Owned by the engine, outlives its queues.
struct QueueEnvironment {
  ArnScope scope;
  Random random{1};
  QueueEngineObserver* observer = nullptr;
  uint64_t version_clock = 0;  // engine-wide, so a re-created queue never repeats a version
};

// One queue's messages and their life: delays, visibility timeouts, receive counts, redrive,
// FIFO groups and deduplication, retention. Internal to QueueEngine, which validates names and
// attributes and resolves dead-letter queues; see queue_engine.h for the semantics.
//
// Cost per operation: O(log n) (heaps) or O(1) (hash map, deques); nothing scans the messages
// except snapshot(), purge() and a FIFO queue's DelaySeconds change.
//
// Data structures:
//   messages_      key → Message (stable addresses: FIFO groups link messages by pointer)
//   fresh_         standard: keys of messages visible since they were sent, ascending
//   returned_      standard: min-heap of keys of messages visible again (delay or timeout over)
//   groups_        FIFO: MessageGroupId → doubly linked list of its messages in key order
//   ready_groups_  FIFO: groups whose head is visible and that have nothing in flight, by head
//   timers_        min-heap of (visible_at, key) for delayed and in-flight messages
//   retention_     min-heap of (enqueued, key) for every message
// A standard queue receives the smallest key of fresh_ and returned_: oldest sent first, so a
// message whose visibility timeout ends is retried before newer ones. The deque and heaps are
// invalidated lazily (an entry is stale when its message is gone or has
// moved on) and compacted when stale entries outnumber live ones.
//
// NOTE: owned by the engine's thread; nothing here locks.
class Queue {
 public:
  Queue(QueueEnvironment* environment, std::string name, QueueSettings settings, int64_t created_ms,
        uint64_t incarnation);
  ~Queue();
  Queue(const Queue&) = delete;
  Queue& operator=(const Queue&) = delete;

  const std::string& name() const { return name_; }
  const std::string& arn() const { return arn_; }
  bool fifo() const { return settings_.fifo; }
  const QueueSettings& settings() const { return settings_; }
  const TagMap& tags() const { return tags_; }
  int64_t createdMs() const { return created_ms_; }
  int64_t lastModifiedMs() const { return last_modified_ms_; }
  uint64_t version() const { return version_; }
  QueueRecord record() const;

  size_t visibleCount() const { return visible_count_; }
  size_t inFlightCount() const { return in_flight_count_; }
  size_t delayedCount() const { return delayed_count_; }

  // Applies the passage of time up to `now_ms`: ended delays and visibility timeouts make
  // messages visible, retention removes old ones, the deduplication window moves on. Every
  // other operation expects it to have been called with the same `now_ms` first.
  void advance(int64_t now_ms);
  // The earliest time a delayed or in-flight message becomes visible.
  std::optional<int64_t> nextChange();

  void replaceSettings(QueueSettings settings, int64_t now_ms);
  void replaceTags(TagMap tags) { tags_ = std::move(tags); }
  Status purge(int64_t now_ms);

  Result<SendResult> send(SendRequest&& request, int64_t now_ms);
  // Validated arguments. `dead_letter_queue`: where messages past maxReceiveCount go (nullptr:
  // keep delivering them).
  std::vector<ReceivedMessage> receive(int max_messages, int visibility_timeout_seconds,
                                       Queue* dead_letter_queue, int64_t now_ms);
  Status deleteMessage(std::string_view receipt_handle);
  Status changeVisibility(std::string_view receipt_handle, int visibility_timeout_seconds,
                          int64_t now_ms);

  QueueSnapshot snapshot() const;
  // Rebuilds a queue; the snapshot's attributes must already be valid for `settings`.
  static Result<std::unique_ptr<Queue>> restore(QueueEnvironment* environment,
                                                QueueSettings settings, QueueSnapshot&& snapshot,
                                                int64_t now_ms);

 private:
  enum class State : uint8_t { kDelayed, kVisible, kInFlight };
  struct Message;
  struct MessageGroup;

  // Rarely set fields, kept out of line so a plain message stays small.
  struct Extras {
    MessageAttributeMap attributes;
    Md5Digest attributes_md5{};
    std::string sender_id;  // empty: the engine's account
    std::string aws_trace_header;
    std::string group_id;  // standard queues (fair queues); FIFO messages keep theirs in Fifo
    std::string dead_letter_source_arn;
  };

  // What every message of a FIFO queue has.
  struct Fifo {
    std::string group_id;
    std::string deduplication_id;
    uint64_t sequence_number = 0;
    MessageGroup* group = nullptr;  // null while detached
    Message* group_previous = nullptr;
    Message* group_next = nullptr;
  };

  struct Message {
    uint64_t key = 0;
    MessageId id;
    Md5Digest body_md5{};
    State state = State::kVisible;
    uint32_t receive_count = 0;
    int64_t sent_ms = 0;
    int64_t enqueued_ms = 0;
    int64_t visible_at_ms = 0;
    int64_t first_receive_ms = 0;
    int64_t last_receive_ms = 0;
    std::string body;
    std::unique_ptr<Extras> extras;
    std::unique_ptr<Fifo> fifo;
  };

  struct MessageGroup {
    std::string id;
    Message* head = nullptr;
    Message* tail = nullptr;
    uint32_t in_flight = 0;
    uint64_t ready_key = 0;  // its key in ready_groups_; 0 = not there
  };

  struct HeapEntry {
    int64_t at;
    uint64_t key;
    bool operator>(const HeapEntry& other) const {
      return at != other.at ? at > other.at : key > other.key;
    }
  };

  struct DeduplicationEntry {
    MessageId message_id;
    uint64_t sequence_number = 0;
    int64_t expires_ms = 0;
  };

  // Validates a send; the delay it gets.
  Result<int> checkSend(const SendRequest& request) const;
  uint64_t nextKey(int64_t now_ms);
  uint64_t nextSequenceNumber(int64_t now_ms);
  void bump();

  Message& insert(Message&& message);
  // Takes a message out of every structure; the caller settles its FIFO group.
  Message detach(Message& message);
  void remove(Message& message, RemovalReason reason);
  void setState(Message& message, State state);
  void makeVisible(Message& message);
  void markInFlight(Message& message, int visibility_timeout_seconds, int64_t now_ms);
  bool shouldRedrive(const Message& message, const Queue* dead_letter_queue) const;
  void moveToDeadLetterQueue(Message& message, Queue& dead_letter_queue, int64_t now_ms);
  void acceptDeadLetter(Message&& message, const std::string& source_arn, int64_t now_ms);
  struct HandleLookup {
    Message* message = nullptr;  // null: the message is gone
    bool current = false;        // the handle is of the message's latest receive
  };
  Result<HandleLookup> lookUp(std::string_view receipt_handle);

  void linkToGroup(Message& message);
  void unlinkFromGroup(Message& message);
  void refreshGroup(MessageGroup& group);
  // Refreshes the group, or drops it once it holds nothing.
  void settleGroup(MessageGroup* group);

  void pushTimer(const Message& message);
  bool isLiveTimer(const HeapEntry& entry) const;
  void maybeCompact();
  // Standard queues: the next visible message in key order, taken off fresh_ / returned_.
  Message* popVisible();

  void recordDeduplication(StringMap<DeduplicationEntry>::iterator entry, const Message& message,
                           int64_t now_ms);

  ReceivedMessage render(const Message& message) const;
  MessageRecord messageRecord(const Message& message) const;
  MessageStateRecord stateRecord(const Message& message) const;
  void notifyChanged(const Message& message) const;

  QueueEnvironment* environment_;
  std::string name_;
  std::string arn_;
  QueueSettings settings_;
  TagMap tags_;
  int64_t created_ms_;
  int64_t last_modified_ms_;
  std::optional<int64_t> last_purge_ms_;
  uint64_t incarnation_;
  uint64_t version_ = 0;
  uint64_t next_key_ = 1;
  uint64_t next_sequence_number_ = 1;

  std::unordered_map<uint64_t, Message> messages_;
  std::deque<uint64_t> fresh_;
  std::vector<uint64_t> returned_;
  StringMap<MessageGroup> groups_;
  std::set<std::pair<uint64_t, MessageGroup*>> ready_groups_;
  std::vector<HeapEntry> timers_;
  std::vector<HeapEntry> retention_;
  size_t visible_count_ = 0;
  size_t in_flight_count_ = 0;
  size_t delayed_count_ = 0;

  StringMap<DeduplicationEntry> deduplication_;
  std::deque<std::pair<int64_t, std::string>> deduplication_expiry_;  // in insertion order
};

}  // namespace switchyard::sqs
