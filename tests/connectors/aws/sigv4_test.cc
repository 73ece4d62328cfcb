#include "connectors/aws/sigv4.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connectors/aws/digest.h"
#include "connectors/aws/sigv4_authorization.h"
#include "connectors/aws/sigv4_canonical.h"
#include "tests/connectors/aws/owned_request.h"
#include "tests/connectors/aws/sdk_captures.h"

namespace switchyard::aws {
namespace {

using testing::kCaptureTime;
using testing::OwnedRequest;

SecretKeyLookup fakeCredentials() {
  return [](std::string_view key) -> std::optional<std::string> {
    if (key == "AKIDEXAMPLE") {
      return std::string(testing::kSecret);
    }
    return std::nullopt;
  };
}

SigV4Verification verify(const OwnedRequest& request, int64_t now = kCaptureTime) {
  return verifySignature(request.view(), fakeCredentials(), now);
}

OwnedRequest sqsCapture() { return OwnedRequest::fromCapture(testing::kSqsSendMessage); }

// Every captured SDK request, with the body the capture could not show restored.
std::vector<std::pair<std::string, OwnedRequest>> allCaptures() {
  std::vector<std::pair<std::string, OwnedRequest>> captures;
  auto add = [&](std::string name, std::string_view text) {
    captures.emplace_back(std::move(name), OwnedRequest::fromCapture(text));
  };
  add("SqsSendMessage", testing::kSqsSendMessage);
  add("KinesisPutRecord", testing::kKinesisPutRecord);
  add("SnsPublish", testing::kSnsPublish);
  add("EventBridgePutEvents", testing::kEventBridgePutEvents);
  add("LambdaInvokeEvent", testing::kLambdaInvokeEvent);
  add("LambdaInvokeRequestResponse", testing::kLambdaInvokeRequestResponse);
  add("S3PutObjectPathStyle", testing::kS3PutObjectPathStyle);
  add("S3PutObjectDefault", testing::kS3PutObjectDefault);
  add("SqsSendMessageNoMd5", testing::kSqsSendMessageNoMd5);
  add("SqsSendMessageAwsQueueUrl", testing::kSqsSendMessageAwsQueueUrl);
  add("S3PutObjectLarge", testing::kS3PutObjectLarge);
  captures.back().second.setBody(std::string(testing::kLargeBodySize, 'a'));
  add("S3PutObjectStream", testing::kS3PutObjectStream);
  captures.back().second.setBody(
      "6\r\nhello \r\n6\r\nstream\r\n0\r\nx-amz-checksum-crc32:gtnkmQ==\r\n\r\n");
  return captures;
}

TEST(SigV4Capture, TheCapturedSqsRequestVerifiesExactly) {
  OwnedRequest request = sqsCapture();
  // The body is byte for byte what the SDK hashed.
  EXPECT_EQ(sha256Hex(request.body()), request.header("x-amz-content-sha256"));
  SigV4Verification verification = verify(request);
  ASSERT_TRUE(verification.ok()) << verification.error->message;
  EXPECT_TRUE(verification.verified);
  ASSERT_TRUE(verification.authorization.has_value());
  EXPECT_EQ(verification.authorization->credential.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(verification.authorization->credential.service, "sqs");
  EXPECT_EQ(verification.authorization->signature,
            "ebff93b71fc82180e9170749d2da79f0ca46cb62489d1f5adedfbbe44ede9ad2");
}

TEST(SigV4Capture, EveryCapturedSdkRequestVerifies) {
  for (const auto& [name, request] : allCaptures()) {
    SigV4Verification verification = verify(request);
    EXPECT_TRUE(verification.ok()) << name << ": " << verification.error->message;
    EXPECT_TRUE(verification.verified) << name;
  }
}

TEST(SigV4Capture, SignRequestReproducesEveryCapturedSignature) {
  for (const auto& [name, request] : allCaptures()) {
    Result<SigV4Authorization> sent = parseAuthorization(request.header("authorization"));
    ASSERT_TRUE(sent.ok()) << name;
    SigningCredentials credentials{"AKIDEXAMPLE", std::string(testing::kSecret), "us-east-1",
                                   sent->credential.service};
    OwnedRequest unsigned_request = request;
    unsigned_request.removeHeader("authorization");
    Result<std::string> header =
        signRequest(unsigned_request.view(), credentials, sent->signed_headers);
    ASSERT_TRUE(header.ok()) << name << ": " << header.error().message;
    EXPECT_EQ(*header, request.header("authorization")) << name;
  }
}

TEST(SigV4Verify, RejectsAWrongSecret) {
  SecretKeyLookup other = [](std::string_view) -> std::optional<std::string> {
    return std::string("notthesecret");
  };
  SigV4Verification verification = verifySignature(sqsCapture().view(), other, kCaptureTime);
  ASSERT_FALSE(verification.ok());
  EXPECT_EQ(verification.error->failure, AuthFailure::kSignatureMismatch);
  EXPECT_NE(verification.error->message.find("does not match the signature you provided"),
            std::string::npos);
}

TEST(SigV4Verify, RejectsATamperedBodyAgainstItsContentHash) {
  OwnedRequest request = sqsCapture();
  std::string body = request.body();
  body.replace(body.find("hello sqs"), 9, "hello sqz");
  request.setBody(body);
  SigV4Verification verification = verify(request);
  ASSERT_FALSE(verification.ok());
  EXPECT_EQ(verification.error->failure, AuthFailure::kSignatureMismatch);
  EXPECT_NE(verification.error->message.find("x-amz-content-sha256"), std::string::npos);
}

TEST(SigV4Verify, RejectsATamperedBodyWithARecomputedContentHash) {
  OwnedRequest request = sqsCapture();
  std::string body = request.body();
  body.replace(body.find("hello sqs"), 9, "hello sqz");
  request.setBody(body);
  request.setHeader("x-amz-content-sha256", sha256Hex(body));
  SigV4Verification verification = verify(request);
  ASSERT_FALSE(verification.ok());
  EXPECT_EQ(verification.error->failure, AuthFailure::kSignatureMismatch);
}

TEST(SigV4Verify, RejectsATamperedBodyWithoutAContentHashHeader) {
  // The Lambda capture signs x-amz-content-sha256; drop it from both to sign the body's hash.
  OwnedRequest request = OwnedRequest::fromCapture(testing::kLambdaInvokeEvent);
  request.removeHeader("x-amz-content-sha256");
  request.removeHeader("authorization");
  SigningCredentials credentials{"AKIDEXAMPLE", std::string(testing::kSecret), "us-east-1",
                                 "lambda"};
  Result<std::string> header = signRequest(request.view(), credentials);
  ASSERT_TRUE(header.ok());
  request.setHeader("Authorization", *header);
  ASSERT_TRUE(verify(request).ok());
  request.setBody("{\"a\":2}");
  SigV4Verification verification = verify(request);
  ASSERT_FALSE(verification.ok());
  EXPECT_EQ(verification.error->failure, AuthFailure::kSignatureMismatch);
}

TEST(SigV4Verify, RejectsATamperedSignedHeader) {
  OwnedRequest request = sqsCapture();
  request.setHeader("x-amz-target", "AmazonSQS.DeleteQueue");
  SigV4Verification verification = verify(request);
  ASSERT_FALSE(verification.ok());
  EXPECT_EQ(verification.error->failure, AuthFailure::kSignatureMismatch);
}

TEST(SigV4Verify, RejectsAMissingSignedHeader) {
  OwnedRequest request = sqsCapture();
  request.removeHeader("x-amz-user-agent");
  SigV4Verification verification = verify(request);
  ASSERT_FALSE(verification.ok());
  EXPECT_EQ(verification.error->failure, AuthFailure::kSignatureMismatch);
  EXPECT_NE(verification.error->message.find("'x-amz-user-agent'"), std::string::npos);
}

TEST(SigV4Verify, RejectsARepeatedSignedHeader) {
  OwnedRequest request = sqsCapture();
  request.addHeader("X-Amz-Target", "AmazonSQS.DeleteQueue");  // joins as "a,b" when canonical
  EXPECT_FALSE(verify(request).ok());
}

TEST(SigV4Verify, RejectsATamperedPathOrQuery) {
  OwnedRequest path = OwnedRequest::fromCapture(testing::kLambdaInvokeEvent);
  path.setTarget("/2015-03-31/functions/other/invocations");
  EXPECT_FALSE(verify(path).ok());
  OwnedRequest query = OwnedRequest::fromCapture(testing::kLambdaInvokeRequestResponse);
  query.setTarget("/2015-03-31/functions/demo/invocations?Qualifier=v2");
  EXPECT_FALSE(verify(query).ok());
  OwnedRequest method = sqsCapture();
  method.setMethod("PUT");
  EXPECT_FALSE(verify(method).ok());
}

TEST(SigV4Verify, IgnoresUnsignedHeaders) {
  OwnedRequest request = sqsCapture();
  request.setHeader("Connection", "close");
  request.addHeader("X-Forwarded-For", "10.0.0.1");
  request.setHeader("user-agent", "something else");  // not in SignedHeaders
  SigV4Verification verification = verify(request);
  EXPECT_TRUE(verification.ok()) << verification.error->message;
}

TEST(SigV4Verify, RejectsARequestSignedMoreThanFifteenMinutesAgo) {
  SigV4Verification late = verify(sqsCapture(), kCaptureTime + 15 * 60 + 1);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error->failure, AuthFailure::kRequestExpired);
  EXPECT_EQ(late.error->message,
            "Signature expired: 20261125T075252Z is now earlier than 20261125T075253Z "
            "(20261125T080753Z - 15 min.)");
  EXPECT_TRUE(verify(sqsCapture(), kCaptureTime + 15 * 60).ok());
}

TEST(SigV4Verify, RejectsARequestSignedMoreThanFifteenMinutesAhead) {
  SigV4Verification early = verify(sqsCapture(), kCaptureTime - 15 * 60 - 1);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error->failure, AuthFailure::kRequestExpired);
  EXPECT_NE(early.error->message.find("Signature not yet current: 20261125T075252Z"),
            std::string::npos);
  EXPECT_TRUE(verify(sqsCapture(), kCaptureTime - 15 * 60).ok());
}

TEST(SigV4Verify, RejectsAnUnknownAccessKey) {
  OwnedRequest request = sqsCapture();
  std::string header = request.header("authorization");
  header.replace(header.find("AKIDEXAMPLE"), 11, "AKIDUNKNOWN");
  request.setHeader("authorization", header);
  SigV4Verification verification = verify(request);
  ASSERT_FALSE(verification.ok());
  EXPECT_EQ(verification.error->failure, AuthFailure::kUnknownAccessKey);
}

TEST(SigV4Verify, RejectsAScopeDateThatIsNotTheRequestDate) {
  OwnedRequest request = sqsCapture();
  std::string header = request.header("authorization");
  header.replace(header.find("20261125"), 8, "20261124");
  request.setHeader("authorization", header);
  SigV4Verification verification = verify(request);
  ASSERT_FALSE(verification.ok());
  EXPECT_EQ(verification.error->failure, AuthFailure::kSignatureMismatch);
  EXPECT_NE(verification.error->message.find("'20261124' != '20261125'"), std::string::npos);
}

TEST(SigV4Verify, RequiresHostToBeSigned) {
  OwnedRequest request = sqsCapture();
  std::string header = request.header("authorization");
  header.replace(header.find(";host;"), 6, ";");
  request.setHeader("authorization", header);
  SigV4Verification verification = verify(request);
  ASSERT_FALSE(verification.ok());
  EXPECT_EQ(verification.error->failure, AuthFailure::kIncompleteSignature);
}

TEST(SigV4Verify, RequiresAnAmzDate) {
  OwnedRequest request = sqsCapture();
  request.removeHeader("x-amz-date");
  SigV4Verification verification = verify(request);
  ASSERT_FALSE(verification.ok());
  EXPECT_EQ(verification.error->failure, AuthFailure::kIncompleteSignature);
  request.setHeader("x-amz-date", "Wed, 25 Nov 2026 07:52:52 GMT");
  EXPECT_EQ(verify(request).error->failure, AuthFailure::kIncompleteSignature);
}

TEST(SigV4Verify, UnsignedRequestsNeedCredentialsToBeUnconfigured) {
  OwnedRequest request = sqsCapture();
  request.removeHeader("authorization");
  SigV4Verification with_credentials = verify(request);
  ASSERT_FALSE(with_credentials.ok());
  EXPECT_EQ(with_credentials.error->failure, AuthFailure::kMissingAuthentication);

  SigV4Verification open = verifySignature(request.view(), nullptr, kCaptureTime);
  EXPECT_TRUE(open.ok());
  EXPECT_FALSE(open.verified);
  EXPECT_FALSE(open.authorization.has_value());
}

TEST(SigV4Verify, WithoutCredentialsASignedRequestIsAcceptedButParsed) {
  OwnedRequest request = sqsCapture();
  request.setBody("tampered");  // nothing is checked without a secret
  SigV4Verification open = verifySignature(request.view(), nullptr, kCaptureTime + 86400);
  ASSERT_TRUE(open.ok());
  EXPECT_FALSE(open.verified);
  ASSERT_TRUE(open.authorization.has_value());
  EXPECT_EQ(open.authorization->credential.service, "sqs");
}

TEST(SigV4Verify, WithoutCredentialsAMalformedHeaderIsStillAnError) {
  OwnedRequest request = sqsCapture();
  request.setHeader("authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125");
  SigV4Verification open = verifySignature(request.view(), nullptr, kCaptureTime);
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error->failure, AuthFailure::kIncompleteSignature);
}

TEST(SigV4Verify, PresignedUrlsAreReportedAsUnsupported) {
  OwnedRequest request = OwnedRequest::fromCapture(testing::kS3PutObjectPathStyle);
  request.removeHeader("authorization");
  request.setTarget("/inbox/a.json?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc");
  SigV4Verification verification = verify(request);
  ASSERT_FALSE(verification.ok());
  EXPECT_EQ(verification.error->failure, AuthFailure::kMissingAuthentication);
  EXPECT_NE(verification.error->message.find("Presigned"), std::string::npos);
}

TEST(SigV4Verify, UnsignedPayloadIsTakenAsGiven) {
  OwnedRequest request = OwnedRequest::fromCapture(testing::kS3PutObjectPathStyle);
  request.removeHeader("authorization");
  request.setHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
  SigningCredentials credentials{"AKIDEXAMPLE", std::string(testing::kSecret), "us-east-1", "s3"};
  Result<std::string> header = signRequest(request.view(), credentials);
  ASSERT_TRUE(header.ok());
  request.setHeader("authorization", *header);
  request.setBody("any body at all");
  EXPECT_TRUE(verify(request).ok());
}

TEST(SigV4Sign, DefaultSignedHeadersLeaveOutHopByHopOnes) {
  OwnedRequest request = sqsCapture();
  request.removeHeader("authorization");
  SigningCredentials credentials{"AKIDEXAMPLE", std::string(testing::kSecret), "us-east-1", "sqs"};
  Result<std::string> header = signRequest(request.view(), credentials);
  ASSERT_TRUE(header.ok());
  // Exactly what the SDK signed: everything but user-agent and Connection.
  EXPECT_EQ(*header, sqsCapture().header("authorization"));
}

TEST(SigV4Sign, NeedsAnAmzDateAndAHost) {
  SigningCredentials credentials{"AKIDEXAMPLE", "secret", "us-east-1", "sqs"};
  OwnedRequest no_date("POST", "/", {{"Host", "localhost"}}, "");
  EXPECT_FALSE(signRequest(no_date.view(), credentials).ok());
  OwnedRequest no_host("POST", "/", {{"X-Amz-Date", "20261125T075252Z"}}, "");
  EXPECT_FALSE(signRequest(no_host.view(), credentials).ok());
}

TEST(SigV4Sign, SignedRequestsVerifyAndSurviveHeaderCaseChanges) {
  OwnedRequest request("POST", "/000000000000/orders?b=2&a=1",
                       {{"Host", "localhost:4566"},
                        {"X-Amz-Date", formatAmzDate(kCaptureTime)},
                        {"Content-Type", "application/x-www-form-urlencoded"}},
                       "Action=SendMessage&MessageBody=hi");
  SigningCredentials credentials{"AKIDEXAMPLE", std::string(testing::kSecret), "eu-west-1", "sqs"};
  Result<std::string> header = signRequest(request.view(), credentials);
  ASSERT_TRUE(header.ok());
  EXPECT_NE(
      header->find("/eu-west-1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date,"),
      std::string::npos);
  request.addHeader("Authorization", *header);
  EXPECT_TRUE(verify(request).ok());
  request.setHeader("CONTENT-TYPE", "application/x-www-form-urlencoded");
  EXPECT_TRUE(verify(request).ok());
}

}  // namespace
}  // namespace switchyard::aws
