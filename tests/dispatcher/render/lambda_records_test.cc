#include "dispatcher/render/lambda_records.h"

#include <gtest/gtest.h>
#include <simdjson.h>

namespace switchyard::dispatcher {
namespace {

TEST(LambdaRecords, SqsEventHasLambdasFieldsForEachRecord) {
  SqsRecord record;
  record.message_id = "m-1";
  record.receipt_handle = "rh-1";
  record.body = "hello \"world\"";
  record.attributes = {{"ApproximateReceiveCount", "1"}, {"SentTimestamp", "1764060000000"}};
  record.message_attributes = {{"k", {"String", "v"}}, {"b", {"Binary", "\x01\xff"}}};
  record.md5_of_body = "abc";
  record.queue_arn = "arn:aws:sqs:us-east-1:000000000000:orders";
  record.region = "us-east-1";
  std::string json = renderSqsEvent({record, record});
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS) << json;
  simdjson::dom::array records = root["Records"].get_array();
  ASSERT_EQ(records.size(), 2u);
  simdjson::dom::element first = records.at(0);
  EXPECT_EQ(first["messageId"].get_string().value(), "m-1");
  EXPECT_EQ(first["receiptHandle"].get_string().value(), "rh-1");
  EXPECT_EQ(first["body"].get_string().value(), "hello \"world\"");
  EXPECT_EQ(first["attributes"]["ApproximateReceiveCount"].get_string().value(), "1");
  EXPECT_EQ(first["messageAttributes"]["k"]["stringValue"].get_string().value(), "v");
  EXPECT_EQ(first["messageAttributes"]["k"]["dataType"].get_string().value(), "String");
  EXPECT_EQ(first["messageAttributes"]["b"]["binaryValue"].get_string().value(), "Af8=");
  EXPECT_TRUE(first["messageAttributes"]["k"]["stringListValues"].is_array());
  EXPECT_EQ(first["md5OfBody"].get_string().value(), "abc");
  EXPECT_EQ(first["eventSource"].get_string().value(), "aws:sqs");
  EXPECT_EQ(first["eventSourceARN"].get_string().value(), record.queue_arn);
  EXPECT_EQ(first["awsRegion"].get_string().value(), "us-east-1");
}

TEST(LambdaRecords, SnsEventAndEnvelopeDifferOnlyWhereAwsDoes) {
  SnsNotification notification;
  notification.message_id = "n-1";
  notification.topic_arn = "arn:aws:sns:us-east-1:000000000000:t";
  notification.message = "payload";
  notification.timestamp_us = 1764060000123000;
  notification.message_attributes = {{"store", {"String", "corp"}}};
  std::string subscription = notification.topic_arn + ":sub";
  simdjson::dom::parser parser;
  simdjson::dom::element event;
  ASSERT_EQ(parser.parse(renderSnsEvent(notification, subscription)).get(event), simdjson::SUCCESS);
  simdjson::dom::element record = event["Records"].at(0);
  EXPECT_EQ(record["EventSource"].get_string().value(), "aws:sns");
  EXPECT_EQ(record["EventSubscriptionArn"].get_string().value(), subscription);
  EXPECT_EQ(record["Sns"]["Type"].get_string().value(), "Notification");
  EXPECT_EQ(record["Sns"]["Message"].get_string().value(), "payload");
  EXPECT_TRUE(record["Sns"]["Subject"].is_null());
  EXPECT_EQ(record["Sns"]["Timestamp"].get_string().value(), "2025-11-25T08:40:00.123Z");
  EXPECT_EQ(record["Sns"]["MessageAttributes"]["store"]["Value"].get_string().value(), "corp");
  EXPECT_EQ(record["Sns"]["SigningCertUrl"].error(), simdjson::SUCCESS);

  simdjson::dom::parser envelope_parser;
  simdjson::dom::element envelope;
  ASSERT_EQ(envelope_parser.parse(renderSnsEnvelope(notification, subscription)).get(envelope),
            simdjson::SUCCESS);
  EXPECT_EQ(envelope["MessageId"].get_string().value(), "n-1");
  EXPECT_EQ(envelope["SigningCertURL"].error(), simdjson::SUCCESS);
  EXPECT_EQ(envelope["UnsubscribeURL"].error(), simdjson::SUCCESS);
}

}  // namespace
}  // namespace switchyard::dispatcher
