#pragma once

#include <atomic>
#include <cstdint>
#include <utility>

namespace switchyard {

// Intrusive reference count for immutable objects shared across threads (events). One atomic
// add per holder, no control block. T must provide `addRef()` and `release()`.
class RefCounted {
 public:
  void addRef() const noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  // True when this was the last reference. The acq_rel makes every holder's reads of the object
  // happen before its destruction.
  bool dropRef() const noexcept { return refs_.fetch_sub(1, std::memory_order_acq_rel) == 1; }
  uint32_t refCount() const noexcept { return refs_.load(std::memory_order_relaxed); }

 protected:
  RefCounted() = default;
  ~RefCounted() = default;

 private:
  mutable std::atomic<uint32_t> refs_{1};
};

template <typename T>
class RefPtr {
 public:
  RefPtr() = default;
  // Adopts a reference the caller already holds (a freshly created object starts at 1).
  static RefPtr adopt(T* object) {
    RefPtr ptr;
    ptr.object_ = object;
    return ptr;
  }
  RefPtr(const RefPtr& other) : object_(other.object_) {
    if (object_ != nullptr) {
      object_->addRef();
    }
  }
  RefPtr(RefPtr&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
  RefPtr& operator=(RefPtr other) noexcept {
    std::swap(object_, other.object_);
    return *this;
  }
  ~RefPtr() { reset(); }

  void reset() {
    if (object_ != nullptr) {
      T::release(object_);
      object_ = nullptr;
    }
  }

  T* get() const { return object_; }
  T* operator->() const { return object_; }
  T& operator*() const { return *object_; }
  explicit operator bool() const { return object_ != nullptr; }

 private:
  T* object_ = nullptr;
};

}  // namespace switchyard
