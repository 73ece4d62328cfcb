#pragma once

#include "dispatcher/invocation_result.h"

namespace switchyard::dispatcher {

struct Delivery;

// How a pull source (a queue, a stream) learns what became of the events it handed over, so it
// acknowledges them at the source only once they reached their end: at-least-once, never
// at-most-once by accident (DESIGN.md §1).
//
// The connector owns the object and keeps it alive until every delivery that carries it has
// ended (Dispatcher::route reports how many).
//
// NOTE: deliveryEnded() is called on the function's home shard, from any shard; implementations
// hand the news to the connector's own thread (post) and must not block.
class SourceAck {
 public:
  enum class Ending {
    kDelivered,  // the function took it (its answer is in `last`: e.g. batchItemFailures)
    kFailed,     // the attempt failed; with source retries the source redelivers it later
    kEnded,      // the dispatcher finished it otherwise (its destination, or its DLQ record)
  };

  explicit SourceAck(bool source_retries) : source_retries_(source_retries) {}
  virtual ~SourceAck() = default;

  // True for sources that retry by redelivering (SQS: a failed message becomes visible again
  // after its visibility timeout and moves to the redrive queue after maxReceiveCount). The
  // dispatcher then makes one attempt and reports, with no retries or DLQ of its own.
  bool sourceRetries() const { return source_retries_; }

  virtual void deliveryEnded(const Delivery& delivery, Ending ending,
                             const InvocationResult& last) noexcept = 0;

 private:
  bool source_retries_;
};

}  // namespace switchyard::dispatcher
