// Queue: where its messages are and when they move: the indexes (fresh_, returned_, timers_,
// retention_, FIFO groups), their upkeep, and the passage of time.

#include "connectors/sqs/engine/queue.h"

#include <algorithm>
#include <functional>

#include "connectors/sqs/engine/queue_engine_observer.h"
#include "gateway/core/assert.h"

namespace switchyard::sqs {
namespace {

constexpr int64_t kMillisPerSecond = 1000;
// Stale heap / deque entries are compacted away once they are this many more than live ones.
constexpr size_t kCompactionSlack = 1024;

}  // namespace

void Queue::setState(Message& message, State state) {
  auto count = [this](State s) -> size_t& {
    switch (s) {
      case State::kDelayed:
        return delayed_count_;
      case State::kVisible:
        return visible_count_;
      case State::kInFlight:
        break;
    }
    return in_flight_count_;
  };
  --count(message.state);
  ++count(state);
  message.state = state;
}

Queue::Message& Queue::insert(Message&& message) {
  const uint64_t key = message.key;
  auto [it, inserted] = messages_.emplace(key, std::move(message));
  SY_ASSERT(inserted);
  Message& stored = it->second;
  retention_.push_back({stored.enqueued_ms, key});
  std::push_heap(retention_.begin(), retention_.end(), std::greater<>());
  switch (stored.state) {
    case State::kDelayed:
      ++delayed_count_;
      break;
    case State::kVisible:
      ++visible_count_;
      break;
    case State::kInFlight:
      ++in_flight_count_;
      break;
  }
  if (fifo()) {
    linkToGroup(stored);
  }
  if (stored.state == State::kVisible) {
    if (!fifo()) {
      SY_DEBUG_ASSERT(fresh_.empty() || fresh_.back() < key);
      fresh_.push_back(key);
    }
  } else {
    pushTimer(stored);
  }
  if (fifo()) {
    refreshGroup(*stored.fifo->group);
  }
  return stored;
}

Queue::Message Queue::detach(Message& message) {
  switch (message.state) {
    case State::kDelayed:
      --delayed_count_;
      break;
    case State::kVisible:
      --visible_count_;
      break;
    case State::kInFlight:
      --in_flight_count_;
      break;
  }
  if (fifo()) {
    unlinkFromGroup(message);
  }
  auto node = messages_.extract(message.key);
  SY_ASSERT(!node.empty());
  Message detached = std::move(node.mapped());
  maybeCompact();
  return detached;
}

void Queue::remove(Message& message, RemovalReason reason) {
  const uint64_t key = message.key;
  MessageGroup* group = fifo() ? message.fifo->group : nullptr;
  detach(message);
  if (group != nullptr) {
    settleGroup(group);
  }
  if (environment_->observer != nullptr) {
    environment_->observer->onMessageRemoved(name_, key, reason);
  }
}

void Queue::makeVisible(Message& message) {
  const State previous = message.state;
  setState(message, State::kVisible);
  if (fifo()) {
    MessageGroup& group = *message.fifo->group;
    if (previous == State::kInFlight) {
      --group.in_flight;
    }
    refreshGroup(group);
  } else {
    returned_.push_back(message.key);
    std::push_heap(returned_.begin(), returned_.end(), std::greater<>());
  }
}

void Queue::markInFlight(Message& message, int visibility_timeout_seconds, int64_t now_ms) {
  if (message.receive_count == 0) {
    message.first_receive_ms = now_ms;
  }
  ++message.receive_count;
  message.last_receive_ms = now_ms;
  message.visible_at_ms = now_ms + visibility_timeout_seconds * kMillisPerSecond;
  setState(message, State::kInFlight);
  if (fifo()) {
    ++message.fifo->group->in_flight;
  }
  // Even with a timeout of 0 the message waits for the next advance(), so one receive never
  // returns the same message twice.
  pushTimer(message);
}

void Queue::pushTimer(const Message& message) {
  timers_.push_back({message.visible_at_ms, message.key});
  std::push_heap(timers_.begin(), timers_.end(), std::greater<>());
  if (timers_.size() > 2 * (delayed_count_ + in_flight_count_) + kCompactionSlack) {
    std::erase_if(timers_, [this](const HeapEntry& entry) { return !isLiveTimer(entry); });
    std::make_heap(timers_.begin(), timers_.end(), std::greater<>());
  }
}

bool Queue::isLiveTimer(const HeapEntry& entry) const {
  auto it = messages_.find(entry.key);
  return it != messages_.end() && it->second.state != State::kVisible &&
         it->second.visible_at_ms == entry.at;
}

void Queue::maybeCompact() {
  if (!fifo() && fresh_.size() + returned_.size() > 2 * visible_count_ + kCompactionSlack) {
    auto stale = [this](uint64_t key) {
      auto it = messages_.find(key);
      return it == messages_.end() || it->second.state != State::kVisible;
    };
    std::erase_if(fresh_, stale);
    std::erase_if(returned_, stale);
    std::make_heap(returned_.begin(), returned_.end(), std::greater<>());
  }
  if (retention_.size() > 2 * messages_.size() + kCompactionSlack) {
    std::erase_if(retention_,
                  [this](const HeapEntry& entry) { return !messages_.contains(entry.key); });
    std::make_heap(retention_.begin(), retention_.end(), std::greater<>());
  }
}

Queue::Message* Queue::popVisible() {
  for (;;) {
    const bool from_fresh =
        !fresh_.empty() && (returned_.empty() || fresh_.front() < returned_.front());
    uint64_t key = 0;
    if (from_fresh) {
      key = fresh_.front();
      fresh_.pop_front();
    } else if (!returned_.empty()) {
      std::pop_heap(returned_.begin(), returned_.end(), std::greater<>());
      key = returned_.back();
      returned_.pop_back();
    } else {
      return nullptr;
    }
    auto it = messages_.find(key);
    if (it != messages_.end() && it->second.state == State::kVisible) {
      return &it->second;
    }
    // Stale: deleted or expired while visible.
  }
}

// FIFO groups.

void Queue::linkToGroup(Message& message) {
  Fifo& fifo = *message.fifo;
  auto it = groups_.find(fifo.group_id);
  if (it == groups_.end()) {
    it = groups_.emplace(fifo.group_id, MessageGroup{}).first;
    it->second.id = fifo.group_id;
  }
  MessageGroup& group = it->second;
  SY_DEBUG_ASSERT(group.tail == nullptr || group.tail->key < message.key);
  fifo.group = &group;
  fifo.group_previous = group.tail;
  fifo.group_next = nullptr;
  if (group.tail != nullptr) {
    group.tail->fifo->group_next = &message;
  } else {
    group.head = &message;
  }
  group.tail = &message;
  if (message.state == State::kInFlight) {
    ++group.in_flight;
  }
}

void Queue::unlinkFromGroup(Message& message) {
  Fifo& fifo = *message.fifo;
  MessageGroup& group = *fifo.group;
  if (fifo.group_previous != nullptr) {
    fifo.group_previous->fifo->group_next = fifo.group_next;
  } else {
    group.head = fifo.group_next;
  }
  if (fifo.group_next != nullptr) {
    fifo.group_next->fifo->group_previous = fifo.group_previous;
  } else {
    group.tail = fifo.group_previous;
  }
  if (message.state == State::kInFlight) {
    --group.in_flight;
  }
  fifo.group = nullptr;
  fifo.group_previous = nullptr;
  fifo.group_next = nullptr;
}

void Queue::refreshGroup(MessageGroup& group) {
  const bool ready =
      group.in_flight == 0 && group.head != nullptr && group.head->state == State::kVisible;
  const uint64_t wanted = ready ? group.head->key : 0;
  if (wanted == group.ready_key) {
    return;
  }
  if (group.ready_key != 0) {
    ready_groups_.erase({group.ready_key, &group});
  }
  if (wanted != 0) {
    ready_groups_.insert({wanted, &group});
  }
  group.ready_key = wanted;
}

void Queue::settleGroup(MessageGroup* group) {
  refreshGroup(*group);
  if (group->head == nullptr) {
    SY_DEBUG_ASSERT(group->in_flight == 0 && group->ready_key == 0);
    groups_.erase(groups_.find(group->id));
  }
}

// Time.

void Queue::advance(int64_t now_ms) {
  bool became_visible = false;
  while (!timers_.empty() && timers_.front().at <= now_ms) {
    std::pop_heap(timers_.begin(), timers_.end(), std::greater<>());
    const HeapEntry entry = timers_.back();
    timers_.pop_back();
    if (isLiveTimer(entry)) {
      makeVisible(messages_.find(entry.key)->second);
      became_visible = true;
    }
  }
  const int64_t retention_ms = settings_.message_retention_period * kMillisPerSecond;
  while (!retention_.empty() && retention_.front().at + retention_ms <= now_ms) {
    std::pop_heap(retention_.begin(), retention_.end(), std::greater<>());
    const HeapEntry entry = retention_.back();
    retention_.pop_back();
    if (auto it = messages_.find(entry.key); it != messages_.end()) {
      remove(it->second, RemovalReason::kExpired);
    }
  }
  while (!deduplication_expiry_.empty() && deduplication_expiry_.front().first <= now_ms) {
    auto& [expires_ms, key] = deduplication_expiry_.front();
    if (auto it = deduplication_.find(key);
        it != deduplication_.end() && it->second.expires_ms == expires_ms) {
      deduplication_.erase(it);
    }
    deduplication_expiry_.pop_front();
  }
  if (became_visible) {
    bump();
  }
}

std::optional<int64_t> Queue::nextChange() {
  while (!timers_.empty() && !isLiveTimer(timers_.front())) {
    std::pop_heap(timers_.begin(), timers_.end(), std::greater<>());
    timers_.pop_back();
  }
  if (timers_.empty()) {
    return std::nullopt;
  }
  return timers_.front().at;
}

}  // namespace switchyard::sqs
