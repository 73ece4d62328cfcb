#include "connectors/aws/aws_request.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "tests/connectors/aws/owned_request.h"
#include "tests/connectors/aws/sdk_captures.h"

namespace switchyard::aws {
namespace {

using testing::OwnedRequest;

AwsCall classified(const OwnedRequest& request, QueryParams* params = nullptr) {
  Result<AwsCall> call = classifyRequest(request.view(), params);
  EXPECT_TRUE(call.ok()) << call.error().message;
  return call.ok() ? *call : AwsCall{};
}

std::string classificationError(const OwnedRequest& request) {
  Result<AwsCall> call = classifyRequest(request.view());
  EXPECT_FALSE(call.ok()) << "classified as " << call->service << " " << call->operation;
  return call.ok() ? std::string() : call.error().message;
}

OwnedRequest form(std::string body, std::string target = "/") {
  return OwnedRequest(
      "POST", std::move(target),
      {{"Host", "localhost"}, {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
      std::move(body));
}

void expectCall(const AwsCall& call, std::string_view service, Protocol protocol,
                std::string_view operation) {
  EXPECT_EQ(call.service, service);
  EXPECT_EQ(call.protocol, protocol) << protocolName(call.protocol);
  EXPECT_EQ(call.operation, operation);
}

TEST(AwsRequestCapture, SqsSendMessageIsJson10) {
  AwsCall call = classified(OwnedRequest::fromCapture(testing::kSqsSendMessage));
  expectCall(call, "sqs", Protocol::kJson10, "SendMessage");
  EXPECT_EQ(call.region, "us-east-1");
}

TEST(AwsRequestCapture, KinesisPutRecordIsJson11) {
  expectCall(classified(OwnedRequest::fromCapture(testing::kKinesisPutRecord)), "kinesis",
             Protocol::kJson11, "PutRecord");
}

TEST(AwsRequestCapture, EventBridgePutEventsIsJson11) {
  expectCall(classified(OwnedRequest::fromCapture(testing::kEventBridgePutEvents)), "events",
             Protocol::kJson11, "PutEvents");
}

TEST(AwsRequestCapture, SnsPublishIsQueryWithItsParameters) {
  QueryParams params;
  AwsCall call = classified(OwnedRequest::fromCapture(testing::kSnsPublish), &params);
  expectCall(call, "sns", Protocol::kQuery, "Publish");
  EXPECT_EQ(params.get("Message"), "hello sns");
  EXPECT_EQ(params.get("TopicArn"), "arn:aws:sns:us-east-1:000000000000:alerts");
  EXPECT_EQ(params.get("Version"), "2010-03-31");
}

TEST(AwsRequestCapture, LambdaInvokeIsRestJson) {
  expectCall(classified(OwnedRequest::fromCapture(testing::kLambdaInvokeEvent)), "lambda",
             Protocol::kRestJson, "Invoke");
  expectCall(classified(OwnedRequest::fromCapture(testing::kLambdaInvokeRequestResponse)), "lambda",
             Protocol::kRestJson, "Invoke");
}

TEST(AwsRequestCapture, S3PutObjectIsRestXml) {
  expectCall(classified(OwnedRequest::fromCapture(testing::kS3PutObjectPathStyle)), "s3",
             Protocol::kRestXml, "PutObject");
  OwnedRequest stream = OwnedRequest::fromCapture(testing::kS3PutObjectStream);
  expectCall(classified(stream), "s3", Protocol::kRestXml, "PutObject");
}

TEST(AwsRequestCapture, EveryCaptureIsClassified) {
  struct Expected {
    std::string_view capture;
    std::string_view service;
    Protocol protocol;
    std::string_view operation;
  };
  const Expected expected[] = {
      {testing::kSqsSendMessage, "sqs", Protocol::kJson10, "SendMessage"},
      {testing::kSqsSendMessageNoMd5, "sqs", Protocol::kJson10, "SendMessage"},
      {testing::kSqsSendMessageAwsQueueUrl, "sqs", Protocol::kJson10, "SendMessage"},
      {testing::kKinesisPutRecord, "kinesis", Protocol::kJson11, "PutRecord"},
      {testing::kSnsPublish, "sns", Protocol::kQuery, "Publish"},
      {testing::kEventBridgePutEvents, "events", Protocol::kJson11, "PutEvents"},
      {testing::kLambdaInvokeEvent, "lambda", Protocol::kRestJson, "Invoke"},
      {testing::kLambdaInvokeRequestResponse, "lambda", Protocol::kRestJson, "Invoke"},
      {testing::kS3PutObjectPathStyle, "s3", Protocol::kRestXml, "PutObject"},
      {testing::kS3PutObjectDefault, "s3", Protocol::kRestXml, "PutObject"},
      {testing::kS3PutObjectLarge, "s3", Protocol::kRestXml, "PutObject"},
      {testing::kS3PutObjectStream, "s3", Protocol::kRestXml, "PutObject"},
  };
  for (const Expected& want : expected) {
    SCOPED_TRACE(want.capture.substr(0, 200));
    expectCall(classified(OwnedRequest::fromCapture(want.capture)), want.service, want.protocol,
               want.operation);
  }
}

TEST(AwsRequest, S3OperationsWithoutXIdComeFromTheMethod) {
  OwnedRequest request = OwnedRequest::fromCapture(testing::kS3PutObjectPathStyle);
  request.setTarget("/inbox/dir/a.json");
  EXPECT_EQ(classified(request).operation, "PutObject");
  request.setMethod("GET");
  EXPECT_EQ(classified(request).operation, "GetObject");
  request.setTarget("/inbox?list-type=2");
  EXPECT_EQ(classified(request).operation, "ListObjectsV2");
  request.setTarget("/inbox/");
  EXPECT_EQ(classified(request).operation, "ListObjects");
  request.setTarget("/");
  EXPECT_EQ(classified(request).operation, "ListBuckets");
  request.setMethod("POST");
  request.setTarget("/inbox?delete");
  EXPECT_EQ(classified(request).operation, "DeleteObjects");
  request.setMethod("PATCH");
  EXPECT_NE(classificationError(request).find("unsupported S3 request"), std::string::npos);
}

TEST(AwsRequest, EveryCallGetsAFreshUuidRequestId) {
  OwnedRequest request = OwnedRequest::fromCapture(testing::kSqsSendMessage);
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    std::string id = classified(request).request_id;
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[8], '-');
    EXPECT_EQ(id[13], '-');
    EXPECT_EQ(id[14], '4');  // version 4
    EXPECT_EQ(id[18], '-');
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
    EXPECT_EQ(id[23], '-');
    EXPECT_TRUE(std::all_of(id.begin(), id.end(), [](char c) {
      return c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }));
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100u);
}

TEST(AwsRequest, RegionComesFromTheCredentialScope) {
  OwnedRequest request = OwnedRequest::fromCapture(testing::kSqsSendMessage);
  std::string header = request.header("authorization");
  header.replace(header.find("us-east-1"), 9, "eu-west-3");
  request.setHeader("authorization", header);
  EXPECT_EQ(classified(request).region, "eu-west-3");
  request.removeHeader("authorization");
  EXPECT_EQ(classified(request).region, "us-east-1");
}

TEST(AwsRequest, JsonProtocolFollowsTheContentTypeElseTheServiceDefault) {
  OwnedRequest request = OwnedRequest::fromCapture(testing::kSqsSendMessage);
  request.setHeader("content-type", "application/x-amz-json-1.1");
  EXPECT_EQ(classified(request).protocol, Protocol::kJson11);
  request.setHeader("content-type", "application/json");
  EXPECT_EQ(classified(request).protocol, Protocol::kJson10);
  request.removeHeader("content-type");
  EXPECT_EQ(classified(request).protocol, Protocol::kJson10);
}

TEST(AwsRequest, RejectsATargetForAServiceNotEmulated) {
  OwnedRequest request = OwnedRequest::fromCapture(testing::kKinesisPutRecord);
  request.setHeader("x-amz-target", "DynamoDB_20120810.PutItem");
  request.removeHeader("authorization");
  Result<AwsCall> call = classifyRequest(request.view());
  ASSERT_FALSE(call.ok());
  EXPECT_EQ(call.error().code, Errc::kNotFound);
  EXPECT_NE(call.error().message.find("DynamoDB_20120810.PutItem"), std::string::npos);
}

TEST(AwsRequest, RejectsMalformedTargets) {
  OwnedRequest request = OwnedRequest::fromCapture(testing::kKinesisPutRecord);
  for (std::string target : {"PutRecord", "Kinesis_20131202.", "Kinesis_20131202.Put Record"}) {
    request.setHeader("x-amz-target", target);
    EXPECT_NE(classificationError(request).find("Service.Operation"), std::string::npos) << target;
  }
}

TEST(AwsRequest, RejectsAScopeThatContradictsTheTarget) {
  OwnedRequest request = OwnedRequest::fromCapture(testing::kSqsSendMessage);
  request.setHeader("x-amz-target", "Kinesis_20131202.PutRecord");
  EXPECT_NE(classificationError(request).find("'sqs' does not match"), std::string::npos);
}

TEST(AwsRequest, QueryServiceComesFromTheCredentialScopeFirst) {
  // An SNS-looking action signed for sqs is an sqs call (which will answer InvalidAction).
  OwnedRequest request = OwnedRequest::fromCapture(testing::kSnsPublish);
  std::string header = request.header("authorization");
  header.replace(header.find("/sns/"), 5, "/sqs/");
  request.setHeader("authorization", header);
  expectCall(classified(request), "sqs", Protocol::kQuery, "Publish");
}

TEST(AwsRequest, QueryScopeForAServiceNotEmulatedIsNotFound) {
  OwnedRequest request = OwnedRequest::fromCapture(testing::kSnsPublish);
  std::string header = request.header("authorization");
  header.replace(header.find("/sns/"), 5, "/iam/");
  request.setHeader("authorization", header);
  Result<AwsCall> call = classifyRequest(request.view());
  ASSERT_FALSE(call.ok());
  EXPECT_EQ(call.error().code, Errc::kNotFound);
}

TEST(AwsRequest, UnsignedQueryCallsAreTiedToTheirServiceByActionName) {
  expectCall(classified(form("Action=SendMessage&MessageBody=hi")), "sqs", Protocol::kQuery,
             "SendMessage");
  expectCall(classified(form("Action=ReceiveMessage")), "sqs", Protocol::kQuery, "ReceiveMessage");
  expectCall(classified(form("Action=Publish&Message=hi")), "sns", Protocol::kQuery, "Publish");
  expectCall(classified(form("Action=Subscribe")), "sns", Protocol::kQuery, "Subscribe");
}

TEST(AwsRequest, SharedActionsAreTiedByPathParametersOrVersion) {
  EXPECT_EQ(classified(form("Action=AddPermission", "/000000000000/orders")).service, "sqs");
  EXPECT_EQ(classified(form("Action=AddPermission&QueueUrl=http%3A%2F%2Fx%2F1%2Fq")).service,
            "sqs");
  EXPECT_EQ(classified(form("Action=RemovePermission&TopicArn=arn%3Aaws%3Asns%3Ax")).service,
            "sns");
  EXPECT_EQ(classified(form("Action=AddPermission&Version=2012-11-05")).service, "sqs");
  EXPECT_EQ(classified(form("Action=AddPermission&Version=2010-03-31")).service, "sns");
  EXPECT_NE(classificationError(form("Action=AddPermission")).find("both SQS and SNS"),
            std::string::npos);
}

TEST(AwsRequest, UnknownActionsWithoutAScopeAreNotFound) {
  Result<AwsCall> call = classifyRequest(form("Action=DescribeInstances").view());
  ASSERT_FALSE(call.ok());
  EXPECT_EQ(call.error().code, Errc::kNotFound);
  EXPECT_NE(call.error().message.find("'DescribeInstances'"), std::string::npos);
}

TEST(AwsRequest, UnknownActionsOnAQueuePathAreSqs) {
  expectCall(classified(form("Action=FutureAction", "/000000000000/orders")), "sqs",
             Protocol::kQuery, "FutureAction");
}

TEST(AwsRequest, QueryCallsNeedAValidAction) {
  EXPECT_NE(classificationError(form("MessageBody=hi")).find("without an Action"),
            std::string::npos);
  EXPECT_NE(classificationError(form("Action=Send%20Message")).find("not a valid action"),
            std::string::npos);
  EXPECT_NE(classificationError(form("Action=Publish&Message=%E")).find("malformed"),
            std::string::npos);
}

TEST(AwsRequest, QueryParametersMayComeInTheUrl) {
  OwnedRequest request("GET", "/?Action=ListQueues&Version=2012-11-05", {{"Host", "localhost"}},
                       "");
  QueryParams params;
  expectCall(classified(request, &params), "sqs", Protocol::kQuery, "ListQueues");
  EXPECT_EQ(params.get("Version"), "2012-11-05");
}

TEST(AwsRequest, OtherRequestsAreNotAwsCalls) {
  OwnedRequest health("GET", "/healthz", {{"Host", "localhost"}}, "");
  EXPECT_NE(classificationError(health).find("not an AWS API request"), std::string::npos);
  OwnedRequest json("POST", "/", {{"Content-Type", "application/json"}}, "{}");
  EXPECT_NE(classificationError(json).find("not an AWS API request"), std::string::npos);
}

TEST(AwsRequest, OnlyLambdaInvokeIsRecognisedUnderTheFunctionsPath) {
  OwnedRequest request = OwnedRequest::fromCapture(testing::kLambdaInvokeEvent);
  request.setMethod("GET");
  request.setTarget("/2015-03-31/functions/demo");
  EXPECT_NE(classificationError(request).find("only the Lambda Invoke API"), std::string::npos);
}

TEST(AwsRequest, SignedRequestsWithoutAnOperationAreNotFound) {
  OwnedRequest request = OwnedRequest::fromCapture(testing::kSqsSendMessage);
  request.removeHeader("x-amz-target");
  Result<AwsCall> call = classifyRequest(request.view());
  ASSERT_FALSE(call.ok());
  EXPECT_EQ(call.error().code, Errc::kNotFound);
  EXPECT_NE(call.error().message.find("which sqs operation"), std::string::npos);
}

TEST(AwsRequest, FallbackCallGuessesTheProtocol) {
  OwnedRequest request = form("garbage");
  EXPECT_EQ(fallbackCall(request.view()).protocol, Protocol::kQuery);
  OwnedRequest json10("POST", "/", {{"Content-Type", "application/x-amz-json-1.0"}}, "{}");
  EXPECT_EQ(fallbackCall(json10.view()).protocol, Protocol::kJson10);
  OwnedRequest sns = OwnedRequest::fromCapture(testing::kSnsPublish);
  sns.removeHeader("content-type");
  AwsCall call = fallbackCall(sns.view());
  EXPECT_EQ(call.service, "sns");
  EXPECT_EQ(call.protocol, Protocol::kQuery);
  EXPECT_EQ(call.request_id.size(), 36u);
  OwnedRequest bare("POST", "/", {}, "");
  EXPECT_EQ(fallbackCall(bare.view()).protocol, Protocol::kJson11);
}

TEST(AwsServices, ActionListsAreSortedAndOverlapOnlyInPermissions) {
  EXPECT_TRUE(std::is_sorted(sqsActions().begin(), sqsActions().end()));
  EXPECT_TRUE(std::is_sorted(snsActions().begin(), snsActions().end()));
  std::vector<std::string_view> both;
  for (std::string_view action : sqsActions()) {
    if (isSnsAction(action)) {
      both.push_back(action);
    }
  }
  EXPECT_EQ(both, (std::vector<std::string_view>{"AddPermission", "RemovePermission"}));
  EXPECT_TRUE(isSqsAction("SendMessageBatch"));
  EXPECT_FALSE(isSqsAction("Publish"));
  EXPECT_TRUE(isSnsAction("PublishBatch"));
  EXPECT_FALSE(isSnsAction("sendmessage"));
}

TEST(AwsServices, KnowsEachEmulatedService) {
  ASSERT_NE(findService("sqs"), nullptr);
  EXPECT_EQ(findService("sqs")->protocol, Protocol::kJson10);
  EXPECT_EQ(findServiceByTarget("AmazonSQS"), findService("sqs"));
  EXPECT_EQ(findServiceByTarget("Kinesis_20131202"), findService("kinesis"));
  EXPECT_EQ(findServiceByTarget("AWSEvents"), findService("events"));
  EXPECT_EQ(findServiceByTarget(""), nullptr);
  EXPECT_EQ(findServiceByQueryVersion("2010-03-31"), findService("sns"));
  EXPECT_EQ(findServiceByQueryVersion(""), nullptr);
  EXPECT_EQ(findService("dynamodb"), nullptr);
}

}  // namespace
}  // namespace switchyard::aws
