#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "connectors/sns/engine/topic_records.h"
#include "connectors/sqs/engine/queue_records.h"

namespace switchyard::aws {

// One change to the AWS services' state, as the hub thread hands it to the store thread: what the
// queue engine's and the topic registry's observers report, copied (their records are valid only
// during the call). Applying the changes in order to the tables gives the services' state.

struct QueueSaved {  // created, or its attributes, tags or purge time changed
  sqs::QueueRecord queue;
};
struct QueueDeleted {  // with its messages and deduplication records
  std::string queue;
};
struct QueuePurged {  // every message gone
  std::string queue;
};
struct MessageSaved {
  std::string queue;
  sqs::MessageRecord message;
};
struct MessageStateSaved {  // received, visibility changed
  std::string queue;
  sqs::MessageStateRecord state;
};
struct MessageDeleted {  // deleted, expired or moved to the dead-letter queue
  std::string queue;
  uint64_t key = 0;
};
struct DeduplicationSaved {
  std::string queue;
  sqs::DeduplicationRecord record;
};
struct TopicSaved {  // created, or its attributes or tags changed
  sns::TopicRecord topic;
};
struct TopicDeleted {  // with its subscriptions
  std::string arn;
};
struct SubscriptionSaved {
  sns::SubscriptionRecord subscription;
};
struct SubscriptionDeleted {
  std::string arn;
};

using StoreChange = std::variant<QueueSaved, QueueDeleted, QueuePurged, MessageSaved,
                                 MessageStateSaved, MessageDeleted, DeduplicationSaved, TopicSaved,
                                 TopicDeleted, SubscriptionSaved, SubscriptionDeleted>;

// What a restart reads back: every queue with its messages and unexpired deduplication records,
// every topic, every subscription (in creation order, after their topics).
struct AwsState {
  std::vector<sqs::QueueSnapshot> queues;
  std::vector<sns::TopicRecord> topics;
  std::vector<sns::SubscriptionRecord> subscriptions;
};

}  // namespace switchyard::aws
