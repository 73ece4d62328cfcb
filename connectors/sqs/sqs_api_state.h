#pragma once

// SqsApi's private state types, shared by its two source files.

#include <list>
#include <memory>
#include <string>
#include <vector>

#include "connectors/sqs/sqs_api.h"
#include "connectors/sqs/sqs_render.h"
#include "gateway/core/timer_wheel.h"

namespace switchyard::sqs {

// A ReceiveMessage waiting for messages (long polling).
struct SqsApi::Waiter {
  SqsApi* owner = nullptr;
  std::string queue;
  aws::AwsCall call;
  ReceiveRequest request;
  ReceiveFilter filter;
  aws::AwsReplyPtr reply;
  TimerEntry deadline;
  std::list<std::unique_ptr<Waiter>>::iterator position;
};

// Per queue: its long-polling receivers, the listeners (event-source mappings), and the one timer
// that fires when a delayed or in-flight message becomes visible.
struct SqsApi::QueueWatch {
  std::list<std::unique_ptr<Waiter>> waiters;
  std::vector<ChangeListener> listeners;
  TimerEntry visibility_timer;
  std::string queue;
  SqsApi* owner = nullptr;
};

}  // namespace switchyard::sqs
