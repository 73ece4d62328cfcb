#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/aws/aws_hub.h"
#include "connectors/sns/engine/sns_topics.h"
#include "dispatcher/router/route_table.h"

namespace switchyard::sqs {
class SqsApi;
}

namespace switchyard::sns {

// The Amazon SNS API (query protocol, what the SDKs speak to SNS) on the AWS hub thread:
// CreateTopic, DeleteTopic, ListTopics, Get/SetTopicAttributes, Subscribe, Unsubscribe,
// ListSubscriptions(ByTopic), Get/SetSubscriptionAttributes, Publish, PublishBatch.
//
// A publish goes to every subscription whose filter policy matches: `lambda` subscriptions invoke
// the named Switchyard function asynchronously with Lambda's SNS event (retries and DLQ apply);
// `sqs` subscriptions send to the queue (SNS's JSON envelope, or the bare message with
// RawMessageDelivery); triggers with `source: { kind: sns, topic: NAME }` route it like any event.
//
// With a state store (store.aws: sqlite) topics and subscriptions are restored from it at start
// and written through; the answers of calls that change them, and of publishes (which may add
// messages to queues), wait for the commit (aws_persistence.h).
//
// NOTE: hub thread only.
class SnsApi final : public aws::AwsService {
 public:
  std::string_view name() const override { return "sns"; }
  Status start(aws::AwsHub& hub) override;
  void handle(aws::AwsCallContext&& context, aws::AwsReplyPtr reply) override;
  bool acknowledgesAfterCommit(std::string_view operation) const override;
  void stop() override {}

  // An sns trigger listens to its topic (the topic is created if it does not exist).
  void addTrigger(const std::string& topic, const router::TriggerRoute* trigger);
  TopicRegistry& registry() { return *registry_; }

 private:
  // Start-up (sns_api_startup.cc): the stored topics and subscriptions, then the config's.
  Status restoreTopics(aws::AwsPersistence& persistence);
  Status applyDeclaredTopics();

  aws::AwsResponse dispatch(const aws::AwsCallContext& context);
  aws::AwsResponse tags(const aws::AwsCallContext& context);
  aws::AwsResponse publish(const aws::AwsCall& call, const aws::QueryParams& params,
                           std::string* message_id);
  aws::AwsResponse publishBatch(const aws::AwsCallContext& context);
  // Delivers one message to the matching subscriptions and triggers; returns the MessageId.
  Result<std::string> deliver(const std::string& topic_arn, const std::string& message,
                              const std::string& subject, const MessageAttributes& attributes);

  aws::AwsHub* hub_ = nullptr;
  std::unique_ptr<TopicRegistry> registry_;
  std::multimap<std::string, const router::TriggerRoute*> triggers_;  // by topic ARN
  std::vector<std::pair<std::string, const router::TriggerRoute*>> pending_triggers_;
};

}  // namespace switchyard::sns
