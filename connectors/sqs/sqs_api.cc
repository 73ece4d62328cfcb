#include "connectors/sqs/sqs_api.h"

#include <algorithm>
#include <set>

#include "connectors/aws/json_builder.h"
#include "connectors/aws/xml_writer.h"
#include "connectors/sqs/engine/sqs_error.h"
#include "connectors/sqs/sqs_api_state.h"
#include "connectors/sqs/sqs_render.h"
#include "gateway/core/log.h"

namespace switchyard::sqs {

aws::AwsResponse sqsErrorResponse(const aws::AwsCall& call, const Error& error) {
  SqsErrorParts parts = splitSqsError(error);
  return aws::awsError(call, parts.code, parts.text);
}

SqsApi::SqsApi() = default;
SqsApi::~SqsApi() = default;

bool SqsApi::acknowledgesAfterCommit(std::string_view operation) const {
  // What a client takes as kept once answered. Receives, deletes and visibility changes are
  // written behind: losing one in a crash means a message is delivered again, which SQS allows.
  static constexpr std::string_view kDurable[] = {
      "CreateQueue", "DeleteQueue", "SetQueueAttributes", "PurgeQueue",
      "TagQueue",    "UntagQueue",  "SendMessage",        "SendMessageBatch",
  };
  return std::find(std::begin(kDurable), std::end(kDurable), operation) != std::end(kDurable);
}

void SqsApi::stop() {
  if (hub_ == nullptr) {
    return;  // never started
  }
  hub_->timers().cancel(&housekeeping_);
  for (auto& [name, watch] : watches_) {
    hub_->timers().cancel(&watch->visibility_timer);
    for (auto& waiter : watch->waiters) {
      hub_->timers().cancel(&waiter->deadline);
      aws::answer(std::move(waiter->reply), aws::awsError(waiter->call, 503, "ServiceUnavailable",
                                                          "the gateway is stopping"));
    }
    watch->waiters.clear();
  }
}

std::string SqsApi::queueUrl(std::string_view host, std::string_view queue) const {
  return "http://" + std::string(host.empty() ? std::string_view(host_) : host) + "/" +
         engine_->scope().account + "/" + std::string(queue);
}

Result<std::string> SqsApi::queueFrom(const SqsInput& input) const {
  std::optional<std::string> url = input.string("QueueUrl");
  if (!url || url->empty()) {
    return sqsError(error_code::kMissingParameter,
                    "The request must contain the parameter QueueUrl.");
  }
  // http(s)://HOST/ACCOUNT/NAME: the name is the last segment; the account must be ours.
  std::string_view text = *url;
  size_t last = text.find_last_of('/');
  std::string_view name = last == std::string_view::npos ? text : text.substr(last + 1);
  if (last != std::string_view::npos) {
    std::string_view before = text.substr(0, last);
    std::string_view account = before.substr(before.find_last_of('/') + 1);
    if (account != engine_->scope().account) {
      return sqsError(error_code::kQueueDoesNotExist, "The specified queue does not exist.");
    }
  }
  if (name.empty()) {
    return sqsError(error_code::kQueueDoesNotExist, "The specified queue does not exist.");
  }
  return std::string(name);
}

void SqsApi::handle(aws::AwsCallContext&& context, aws::AwsReplyPtr reply) {
  Result<SqsInput> input = SqsInput::from(context);
  if (!input.ok()) {
    aws::answer(std::move(reply), sqsErrorResponse(context.call, input.error()));
    return;
  }
  aws::AwsResponse response = dispatch(context, *input, reply);
  if (reply) {
    aws::answer(std::move(reply), std::move(response));
  }
}

aws::AwsResponse SqsApi::dispatch(aws::AwsCallContext& context, const SqsInput& input,
                                  aws::AwsReplyPtr& reply) {
  const aws::AwsCall& call = context.call;
  const std::string& operation = call.operation;
  if (operation == "CreateQueue") {
    return createQueue(context, input);
  }
  if (operation == "GetQueueUrl") {
    return getQueueUrl(context, input);
  }
  if (operation == "ListQueues") {
    return listQueues(context, input);
  }
  if (operation == "SendMessage") {
    return sendMessage(context, input);
  }
  if (operation == "SendMessageBatch") {
    return sendMessageBatch(context, input);
  }
  if (operation == "ReceiveMessage") {
    aws::AwsResponse response;
    receiveMessage(context, input, reply, &response);
    return response;
  }
  if (operation == "DeleteMessageBatch" || operation == "ChangeMessageVisibilityBatch") {
    return deleteOrChangeBatch(context, input, operation == "ChangeMessageVisibilityBatch");
  }
  if (operation == "GetQueueAttributes" || operation == "SetQueueAttributes") {
    return queueAttributes(context, input);
  }
  if (operation == "TagQueue" || operation == "UntagQueue" || operation == "ListQueueTags") {
    return tags(context, input);
  }
  Result<std::string> queue = queueFrom(input);
  if (!queue.ok()) {
    return sqsErrorResponse(call, queue.error());
  }
  int64_t now = hub_->nowMillis();
  Status status = okStatus();
  if (operation == "DeleteQueue") {
    status = engine_->deleteQueue(*queue);
    if (status.ok()) {
      serveWaiters(*queue);  // its receivers get their (empty) answer
    }
  } else if (operation == "PurgeQueue") {
    status = engine_->purgeQueue(*queue, now);
  } else if (operation == "DeleteMessage") {
    status = engine_->deleteMessage(*queue, input.string("ReceiptHandle").value_or(""), now);
    if (status.ok()) {
      queueChanged(*queue);  // a FIFO group may be unblocked
    }
  } else if (operation == "ChangeMessageVisibility") {
    Result<std::optional<int64_t>> timeout = input.integer("VisibilityTimeout");
    if (!timeout.ok()) {
      return sqsErrorResponse(call, timeout.error());
    }
    if (!timeout->has_value()) {
      return sqsErrorResponse(
          call, sqsError(error_code::kMissingParameter,
                         "The request must contain the parameter VisibilityTimeout."));
    }
    status = engine_->changeVisibility(*queue, input.string("ReceiptHandle").value_or(""),
                                       static_cast<int>(**timeout), now);
    if (status.ok()) {
      queueChanged(*queue);
    }
  } else if (operation == "ListDeadLetterSourceQueues") {
    Result<std::vector<std::string>> sources = engine_->listDeadLetterSourceQueues(*queue);
    if (!sources.ok()) {
      return sqsErrorResponse(call, sources.error());
    }
    std::vector<std::string> urls;
    for (const std::string& source : *sources) {
      urls.push_back(queueUrl(context.host, source));
    }
    return renderUrlList(call, urls, "queueUrls", "QueueUrl");
  } else {
    return aws::awsError(
        call, 400,
        call.protocol == aws::Protocol::kQuery ? "InvalidAction" : "UnknownOperationException",
        "Switchyard does not implement SQS " + operation);
  }
  if (!status.ok()) {
    return sqsErrorResponse(call, status.error());
  }
  return renderEmpty(call);
}

aws::AwsResponse SqsApi::createQueue(const aws::AwsCallContext& context, const SqsInput& input) {
  std::optional<std::string> name = input.string("QueueName");
  if (!name) {
    return sqsErrorResponse(context.call,
                            sqsError(error_code::kMissingParameter,
                                     "The request must contain the parameter QueueName."));
  }
  Result<QueueEngine::CreateQueueResult> created =
      engine_->createQueue(*name, input.attributes(), hub_->nowMillis(), input.tags());
  if (!created.ok()) {
    return sqsErrorResponse(context.call, created.error());
  }
  return renderQueueUrl(context.call, queueUrl(context.host, created->name));
}

aws::AwsResponse SqsApi::getQueueUrl(const aws::AwsCallContext& context, const SqsInput& input) {
  std::optional<std::string> name = input.string("QueueName");
  if (!name || !engine_->hasQueue(*name)) {
    return sqsErrorResponse(context.call, sqsError(error_code::kQueueDoesNotExist,
                                                   "The specified queue does not exist."));
  }
  return renderQueueUrl(context.call, queueUrl(context.host, *name));
}

aws::AwsResponse SqsApi::listQueues(const aws::AwsCallContext& context, const SqsInput& input) {
  std::vector<std::string> urls;
  for (const std::string& name :
       engine_->listQueues(input.string("QueueNamePrefix").value_or(""))) {
    urls.push_back(queueUrl(context.host, name));
  }
  Result<std::optional<int64_t>> max = input.integer("MaxResults");
  if (max.ok() && max->has_value() && **max > 0 && urls.size() > static_cast<size_t>(**max)) {
    urls.resize(static_cast<size_t>(**max));
  }
  return renderUrlList(context.call, urls, "QueueUrls", "QueueUrl");
}

aws::AwsResponse SqsApi::queueAttributes(const aws::AwsCallContext& context,
                                         const SqsInput& input) {
  Result<std::string> queue = queueFrom(input);
  if (!queue.ok()) {
    return sqsErrorResponse(context.call, queue.error());
  }
  int64_t now = hub_->nowMillis();
  if (context.call.operation == "SetQueueAttributes") {
    Status status = engine_->setQueueAttributes(*queue, input.attributes(), now);
    if (!status.ok()) {
      return sqsErrorResponse(context.call, status.error());
    }
    queueChanged(*queue);
    return renderEmpty(context.call);
  }
  Result<AttributeMap> attributes =
      engine_->getQueueAttributes(*queue, input.stringList("AttributeNames", "AttributeName"), now);
  if (!attributes.ok()) {
    return sqsErrorResponse(context.call, attributes.error());
  }
  return renderAttributes(context.call, *attributes);
}

aws::AwsResponse SqsApi::tags(const aws::AwsCallContext& context, const SqsInput& input) {
  Result<std::string> queue = queueFrom(input);
  if (!queue.ok()) {
    return sqsErrorResponse(context.call, queue.error());
  }
  if (context.call.operation == "TagQueue") {
    Status status = engine_->tagQueue(*queue, input.tags());
    return status.ok() ? renderEmpty(context.call) : sqsErrorResponse(context.call, status.error());
  }
  if (context.call.operation == "UntagQueue") {
    Status status = engine_->untagQueue(*queue, input.stringList("TagKeys", "TagKey"));
    return status.ok() ? renderEmpty(context.call) : sqsErrorResponse(context.call, status.error());
  }
  Result<TagMap> tags = engine_->listQueueTags(*queue);
  if (!tags.ok()) {
    return sqsErrorResponse(context.call, tags.error());
  }
  return renderTags(context.call, *tags);
}

void SqsApi::listen(const std::string& queue, ChangeListener listener) {
  auto& watch = watches_[queue];
  if (!watch) {
    watch = std::make_unique<QueueWatch>();
    watch->queue = queue;
    watch->owner = this;
  }
  watch->listeners.push_back(std::move(listener));
}

}  // namespace switchyard::sqs
