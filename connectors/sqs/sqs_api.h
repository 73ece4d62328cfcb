#pragma once

#include <functional>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/aws/aws_hub.h"
#include "connectors/sqs/engine/queue_engine.h"
#include "connectors/sqs/sqs_input.h"
#include "gateway/core/timer_wheel.h"

namespace switchyard::sqs {

// The Amazon SQS API (JSON 1.0 and query protocols) on the AWS hub thread, over QueueEngine:
// CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, SendMessage(Batch), ReceiveMessage (with
// long polling), DeleteMessage(Batch), ChangeMessageVisibility(Batch), Get/SetQueueAttributes,
// PurgeQueue, ListDeadLetterSourceQueues, Tag/Untag/ListQueueTags.
//
// Other parts of Switchyard reach the queues through the same object (SNS subscriptions send to
// queues; event-source mappings receive from them), on the hub thread.
//
// With a state store (store.aws: sqlite) the queues are restored from it at start, the engine
// writes every change through to it, and the answers of calls that change queues or add messages
// wait for the commit (acknowledgesAfterCommit); receives, deletes and visibility changes are
// answered at once and written behind (at-least-once after a crash, see aws_persistence.h).
//
// NOTE: hub thread only.
class SqsApi final : public aws::AwsService {
 public:
  SqsApi();
  ~SqsApi() override;

  std::string_view name() const override { return "sqs"; }
  Status start(aws::AwsHub& hub) override;
  void handle(aws::AwsCallContext&& context, aws::AwsReplyPtr reply) override;
  bool acknowledgesAfterCommit(std::string_view operation) const override;
  void stop() override;

  QueueEngine& engine() { return *engine_; }
  aws::AwsHub& hub() { return *hub_; }
  // Called after anything that may make messages receivable (sends from SNS, visibility
  // changes): long-polling receivers and event-source mappings retry.
  void queueChanged(std::string_view queue);
  // Event-source mappings register to hear of changes to their queue.
  using ChangeListener = std::function<void()>;
  void listen(const std::string& queue, ChangeListener listener);
  // (Re)arms the watched queue's timer for the next message to turn visible. Called after
  // receives made directly on the engine: their visibility timeouts must wake the queue.
  void armQueueTimer(const std::string& queue);

  std::string queueUrl(std::string_view host, std::string_view queue) const;

 private:
  struct Waiter;
  struct QueueWatch;

  // Start-up (sqs_api_startup.cc): the stored queues, then the config's.
  Status restoreQueues(aws::AwsPersistence& persistence, int64_t now_ms);
  Status applyDeclaredQueues(int64_t now_ms);
  // Periodically applies time to every queue, so that messages past their retention leave idle
  // queues (and the store) too.
  void scheduleHousekeeping();
  static void onHousekeeping(void* context);

  aws::AwsResponse dispatch(aws::AwsCallContext& context, const SqsInput& input,
                            aws::AwsReplyPtr& reply);
  Result<std::string> queueFrom(const SqsInput& input) const;
  aws::AwsResponse createQueue(const aws::AwsCallContext& context, const SqsInput& input);
  aws::AwsResponse getQueueUrl(const aws::AwsCallContext& context, const SqsInput& input);
  aws::AwsResponse listQueues(const aws::AwsCallContext& context, const SqsInput& input);
  aws::AwsResponse queueAttributes(const aws::AwsCallContext& context, const SqsInput& input);
  aws::AwsResponse sendMessage(const aws::AwsCallContext& context, const SqsInput& input);
  aws::AwsResponse sendMessageBatch(const aws::AwsCallContext& context, const SqsInput& input);
  // Answers now, or parks the reply as a long-polling waiter (returns true).
  bool receiveMessage(const aws::AwsCallContext& context, const SqsInput& input,
                      aws::AwsReplyPtr& reply, aws::AwsResponse* response);
  aws::AwsResponse deleteOrChangeBatch(const aws::AwsCallContext& context, const SqsInput& input,
                                       bool change_visibility);
  aws::AwsResponse tags(const aws::AwsCallContext& context, const SqsInput& input);

  void serveWaiters(const std::string& queue);
  static void onWaiterDeadline(void* context);

  aws::AwsHub* hub_ = nullptr;
  std::unique_ptr<QueueEngine> engine_;
  std::map<std::string, std::unique_ptr<QueueWatch>, std::less<>> watches_;
  std::string host_;  // for queue URLs when a request has no Host header
  TimerEntry housekeeping_;
};

// The response for an engine (or input) error "<Code>: <text>", in the call's protocol.
aws::AwsResponse sqsErrorResponse(const aws::AwsCall& call, const Error& error);

}  // namespace switchyard::sqs
