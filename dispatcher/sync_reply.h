#pragma once

#include "dispatcher/invocation_result.h"

namespace switchyard::dispatcher {

// Where a synchronous caller (Lambda Invoke RequestResponse) waits for its function's answer.
// Owned by the Delivery until complete(), which is called at most once, on the function's home
// shard, and consumes the object: it hands the result (and itself) back to the caller's own
// thread by posting to its loop, and is freed there. A reply never completed is deleted with its
// Delivery (only at shutdown, after every loop has stopped).
class SyncReply {
 public:
  virtual ~SyncReply() = default;
  virtual void complete(InvocationResult&& result) noexcept = 0;
};

}  // namespace switchyard::dispatcher
