#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "connectors/aws/aws_hub.h"
#include "connectors/connector.h"
#include "dispatcher/router/route_table.h"
#include "gateway/core/timer_wheel.h"

namespace switchyard::sqs {

class SqsApi;

// An event-source mapping (`source: { kind: sqs, queue: NAME }`): receives batches from the
// queue and hands each to the trigger's function as Lambda's SQS event (Records[]), on the AWS
// hub thread. Messages are deleted only once their delivery succeeded; a failed batch becomes
// visible again after the queue's visibility timeout (and moves to the redrive queue after
// maxReceiveCount) — the dispatcher does not retry it itself. With report_batch_item_failures
// only the messages the function names in {"batchItemFailures":[{"itemIdentifier":ID}]} return.
// Filtered-out messages are deleted, as Lambda's event filtering does.
class SqsEventSource final : public connectors::Connector {
 public:
  SqsEventSource(const router::TriggerRoute& trigger, const config::TriggerConfig& config,
                 std::shared_ptr<aws::AwsHub> hub, SqsApi* api);
  ~SqsEventSource() override;

  Status start() override;
  void pause() override;
  void resume() override;
  void stop() override;
  connectors::ConnectorStats stats() const override;

 private:
  class Batch;
  void poll();            // hub thread
  void receiveBatches();  // poll()'s work, without re-arming the queue's timer
  void submit(std::vector<struct ReceivedMessage>&& messages);
  void batchEnded(Batch* batch);
  static void onWindow(void* context);
  static void onSweep(void* context);

  const router::TriggerRoute& trigger_;
  std::string queue_;
  int batch_size_;
  int64_t window_ms_;
  bool report_item_failures_;
  int max_in_flight_;
  std::shared_ptr<aws::AwsHub> hub_;
  SqsApi* api_;
  // Hub thread state.
  int in_flight_ = 0;
  bool paused_ = false;
  bool stopped_ = false;
  bool window_armed_ = false;    // waiting for a fuller batch
  bool window_elapsed_ = false;  // waited: send what there is
  TimerEntry window_timer_;
  TimerEntry sweep_timer_;  // the poller's own heartbeat, see onSweep
  std::atomic<uint64_t> received_{0};
  std::atomic<uint64_t> emitted_{0};
  std::atomic<uint64_t> errors_{0};
};

}  // namespace switchyard::sqs
