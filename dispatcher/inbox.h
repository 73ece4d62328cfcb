#pragma once

#include <atomic>

namespace switchyard::dispatcher {

// A node that can sit in an Inbox. Work items (deliveries, tasks) derive from it, so handing one
// to another thread allocates nothing.
struct InboxNode {
  virtual ~InboxNode() = default;
  // Runs on the inbox's owning thread after being popped. Takes ownership of `this`.
  virtual void run() noexcept = 0;

  std::atomic<InboxNode*> inbox_next{nullptr};
};

// The one lock-free structure in Switchyard: an intrusive multi-producer single-consumer queue
// (Dmitry Vyukov's design). push() is wait-free (one atomic exchange); pop() is for the owning
// thread only. Every other hand-off between threads goes through this.
//
// Memory orderings:
//  - push: `head_.exchange(acq_rel)` orders this producer against other producers and makes the
//    node's contents (written before push) visible to whoever later reads the link; the link
//    store `prev->inbox_next.store(release)` publishes the node to the consumer.
//  - pop: `inbox_next.load(acquire)` pairs with that release, so the consumer sees the node's
//    fields fully written.
// A producer preempted between its exchange and its link store leaves the queue momentarily
// "cut": pop() then returns nullptr although items follow. The producer's wake-up (see
// WakeFlag) comes after its link store, so the consumer is woken again and loses nothing.
class Inbox {
 public:
  Inbox() : head_(&stub_), tail_(&stub_) {}
  Inbox(const Inbox&) = delete;
  Inbox& operator=(const Inbox&) = delete;

  // Any thread.
  void push(InboxNode* node) noexcept {
    node->inbox_next.store(nullptr, std::memory_order_relaxed);
    InboxNode* previous = head_.exchange(node, std::memory_order_acq_rel);
    previous->inbox_next.store(node, std::memory_order_release);
  }

  // Owning thread only. nullptr when empty (or cut by a producer mid-push, see above).
  InboxNode* pop() noexcept {
    InboxNode* tail = tail_;
    InboxNode* next = tail->inbox_next.load(std::memory_order_acquire);
    if (tail == &stub_) {
      if (next == nullptr) {
        return nullptr;
      }
      tail_ = next;
      tail = next;
      next = next->inbox_next.load(std::memory_order_acquire);
    }
    if (next != nullptr) {
      tail_ = next;
      return tail;
    }
    if (tail != head_.load(std::memory_order_acquire)) {
      return nullptr;  // a producer is between its exchange and its link store
    }
    // `tail` is the last node: re-insert the stub behind it so it can be detached.
    push(&stub_);
    next = tail->inbox_next.load(std::memory_order_acquire);
    if (next != nullptr) {
      tail_ = next;
      return tail;
    }
    return nullptr;
  }

 private:
  struct Stub final : InboxNode {
    void run() noexcept override {}
  };

  alignas(64) std::atomic<InboxNode*> head_;  // producers' end
  alignas(64) InboxNode* tail_;               // consumer's end
  Stub stub_;
};

// Coalesces wake-ups: only the first push after the consumer last drained pays for a wake
// (uv_async_send, an eventfd write). Both sides use RMW operations so the consumer's acquire
// synchronizes with every producer's release in between (RMWs continue a release sequence).
class WakeFlag {
 public:
  // Producer, after push(): true if the caller must wake the consumer.
  bool raise() noexcept { return !pending_.exchange(true, std::memory_order_acq_rel); }
  // Consumer, before draining.
  void clear() noexcept { pending_.exchange(false, std::memory_order_acq_rel); }

 private:
  alignas(64) std::atomic<bool> pending_{false};
};

}  // namespace switchyard::dispatcher
