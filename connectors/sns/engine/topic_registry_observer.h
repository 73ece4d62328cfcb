#pragma once

#include <string_view>

#include "connectors/sns/engine/topic_records.h"

namespace switchyard::sns {

// Told of every change to a TopicRegistry, synchronously, in order, on the registry's thread, so
// that a store can write through (as QueueEngineObserver does for queues).
//
// NOTE: an observer must not call back into the registry. Records are valid during the call only.
class TopicRegistryObserver {
 public:
  virtual ~TopicRegistryObserver() = default;

  // Created, or its attributes or tags changed: the whole record.
  virtual void onTopicChanged(const TopicRecord& topic) = 0;
  // The topic and its subscriptions are gone.
  virtual void onTopicDeleted(std::string_view topic_arn) = 0;
  // Created, or an attribute changed: the whole record.
  virtual void onSubscriptionChanged(const SubscriptionRecord& subscription) = 0;
  virtual void onSubscriptionDeleted(std::string_view subscription_arn) = 0;
};

}  // namespace switchyard::sns
