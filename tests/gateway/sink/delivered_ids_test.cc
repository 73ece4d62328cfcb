#include "gateway/sink/delivered_ids.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dispatcher/render/lambda_records.h"

namespace switchyard {
namespace {

using Ids = std::vector<std::string_view>;

constexpr const char* kA = "01890a5d-ac96-774b-bcce-b302099a8057";
constexpr const char* kB = "01890a5d-ac96-774b-bcce-b302099a8058";
constexpr const char* kC = "01890a5d-ac96-774b-bcce-b302099a8059";

std::string sqsEvent(const std::vector<std::string>& message_ids) {
  std::vector<dispatcher::SqsRecord> records;
  for (const std::string& message_id : message_ids) {
    dispatcher::SqsRecord record;
    record.message_id = message_id;
    record.receipt_handle = "handle-" + message_id;
    // A body that mentions the key names must not confuse the reader.
    record.body = R"({"messageId":"not-this-one","eventSource":"aws:sqs"})";
    record.attributes = {{"ApproximateReceiveCount", "1"}};
    record.queue_arn = "arn:aws:sqs:us-east-1:000000000000:orders";
    record.region = "us-east-1";
    records.push_back(std::move(record));
  }
  return dispatcher::renderSqsEvent(records);
}

TEST(DeliveredIds, SingleDeliveryIsItsEventIdHeader) {
  DeliveredIds ids;
  EXPECT_EQ(ids.of(kA, R"({"order":1})"), (Ids{kA}));
  EXPECT_TRUE(ids.of("", "payload").empty());
}

TEST(DeliveredIds, BatchHeaderNamesEveryMember) {
  DeliveredIds ids;
  std::string header = std::string(kA) + "," + kB + ", " + kC;
  EXPECT_EQ(ids.of(header, R"([{"order":1},{"order":2},{"order":3}])"), (Ids{kA, kB, kC}));
}

TEST(DeliveredIds, LambdaSqsEventCountsEachRecordsMessageId) {
  DeliveredIds ids;
  // The gateway's own id for the batch event is not what the sender was told.
  std::string body = sqsEvent({kA, kB, kC});
  EXPECT_EQ(ids.of("01890a5d-0000-7000-8000-000000000000", body), (Ids{kA, kB, kC}));
  // The next call starts afresh.
  EXPECT_EQ(ids.of("x", sqsEvent({kC})), (Ids{kC}));
}

TEST(DeliveredIds, RecordsThatAreNotSqsOrNotJsonFallBackToTheHeader) {
  DeliveredIds ids;
  std::string sns =
      R"({"Records":[{"EventSource":"aws:sns","Sns":{"MessageId":"m-1","Message":"hi"}}]})";
  EXPECT_EQ(ids.of(kA, sns), (Ids{kA}));
  EXPECT_EQ(ids.of(kA, R"({"Records":[{"messageId":"x","eventSource":"aws:sqs")"), (Ids{kA}));
  EXPECT_EQ(ids.of(kB, R"({"Records":[]})"), (Ids{kB}));
  EXPECT_EQ(ids.of(kC, R"({"Records":[{"messageId":"x","eventSource":"aws:kinesis"}]})"),
            (Ids{kC}));
}

}  // namespace
}  // namespace switchyard
