#include "connectors/aws/sigv4_authorization.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/connectors/aws/owned_request.h"
#include "tests/connectors/aws/sdk_captures.h"

namespace switchyard::aws {
namespace {

std::string sdkAuthorization() {
  return testing::OwnedRequest::fromCapture(testing::kSqsSendMessage).header("authorization");
}

TEST(SigV4Authorization, ParsesTheSdkHeader) {
  Result<SigV4Authorization> parsed = parseAuthorization(sdkAuthorization());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->credential.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(parsed->credential.date, "20261125");
  EXPECT_EQ(parsed->credential.region, "us-east-1");
  EXPECT_EQ(parsed->credential.service, "sqs");
  EXPECT_EQ(parsed->credential.scope(), "20261125/us-east-1/sqs/aws4_request");
  EXPECT_EQ(parsed->signed_headers.size(), 10u);
  EXPECT_EQ(parsed->signed_headers.front(), "amz-sdk-invocation-id");
  EXPECT_EQ(parsed->signedHeadersText(),
            "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;"
            "x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent;x-amzn-query-mode");
}

TEST(SigV4Authorization, AcceptsComponentsWithoutSpacesAndInAnyOrder) {
  Result<SigV4Authorization> parsed = parseAuthorization(
      "AWS4-HMAC-SHA256 Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31,"
      "SignedHeaders=host;x-amz-date,Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
      "aws4_request");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->credential.service, "service");
  EXPECT_EQ(parsed->signedHeadersText(), "host;x-amz-date");
}

std::string parseError(std::string_view header) {
  Result<SigV4Authorization> parsed = parseAuthorization(header);
  return parsed.ok() ? std::string("<parsed>") : parsed.error().message;
}

constexpr std::string_view kSignature =
    "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

TEST(SigV4Authorization, NamesWhatIsMissing) {
  EXPECT_EQ(parseError("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                       "aws4_request"),
            "Authorization header requires 'SignedHeaders' parameter. Authorization header "
            "requires 'Signature' parameter.");
  EXPECT_EQ(parseError("AWS4-HMAC-SHA256"),
            "Authorization header requires 'Credential' parameter. Authorization header requires "
            "'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.");
}

TEST(SigV4Authorization, RejectsOtherAlgorithms) {
  EXPECT_EQ(parseError("Bearer abc"),
            "Unsupported AWS 'algorithm': 'Bearer'; expected 'AWS4-HMAC-SHA256'.");
  EXPECT_NE(parseError("AWS4-ECDSA-P256-SHA256 Credential=x").find("SigV4a"), std::string::npos);
  EXPECT_NE(parseError("AWS AKIDEXAMPLE:signature").find("Unsupported"), std::string::npos);
  EXPECT_NE(parseError("").find("Unsupported"), std::string::npos);
}

TEST(SigV4Authorization, RejectsMalformedCredentials) {
  auto header = [](std::string_view credential) {
    return "AWS4-HMAC-SHA256 Credential=" + std::string(credential) +
           ", SignedHeaders=host, Signature=" + std::string(kSignature);
  };
  EXPECT_NE(parseError(header("AKIDEXAMPLE/20150830/us-east-1/aws4_request")).find("must have"),
            std::string::npos);
  EXPECT_NE(parseError(header("AKIDEXAMPLE//us-east-1/sqs/aws4_request")).find("must have"),
            std::string::npos);
  EXPECT_NE(parseError(header("AKIDEXAMPLE/2015-08-30/us-east-1/sqs/aws4_request"))
                .find("must be yyyymmdd"),
            std::string::npos);
  EXPECT_EQ(parseError(header("AKIDEXAMPLE/20150830/us-east-1/sqs/aws5_request")),
            "Credential should be scoped with a valid terminator: 'aws4_request', not "
            "'aws5_request'.");
}

TEST(SigV4Authorization, RejectsMalformedSignedHeadersAndSignatures) {
  auto header = [](std::string_view signed_headers, std::string_view signature) {
    return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, "
           "SignedHeaders=" +
           std::string(signed_headers) + ", Signature=" + std::string(signature);
  };
  EXPECT_EQ(parseError(header("host;x-amz-date", kSignature)), "<parsed>");
  EXPECT_NE(parseError(header("Host;x-amz-date", kSignature)).find("lowercase"), std::string::npos);
  EXPECT_NE(parseError(header("host;;x-amz-date", kSignature)).find("lowercase"),
            std::string::npos);
  EXPECT_NE(parseError(header("host;host", kSignature)).find("twice"), std::string::npos);
  EXPECT_NE(parseError(header("host", kSignature.substr(1))).find("64 lowercase hex"),
            std::string::npos);
  std::string upper(kSignature);
  upper[0] = 'A';
  upper[1] = 'B';
  EXPECT_NE(parseError(header("host", upper)).find("64 lowercase hex"), std::string::npos);
}

TEST(SigV4Authorization, RejectsUnknownDuplicateAndBareComponents) {
  std::string base =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, "
      "SignedHeaders=host, Signature=" +
      std::string(kSignature);
  EXPECT_NE(parseError(base + ", Extra=1").find("unknown component 'Extra'"), std::string::npos);
  EXPECT_NE(parseError(base + ", Signature=" + std::string(kSignature)).find("twice"),
            std::string::npos);
  EXPECT_NE(parseError(base + ", junk").find("key=value"), std::string::npos);
  EXPECT_NE(parseError("AWS4-HMAC-SHA256 ,, Credential=x").find("empty component"),
            std::string::npos);
}

}  // namespace
}  // namespace switchyard::aws
