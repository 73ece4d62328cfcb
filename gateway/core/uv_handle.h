#pragma once

#include <uv.h>

#include <utility>

namespace switchyard {

// Owns one libuv handle. libuv's rule: a handle's memory may be freed only in its close callback,
// so the handle lives in a heap block that the close callback deletes. Destroying the wrapper
// closes the handle; the block outlives the wrapper until libuv is done with it.
//
// NOTE: create, use and destroy on the loop's thread.
template <typename Handle>
class UvHandle {
 public:
  UvHandle() : handle_(new Handle{}) {}
  ~UvHandle() { close(); }
  UvHandle(const UvHandle&) = delete;
  UvHandle& operator=(const UvHandle&) = delete;
  UvHandle(UvHandle&& other) noexcept
      : handle_(std::exchange(other.handle_, nullptr)), initialized_(other.initialized_) {}

  Handle* get() { return handle_; }
  uv_handle_t* base() { return reinterpret_cast<uv_handle_t*>(handle_); }
  // Call after the matching uv_*_init succeeded, so close() knows to uv_close it.
  void markInitialized() { initialized_ = true; }

  void close() {
    if (handle_ == nullptr) {
      return;
    }
    Handle* handle = std::exchange(handle_, nullptr);
    if (!initialized_) {
      delete handle;
      return;
    }
    uv_close(reinterpret_cast<uv_handle_t*>(handle),
             [](uv_handle_t* closed) { delete reinterpret_cast<Handle*>(closed); });
  }

 private:
  Handle* handle_;
  bool initialized_ = false;
};

}  // namespace switchyard
