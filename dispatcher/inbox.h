#pragma once

#include <atomic>
#include <bit>
#include <cstdint>
#include <memory>
#include <mutex>

namespace switchyard::dispatcher {

// A node that can sit in an Inbox. Work items (deliveries, tasks) derive from it, so handing one
// to another thread allocates nothing.
struct InboxNode {
  virtual ~InboxNode() = default;
  // Runs on the inbox's owning thread after being popped. Takes ownership of `this`.
  virtual void run() noexcept = 0;

  std::atomic<InboxNode*> inbox_next{nullptr};
};

// Dmitry Vyukov's intrusive multi-producer single-consumer queue. push() is wait-free (one atomic
// exchange); pop() is for the consumer only. Inbox uses it as the shared lane and as each lane's
// overflow.
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
class MpscQueue {
 public:
  MpscQueue() : head_(&stub_), tail_(&stub_) {}
  MpscQueue(const MpscQueue&) = delete;
  MpscQueue& operator=(const MpscQueue&) = delete;

  // Any thread.
  void push(InboxNode* node) noexcept {
    node->inbox_next.store(nullptr, std::memory_order_relaxed);
    InboxNode* previous = head_.exchange(node, std::memory_order_acq_rel);
    previous->inbox_next.store(node, std::memory_order_release);
  }

  // Consumer only: whether the oldest node is visible (pop() may still return nullptr if the
  // queue is cut right behind it). A real node in `tail_` was acquired through its link when
  // pop() stepped onto it; otherwise the acquire load of the stub's link does it. Either way,
  // what its producer wrote before pushing it is visible afterwards.
  bool hasFront() const noexcept {
    return tail_ != &stub_ || stub_.inbox_next.load(std::memory_order_acquire) != nullptr;
  }

  // Consumer only. nullptr when empty (or cut by a producer mid-push, see above).
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

// The one lock-free structure in Switchyard: the multi-producer single-consumer hand-off into a
// loop thread. push() is wait-free from any thread; pop() is for the owning thread only. Every
// other hand-off between threads goes through this.
//
// A single Vyukov queue makes every push an atomic exchange on one shared head, so producers
// bounce its cache line and each item pays a locked RMW. Instead each producer thread gets a lane
// of its own: a bounded single-producer ring written with plain stores. A thread takes a lane
// index from a process-wide registry on its first push and returns it when it exits, so indices
// stay small and are reused; the same index names the thread's lane in every Inbox. Threads that
// find all kLanes indices taken push into one shared Vyukov queue, so correctness never depends
// on the number of threads.
//
// When a lane's ring is full the producer does not wait: it switches the lane to overflow mode and
// pushes into the lane's own Vyukov queue until the consumer has taken everything that went there,
// then returns to the ring. Per-producer order (callers rely on it: ordered sources, tasks posted
// in sequence) holds because:
//  1. the ring and the overflow queue are each FIFO, and a lane has one producer at a time;
//  2. ring items pushed before an overflow item leave before it: the consumer takes from the
//     overflow only once it sees the overflow's oldest node (acquire) — pushed after those ring
//     items were published — and then finds the ring empty;
//  3. ring items pushed after an overflow item leave after it: the producer goes back to the ring
//     only when `overflow_taken` (published by the consumer after each overflow pop) equals its
//     own count of overflow pushes, i.e. the overflow has been emptied.
// Items of different producers have no order between them, as with any MPSC queue.
//
// Memory orderings (ring): the producer writes the slot, then `tail.store(release)`; the consumer
// `tail.load(acquire)`s before reading slots, so it sees the slot and the node's fields. The
// consumer `head.store(release)`s after reading a slot; the producer `head.load(acquire)`s before
// reusing it. Each side caches the other's index and reloads it only when the cache says full or
// empty, so a push or pop normally reads no line the other core writes.
//
// Wake-ups: a producer pushes, then raises the WakeFlag (an acq_rel RMW); the consumer clears it
// (acq_rel RMW), then pops until nullptr. If the clear reads the raise (or a later one), the push
// and the `lanes_used_` raise before it happen-before the drain, which sees the item; otherwise
// the raise comes after the clear, sees false and wakes the consumer again. pop() may return
// nullptr while a producer is mid-push (a cut Vyukov queue, a ring slot being published); that
// producer's raise still lies ahead, so the item is found after the next wake-up.
class Inbox {
 public:
  static constexpr uint32_t kLanes = 16;
  static constexpr uint32_t kRingSlots = 8192;

  Inbox() = default;
  Inbox(const Inbox&) = delete;
  Inbox& operator=(const Inbox&) = delete;

  // Any thread.
  void push(InboxNode* node) noexcept {
    const uint32_t lane = callingThreadLane();
    if (lane >= kLanes) {
      shared_.push(node);
      return;
    }
    // Only this thread stores this lane's pointer (a later owner of the index sees it through the
    // registry's mutex), so a relaxed load suffices.
    Lane* own = lanes_[lane].load(std::memory_order_relaxed);
    if (own == nullptr) {
      own = addLane(lane);
    }
    own->push(node);
  }

  // Owning thread only. nullptr when empty (or when the items left are mid-push, see above).
  InboxNode* pop() noexcept {
    // The used lanes, then the shared lane (source number `used`).
    const uint32_t sources = lanes_used_.load(std::memory_order_acquire) + 1;
    for (uint32_t tried = 0; tried <= sources; ++tried) {
      if (budget_ != 0) {
        InboxNode* node = cursor_ + 1 < sources ? popLane(cursor_) : shared_.pop();
        if (node != nullptr) {
          --budget_;
          return node;
        }
      }
      // Move on when the source is empty or has had its turn, so one busy producer cannot hold
      // up the others during a drain.
      cursor_ = cursor_ + 1 < sources ? cursor_ + 1 : 0;
      budget_ = kTurn;
    }
    return nullptr;
  }

  // The calling thread's lane index, taken on first use; kLanes means the shared lane.
  static uint32_t callingThreadLane() noexcept {
    return t_lane_ != kUnassigned ? t_lane_ : assignLane();
  }

 private:
  static constexpr uint32_t kUnassigned = UINT32_MAX;
  static constexpr uint32_t kTurn = 256;  // items from one source before the next gets a turn
  static_assert(kLanes <= 32 && std::has_single_bit(kRingSlots));

  struct Lane {
    // Producer only.
    void push(InboxNode* node) noexcept {
      if (overflowing) {
        if (overflow_taken.load(std::memory_order_acquire) != overflow_pushed) {
          overflow.push(node);
          ++overflow_pushed;
          return;
        }
        overflowing = false;  // the consumer took all of the overflow: back to the ring (3.)
      }
      const uint32_t t = tail.load(std::memory_order_relaxed);
      if (t - head_seen == kRingSlots) {
        head_seen = head.load(std::memory_order_acquire);
        if (t - head_seen == kRingSlots) {
          overflowing = true;
          overflow.push(node);
          ++overflow_pushed;
          return;
        }
      }
      slots[t & (kRingSlots - 1)] = node;
      tail.store(t + 1, std::memory_order_release);
    }

    // Consumer only.
    InboxNode* pop() noexcept {
      if (InboxNode* node = popRing()) {
        return node;
      }
      if (!overflow.hasFront()) {
        return nullptr;
      }
      // The overflow's oldest node was pushed after every ring item before it was published;
      // having acquired it, look at the ring once more so those leave first (2.).
      if (InboxNode* node = popRing()) {
        return node;
      }
      InboxNode* node = overflow.pop();
      if (node != nullptr) {
        overflow_taken.store(++overflow_taken_count, std::memory_order_release);
      }
      return node;
    }

    InboxNode* popRing() noexcept {
      const uint32_t h = head.load(std::memory_order_relaxed);
      if (h == tail_seen) {
        tail_seen = tail.load(std::memory_order_acquire);
        if (h == tail_seen) {
          return nullptr;
        }
      }
      InboxNode* node = slots[h & (kRingSlots - 1)];
      head.store(h + 1, std::memory_order_release);
      return node;
    }

    // The producer's cache line (index state passes to the lane's next owner through the
    // registry's mutex).
    alignas(64) std::atomic<uint32_t> tail{0};  // ring slots published
    uint32_t head_seen = 0;                     // cached `head`
    bool overflowing = false;
    uint64_t overflow_pushed = 0;
    // The consumer's cache line.
    alignas(64) std::atomic<uint32_t> head{0};  // ring slots consumed
    uint32_t tail_seen = 0;                     // cached `tail`
    uint64_t overflow_taken_count = 0;
    std::atomic<uint64_t> overflow_taken{0};  // read by the producer only while overflowing
    MpscQueue overflow;
    alignas(64) InboxNode* slots[kRingSlots];
  };

  // A lane's ring is allocated when its thread first pushes here (once per thread and inbox, never
  // per item), uninitialised so only the slots used become resident: an inbox costs memory only
  // for the threads that post to it.
  Lane* addLane(uint32_t lane) noexcept {
    owned_[lane] = std::make_unique_for_overwrite<Lane>();
    Lane* added = owned_[lane].get();
    lanes_[lane].store(added, std::memory_order_release);
    noteLaneUsed(lane);
    return added;
  }

  InboxNode* popLane(uint32_t lane) noexcept {
    Lane* source = lanes_[lane].load(std::memory_order_acquire);
    return source != nullptr ? source->pop() : nullptr;
  }

  // Raises `lanes_used_` to lane + 1 (it only grows), before the lane's first item is published.
  void noteLaneUsed(uint32_t lane) noexcept {
    uint32_t used = lanes_used_.load(std::memory_order_relaxed);
    while (used <= lane &&
           !lanes_used_.compare_exchange_weak(used, lane + 1, std::memory_order_release,
                                              std::memory_order_relaxed)) {
    }
  }

  // Process-wide lane indices held by live threads. The mutex is taken once when a thread first
  // pushes and once when it exits, never per item; its unlock/lock also hands a dead thread's
  // producer-side lane state (in every Inbox) to the next thread that takes the index.
  static uint32_t assignLane() noexcept {
    // A thread-local with a destructor returns the index when the thread exits. After that,
    // late pushes (from other thread-local destructors) go to the shared lane.
    struct Lease {
      uint32_t lane;
      Lease() noexcept {
        std::lock_guard<std::mutex> lock(registry_mutex_);
        lane = static_cast<uint32_t>(std::countr_one(lanes_taken_));
        if (lane < kLanes) {
          lanes_taken_ |= 1U << lane;
        } else {
          lane = kLanes;
        }
      }
      ~Lease() {
        t_lane_ = kLanes;
        if (lane < kLanes) {
          std::lock_guard<std::mutex> lock(registry_mutex_);
          lanes_taken_ &= ~(1U << lane);
        }
      }
    };
    thread_local Lease lease;
    t_lane_ = lease.lane;
    return lease.lane;
  }

  static inline thread_local uint32_t t_lane_ = kUnassigned;
  static inline std::mutex registry_mutex_;
  static inline uint32_t lanes_taken_ = 0;  // bit i: lane i is held by a live thread

  // Indexed by thread lane index. owned_[i] is written only by lane i's producer and freed with
  // the inbox; lanes_[i] publishes it to the consumer.
  std::unique_ptr<Lane> owned_[kLanes];
  std::atomic<Lane*> lanes_[kLanes] = {};
  alignas(64) std::atomic<uint32_t> lanes_used_{0};  // highest lane index pushed to, plus one
  MpscQueue shared_;                                 // threads beyond kLanes
  // Consumer only: the source being drained and what is left of its turn.
  alignas(64) uint32_t cursor_ = 0;
  uint32_t budget_ = kTurn;
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
