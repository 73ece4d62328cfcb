#pragma once

// A workload that exercises every kind of queue state change (standard, FIFO and dead-letter
// queues; sends with attributes, delays, receives, deletes, visibility changes, redrive, purge,
// deduplication, retention, tags, attribute changes, a deleted queue), and the comparisons of
// what a store kept with what the engine holds. Shared by the engine's persistence tests and the
// SQLite store's (tests/connectors/aws/store).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/connectors/sqs/sqs_test_util.h"

namespace switchyard::sqs::testing {

inline std::string policyFor(const std::string& dead_letter_queue, int max_receive_count) {
  return R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:)" + dead_letter_queue +
         R"(","maxReceiveCount":)" + std::to_string(max_receive_count) + "}";
}

inline void expectSameMessages(const std::vector<MessageRecord>& a,
                               const std::vector<MessageRecord>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE("message " + std::to_string(i));
    EXPECT_EQ(a[i].key, b[i].key);
    EXPECT_EQ(a[i].message_id, b[i].message_id);
    EXPECT_EQ(a[i].body, b[i].body);
    EXPECT_EQ(a[i].message_attributes, b[i].message_attributes);
    EXPECT_EQ(a[i].sent_ms, b[i].sent_ms);
    EXPECT_EQ(a[i].enqueued_ms, b[i].enqueued_ms);
    EXPECT_EQ(a[i].receive_count, b[i].receive_count);
    EXPECT_EQ(a[i].visible_at_ms, b[i].visible_at_ms);
    EXPECT_EQ(a[i].first_receive_ms, b[i].first_receive_ms);
    EXPECT_EQ(a[i].last_receive_ms, b[i].last_receive_ms);
    EXPECT_EQ(a[i].sender_id, b[i].sender_id);
    EXPECT_EQ(a[i].aws_trace_header, b[i].aws_trace_header);
    EXPECT_EQ(a[i].message_group_id, b[i].message_group_id);
    EXPECT_EQ(a[i].message_deduplication_id, b[i].message_deduplication_id);
    EXPECT_EQ(a[i].sequence_number, b[i].sequence_number);
    EXPECT_EQ(a[i].dead_letter_queue_source_arn, b[i].dead_letter_queue_source_arn);
  }
}

inline void expectSameQueue(const QueueRecord& a, const QueueRecord& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.attributes, b.attributes);
  EXPECT_EQ(a.tags, b.tags);
  EXPECT_EQ(a.created_ms, b.created_ms);
  EXPECT_EQ(a.last_modified_ms, b.last_modified_ms);
  EXPECT_EQ(a.last_purge_ms, b.last_purge_ms);
  EXPECT_EQ(a.incarnation, b.incarnation);
}

inline void expectSameDeduplication(const std::vector<DeduplicationRecord>& a,
                                    const std::vector<DeduplicationRecord>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].key, b[i].key);
    EXPECT_EQ(a[i].message_id, b[i].message_id);
    EXPECT_EQ(a[i].sequence_number, b[i].sequence_number);
    EXPECT_EQ(a[i].expires_ms, b[i].expires_ms);
  }
}

class QueueWorkloadTest : public SqsEngineTest {
 protected:
  // A bit of everything on a standard queue with a DLQ and on a FIFO queue.
  void runWorkload() {
    createQueue("dlq");
    ASSERT_TRUE(engine_
                    .createQueue("work",
                                 {{"RedrivePolicy", policyFor("dlq", 2)},
                                  {"VisibilityTimeout", "20"},
                                  {"MessageRetentionPeriod", "3600"}},
                                 now_, {{"team", "core"}})
                    .ok());
    createFifoQueue("jobs.fifo", {{"ContentBasedDeduplication", "true"}});
    createQueue("scratch");
    send("scratch", "purged");
    ASSERT_TRUE(engine_.purgeQueue("scratch", now_).ok());
    createQueue("temporary");
    send("temporary", "gone with its queue");

    SendRequest with_attributes;
    with_attributes.message_attributes["kind"] = {"String", "order", ""};
    with_attributes.message_attributes["blob"] = {"Binary", "", std::string("\x00\x01", 2)};
    with_attributes.aws_trace_header = "Root=1-abc";
    with_attributes.sender_id = "AIDASENDER";
    send("work", "attributed", with_attributes);
    for (int i = 0; i < 6; ++i) {
      send("work", "w" + std::to_string(i));
    }
    SendRequest delayed;
    delayed.delay_seconds = 600;
    send("work", "delayed", delayed);
    for (int i = 0; i < 5; ++i) {
      sendToGroup("jobs.fifo", "a" + std::to_string(i), "a");
      sendToGroup("jobs.fifo", "b" + std::to_string(i), "b");
    }
    SendRequest by_content;
    by_content.message_group_id = "c";
    send("jobs.fifo", "same", by_content);
    send("jobs.fifo", "same", by_content);  // deduplicated

    advanceSeconds(1);
    std::vector<ReceivedMessage> batch = receive("work", 4);  // 20 s
    ASSERT_EQ(batch.size(), 4u);
    deleteMessage("work", batch[1]);
    ASSERT_TRUE(engine_.changeVisibility("work", batch[2].receipt_handle, 0, now_).ok());
    ASSERT_TRUE(engine_.changeVisibility("work", batch[3].receipt_handle, 300, now_).ok());
    advanceSeconds(20);
    receive("work", 10, 1);
    advanceSeconds(1);
    receive("work", 10, 1);  // some reach maxReceiveCount
    advanceSeconds(1);
    receive("work", 10, 1);  // ... and move to the DLQ
    std::vector<ReceivedMessage> dead = receive("dlq", 1);
    ASSERT_EQ(dead.size(), 1u);

    std::vector<ReceivedMessage> jobs = receive("jobs.fifo", 3);
    ASSERT_EQ(jobs.size(), 3u);
    deleteMessage("jobs.fifo", jobs[0]);
    ASSERT_TRUE(engine_.setQueueAttributes("jobs.fifo", {{"VisibilityTimeout", "45"}}, now_).ok());
    ASSERT_TRUE(engine_.tagQueue("jobs.fifo", {{"owner", "me"}}).ok());
    ASSERT_TRUE(engine_.deleteQueue("temporary").ok());

    ASSERT_TRUE(
        engine_.setQueueAttributes("scratch", {{"MessageRetentionPeriod", "60"}}, now_).ok());
    send("scratch", "expires");
    advanceSeconds(61);
    engine_.advanceTime(now_);
  }
};

}  // namespace switchyard::sqs::testing
