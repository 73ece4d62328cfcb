#include "connectors/aws/aws_response.h"

#include <gtest/gtest.h>

#include <string>

#include "connectors/aws/aws_errors.h"
#include "connectors/aws/xml_writer.h"
#include "tests/connectors/aws/owned_request.h"

namespace switchyard::aws {
namespace {

AwsCall callFor(std::string service, Protocol protocol, std::string operation) {
  AwsCall call;
  call.service = std::move(service);
  call.protocol = protocol;
  call.operation = std::move(operation);
  call.region = "us-east-1";
  call.request_id = "r-1";
  return call;
}

TEST(AwsResponse, JsonResultCarriesTheProtocolContentTypeAndRequestId) {
  AwsResponse response =
      jsonResult(callFor("sqs", Protocol::kJson10, "SendMessage"),
                 R"({"MessageId":"m-1","MD5OfMessageBody":"3b7bef57d06c0021d0aafe8f6d587241"})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/x-amz-json-1.0");
  EXPECT_EQ(response.body,
            R"({"MessageId":"m-1","MD5OfMessageBody":"3b7bef57d06c0021d0aafe8f6d587241"})");
  EXPECT_EQ(response.header("x-amzn-RequestId"), "r-1");
  EXPECT_EQ(response.headers.size(), 1u);

  AwsResponse kinesis = jsonResult(callFor("kinesis", Protocol::kJson11, "PutRecord"), "");
  EXPECT_EQ(kinesis.content_type, "application/x-amz-json-1.1");
  EXPECT_EQ(kinesis.body, "{}");
  AwsResponse lambda = jsonResult(callFor("lambda", Protocol::kRestJson, "Invoke"), "", 202);
  EXPECT_EQ(lambda.status, 202);
  EXPECT_EQ(lambda.content_type, "application/json");
}

TEST(AwsResponse, QueryResultMatchesWhatSnsSends) {
  AwsResponse response =
      queryResult(callFor("sns", Protocol::kQuery, "Publish"), "<MessageId>m-1</MessageId>");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/xml");
  EXPECT_EQ(response.body,
            "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
            "<MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1"
            "</RequestId></ResponseMetadata></PublishResponse>");
  EXPECT_EQ(response.header("x-amzn-requestid"), "r-1");
}

TEST(AwsResponse, QueryResultWithoutOutputOmitsTheResultElement) {
  AwsResponse response = queryResult(callFor("sqs", Protocol::kQuery, "DeleteMessage"), "");
  EXPECT_EQ(response.body,
            "<DeleteMessageResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
            "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
            "</DeleteMessageResponse>");
}

TEST(AwsResponse, QueryResultTakesAnExplicitNamespace) {
  AwsResponse response =
      queryResult(callFor("other", Protocol::kQuery, "Ping"), "<Ok>1</Ok>", "urn:x&y");
  EXPECT_EQ(response.body,
            "<PingResponse xmlns=\"urn:x&amp;y\"><PingResult><Ok>1</Ok></PingResult>"
            "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PingResponse>");
  AwsResponse bare = queryResult(callFor("other", Protocol::kQuery, "Ping"), "");
  EXPECT_EQ(bare.body,
            "<PingResponse><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
            "</PingResponse>");
}

TEST(AwsError, SqsJsonErrorIsWhatTheSdkMapsToQueueDoesNotExist) {
  AwsCall call = callFor("sqs", Protocol::kJson10, "SendMessage");
  // The exact answer the SDK turned into QueueDoesNotExist in the wire capture.
  for (std::string_view code : {"QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"}) {
    AwsResponse response = awsError(call, 400, code, "no such queue");
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.content_type, "application/x-amz-json-1.0");
    EXPECT_EQ(response.body,
              R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"no such queue"})");
    EXPECT_EQ(response.header("x-amzn-query-error"),
              "AWS.SimpleQueueService.NonExistentQueue;Sender");
    EXPECT_EQ(response.header("x-amzn-RequestId"), "r-1");
  }
}

TEST(AwsError, SqsErrorTableGivesStatusAndQueryCode) {
  AwsCall call = callFor("sqs", Protocol::kJson10, "ReceiveMessage");
  AwsResponse exists = awsError(call, "QueueNameExists", "exists");
  EXPECT_EQ(exists.status, 400);
  EXPECT_EQ(exists.header("x-amzn-query-error"), "QueueAlreadyExists;Sender");
  AwsResponse purge = awsError(call, "PurgeQueueInProgress", "wait");
  EXPECT_EQ(purge.status, 403);
  EXPECT_EQ(purge.body, R"({"__type":"com.amazonaws.sqs#PurgeQueueInProgress","message":"wait"})");
  EXPECT_EQ(purge.header("x-amzn-query-error"),
            "AWS.SimpleQueueService.PurgeQueueInProgress;Sender");
  AwsResponse handle = awsError(call, "ReceiptHandleIsInvalid", "bad");
  EXPECT_EQ(handle.status, 404);
  for (std::string_view code :
       {"TooManyEntriesInBatchRequest", "BatchEntryIdsNotDistinct", "EmptyBatchRequest",
        "InvalidBatchEntryId", "UnsupportedOperation"}) {
    AwsResponse response = awsError(call, code, "x");
    EXPECT_EQ(response.header("x-amzn-query-error"),
              "AWS.SimpleQueueService." + std::string(code) + ";Sender");
  }
  for (std::string_view code :
       {"InvalidParameterValue", "MissingParameter", "InvalidAttributeName", "MessageTooLong"}) {
    AwsResponse response = awsError(call, code, "x");
    EXPECT_EQ(response.status, 400) << code;
    EXPECT_EQ(response.header("x-amzn-query-error"), std::string(code) + ";Sender");
  }
  AwsResponse internal = awsError(call, "InternalFailure", "oops");
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.header("x-amzn-query-error"), "InternalFailure;Receiver");
}

TEST(AwsError, SqsQueryProtocolErrorUsesTheLegacyCode) {
  AwsResponse response = awsError(callFor("sqs", Protocol::kQuery, "SendMessage"),
                                  "QueueDoesNotExist", "The specified queue does not exist.");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "text/xml");
  EXPECT_EQ(response.body,
            "<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error><Type>"
            "Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The "
            "specified queue does not exist.</Message></Error><RequestId>r-1</RequestId>"
            "</ErrorResponse>");
  EXPECT_EQ(response.header("x-amzn-query-error"), "");
}

TEST(AwsError, SnsErrorIsWhatTheSdkMapsToNotFoundException) {
  AwsCall call = callFor("sns", Protocol::kQuery, "Publish");
  std::string expected =
      "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender"
      "</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r-1"
      "</RequestId></ErrorResponse>";
  AwsResponse captured = awsError(call, 400, "NotFound", "Topic does not exist");
  EXPECT_EQ(captured.status, 400);
  EXPECT_EQ(captured.body, expected);
  AwsResponse by_exception = awsError(call, "NotFoundException", "Topic does not exist");
  EXPECT_EQ(by_exception.status, 404);
  EXPECT_EQ(by_exception.body, expected);
  EXPECT_EQ(awsError(call, "InvalidParameterValueException", "x")
                    .body.find("<Code>ParameterValueInvalid</Code>") != std::string::npos,
            true);
  EXPECT_EQ(awsError(call, "AuthorizationError", "x").status, 403);
  AwsResponse internal = awsError(call, "InternalError", "x");
  EXPECT_EQ(internal.status, 500);
  EXPECT_NE(internal.body.find("<Type>Receiver</Type>"), std::string::npos);
}

TEST(AwsError, KinesisAndEventBridgeUsePlainTypes) {
  AwsResponse response = awsError(callFor("kinesis", Protocol::kJson11, "PutRecord"), 400,
                                  "ResourceNotFoundException", "Stream clicks not found");
  EXPECT_EQ(response.content_type, "application/x-amz-json-1.1");
  EXPECT_EQ(response.body,
            R"({"__type":"ResourceNotFoundException","message":"Stream clicks not found"})");
  EXPECT_EQ(response.header("x-amzn-query-error"), "");
  AwsResponse events = awsError(callFor("events", Protocol::kJson11, "PutEvents"), 400,
                                "ResourceNotFoundException", "Event bus x does not exist.");
  EXPECT_EQ(events.body,
            R"({"__type":"ResourceNotFoundException","message":"Event bus x does not exist."})");
}

TEST(AwsError, JsonMessagesAreEscaped) {
  AwsResponse response = awsError(callFor("kinesis", Protocol::kJson11, "PutRecord"), 400,
                                  "ValidationException", "bad \"name\"\n\x01");
  EXPECT_EQ(response.body, R"({"__type":"ValidationException","message":"bad \"name\"\n\u0001"})");
}

TEST(AwsError, LambdaErrorsCarryTheTypeHeader) {
  AwsResponse response = awsError(callFor("lambda", Protocol::kRestJson, "Invoke"), 404,
                                  "ResourceNotFoundException", "Function not found: demo");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.header("x-amzn-ErrorType"), "ResourceNotFoundException");
  EXPECT_EQ(response.body, R"({"Type":"User","message":"Function not found: demo"})");
  AwsResponse service = awsError(callFor("lambda", Protocol::kRestJson, "Invoke"), 500,
                                 "ServiceException", "down", false);
  EXPECT_EQ(service.body, R"({"Type":"Service","message":"down"})");
}

TEST(AwsError, S3ErrorsAreXmlWithTheAmzRequestId) {
  AwsResponse response = awsError(callFor("s3", Protocol::kRestXml, "PutObject"), 404,
                                  "NoSuchBucket", "The specified bucket does not exist");
  EXPECT_EQ(response.content_type, "application/xml");
  EXPECT_EQ(response.body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchBucket</Code>"
            "<Message>The specified bucket does not exist</Message><RequestId>r-1</RequestId>"
            "</Error>");
  EXPECT_EQ(response.header("x-amz-request-id"), "r-1");
  EXPECT_EQ(response.header("x-amzn-RequestId"), "");
}

TEST(AwsError, XmlMessagesAreEscaped) {
  AwsResponse response = awsError(callFor("sns", Protocol::kQuery, "Publish"), 400,
                                  "InvalidParameter", "a<b & c>d \"q\" 'a'\r\n");
  EXPECT_NE(response.body.find("<Message>a&lt;b &amp; c&gt;d \"q\" 'a'&#xD;\n</Message>"),
            std::string::npos)
      << response.body;
}

TEST(AwsError, AuthFailuresUseEachServicesCode) {
  SigV4Error mismatch{AuthFailure::kSignatureMismatch, "no match"};
  AwsResponse sqs = authError(callFor("sqs", Protocol::kJson10, "SendMessage"), mismatch);
  EXPECT_EQ(sqs.status, 403);
  EXPECT_EQ(sqs.body,
            R"({"__type":"com.amazonaws.sqs#SignatureDoesNotMatch","message":"no match"})");
  EXPECT_EQ(sqs.header("x-amzn-query-error"), "SignatureDoesNotMatch;Sender");
  AwsResponse kinesis = authError(callFor("kinesis", Protocol::kJson11, "PutRecord"), mismatch);
  EXPECT_EQ(kinesis.body, R"({"__type":"InvalidSignatureException","message":"no match"})");
  AwsResponse sns = authError(callFor("sns", Protocol::kQuery, "Publish"),
                              {AuthFailure::kUnknownAccessKey, "who"});
  EXPECT_NE(sns.body.find("<Code>InvalidClientTokenId</Code>"), std::string::npos);
  AwsResponse s3 = authError(callFor("s3", Protocol::kRestXml, "PutObject"),
                             {AuthFailure::kRequestExpired, "late"});
  EXPECT_NE(s3.body.find("<Code>RequestTimeTooSkewed</Code>"), std::string::npos);
  AwsResponse malformed = authError(callFor("lambda", Protocol::kRestJson, "Invoke"),
                                    {AuthFailure::kIncompleteSignature, "bad header"});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.header("x-amzn-ErrorType"), "IncompleteSignatureException");
}

TEST(AwsError, UnrecognizedRequestsGetAProtocolShapedError) {
  testing::OwnedRequest query("POST", "/", {{"Content-Type", "application/x-www-form-urlencoded"}},
                              "Action=DescribeInstances");
  AwsResponse xml = unrecognizedRequest(query.view(), makeError(Errc::kNotFound, "no such"));
  EXPECT_EQ(xml.status, 400);
  EXPECT_EQ(xml.content_type, "text/xml");
  EXPECT_NE(xml.body.find("<Code>InvalidAction</Code><Message>no such</Message>"),
            std::string::npos);
  testing::OwnedRequest json("POST", "/", {{"Content-Type", "application/x-amz-json-1.1"}}, "{}");
  AwsResponse unknown = unrecognizedRequest(json.view(), makeError(Errc::kInvalidArgument, "?"));
  EXPECT_EQ(unknown.content_type, "application/x-amz-json-1.1");
  EXPECT_EQ(unknown.body, R"({"__type":"UnknownOperationException","message":"?"})");
}

TEST(XmlWriter, WritesNestedElementsAndClosesOnFinish) {
  XmlWriter xml;
  xml.open("A", "urn:a").element("B", "1 < 2").open("C").text("x & y");
  EXPECT_EQ(std::move(xml).finish(), "<A xmlns=\"urn:a\"><B>1 &lt; 2</B><C>x &amp; y</C></A>");
}

TEST(XmlWriter, EscapesWhatXmlCannotCarry) {
  std::string text;
  appendXmlText(text, std::string_view("ok\x01\tbad:\xff\xc3\xa9\xef\xbf\xbe]]>", 17));
  EXPECT_EQ(text, "ok\xEF\xBF\xBD\tbad:\xEF\xBF\xBD\xC3\xA9\xEF\xBF\xBD]]&gt;");
  std::string attribute;
  appendXmlAttribute(attribute, "a\"b'c\n\td<");
  EXPECT_EQ(attribute, "a&quot;b&apos;c&#xA;&#x9;d&lt;");
}

TEST(AwsErrors, LookupByAnyName) {
  const AwsErrorShape* shape = findErrorShape("sqs", "AWS.SimpleQueueService.NonExistentQueue");
  ASSERT_NE(shape, nullptr);
  EXPECT_EQ(shape->code, "QueueDoesNotExist");
  EXPECT_EQ(findErrorShape("sqs", "QueueNameExists"), findErrorShape("sqs", "QueueAlreadyExists"));
  EXPECT_EQ(findErrorShape("sns", "NotFoundException"), findErrorShape("sns", "NotFound"));
  EXPECT_EQ(findErrorShape("sqs", "NotFound"), nullptr);
  EXPECT_EQ(findErrorShape("kinesis", "ResourceNotFoundException"), nullptr);
}

}  // namespace
}  // namespace switchyard::aws
