// AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite, credential scope
// 20150830/us-east-1/service, secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY): for each request
// the canonical request and string to sign where the suite gives them, the signature, that
// verifySignature() accepts the signed request, and that signRequest() reproduces the
// Authorization header byte for byte.
//
// Not included: get-header-value-multiline (obs-fold continuation lines, which HTTP/1.1 parsers
// reject). The two post-x-www-form-urlencoded vectors use their Authorization lines as published
// (SignedHeaders=content-type;host;x-amz-date; the "-parameters" one with
// "charset=utf8"): later revisions of the suite changed their .creq files but not their .authz.
#include "connectors/aws/sigv4.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "connectors/aws/sigv4_authorization.h"
#include "connectors/aws/sigv4_canonical.h"
#include "tests/connectors/aws/owned_request.h"

namespace switchyard::aws {
namespace {

using testing::OwnedRequest;

constexpr std::string_view kSuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr int64_t kSuiteTime = 1440938160;  // 2015-08-30T12:36:00Z
constexpr std::string_view kEmptyHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::string_view kSecurityToken =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPf"
    "IeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7"
    "WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlz"
    "m8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

struct SuiteVector {
  std::string name;
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> extra_headers;  // besides Host, X-Amz-Date
  std::string body;
  std::string signed_headers;
  std::string signature;
  std::string canonical_request;  // empty: not checked
  std::string string_to_sign;     // empty: not checked
};

std::string scopeLine() { return "20150830/us-east-1/service/aws4_request"; }

std::string authorizationFor(const SuiteVector& vector) {
  return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + scopeLine() +
         ", SignedHeaders=" + vector.signed_headers + ", Signature=" + vector.signature;
}

OwnedRequest requestFor(const SuiteVector& vector) {
  std::vector<std::pair<std::string, std::string>> headers{{"Host", "example.amazonaws.com"},
                                                           {"X-Amz-Date", "20150830T123600Z"}};
  for (const auto& header : vector.extra_headers) {
    headers.push_back(header);
  }
  return OwnedRequest(vector.method, vector.target, std::move(headers), vector.body);
}

std::string creq(std::string method, std::string uri, std::string query, std::string headers,
                 std::string signed_headers) {
  return method + "\n" + uri + "\n" + query + "\n" + headers + "\n" + signed_headers + "\n" +
         std::string(kEmptyHash);
}

constexpr std::string_view kBaseHeaders =
    "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n";

std::vector<SuiteVector> suite() {
  const std::string base(kBaseHeaders);
  std::vector<SuiteVector> vectors = {
      {"get-header-key-duplicate",
       "GET",
       "/",
       {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}},
       "",
       "host;my-header1;x-amz-date",
       "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
       creq("GET", "/", "",
            "host:example.amazonaws.com\nmy-header1:value2,value2,value1\n"
            "x-amz-date:20150830T123600Z\n",
            "host;my-header1;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c"},
      {"get-header-value-order",
       "GET",
       "/",
       {{"My-Header1", "value4"},
        {"My-Header1", "value1"},
        {"My-Header1", "value3"},
        {"My-Header1", "value2"}},
       "",
       "host;my-header1;x-amz-date",
       "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01",
       creq("GET", "/", "",
            "host:example.amazonaws.com\nmy-header1:value4,value1,value3,value2\n"
            "x-amz-date:20150830T123600Z\n",
            "host;my-header1;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86"},
      {"get-header-value-trim",
       "GET",
       "/",
       {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\" "}},
       "",
       "host;my-header1;my-header2;x-amz-date",
       "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
       creq("GET", "/", "",
            "host:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
            "x-amz-date:20150830T123600Z\n",
            "host;my-header1;my-header2;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7"},
      {"get-unreserved",
       "GET",
       "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
       {},
       "",
       "host;x-amz-date",
       "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
       creq("GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", base,
            "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9"},
      {"get-utf8",
       "GET",
       "/\xE1\x88\xB4",
       {},
       "",
       "host;x-amz-date",
       "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
       creq("GET", "/%E1%88%B4", "", base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102"},
      {"get-vanilla",
       "GET",
       "/",
       {},
       "",
       "host;x-amz-date",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
       creq("GET", "/", "", base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"},
      {"get-vanilla-empty-query-key",
       "GET",
       "/?Param1=value1",
       {},
       "",
       "host;x-amz-date",
       "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
       creq("GET", "/", "Param1=value1", base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab"},
      {"get-vanilla-query",
       "GET",
       "/",
       {},
       "",
       "host;x-amz-date",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
       "",
       ""},
      {"get-vanilla-query-order-key",
       "GET",
       "/?Param1=value2&Param1=Value1",
       {},
       "",
       "host;x-amz-date",
       "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1",
       creq("GET", "/", "Param1=Value1&Param1=value2", base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89"},
      {"get-vanilla-query-order-key-case",
       "GET",
       "/?Param2=value2&Param1=value1",
       {},
       "",
       "host;x-amz-date",
       "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
       creq("GET", "/", "Param1=value1&Param2=value2", base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0"},
      {"get-vanilla-query-order-value",
       "GET",
       "/?Param1=value2&Param1=value1",
       {},
       "",
       "host;x-amz-date",
       "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694",
       creq("GET", "/", "Param1=value1&Param1=value2", base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606"},
      {"get-vanilla-query-unreserved",
       "GET",
       "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
       "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
       {},
       "",
       "host;x-amz-date",
       "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
       creq("GET", "/",
            "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
            "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177"},
      {"get-vanilla-utf8-query",
       "GET",
       "/?\xE1\x88\xB4=bar",
       {},
       "",
       "host;x-amz-date",
       "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04",
       creq("GET", "/", "%E1%88%B4=bar", base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073"},
      {"post-header-key-case",
       "POST",
       "/",
       {},
       "",
       "host;x-amz-date",
       "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
       creq("POST", "/", "", base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"},
      {"post-header-key-sort",
       "POST",
       "/",
       {{"My-Header1", "value1"}},
       "",
       "host;my-header1;x-amz-date",
       "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c",
       creq("POST", "/", "",
            "host:example.amazonaws.com\nmy-header1:value1\nx-amz-date:20150830T123600Z\n",
            "host;my-header1;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65"},
      {"post-header-value-case",
       "POST",
       "/",
       {{"My-Header1", "VALUE1"}},
       "",
       "host;my-header1;x-amz-date",
       "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d",
       creq("POST", "/", "",
            "host:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n",
            "host;my-header1;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93"},
      {"post-vanilla",
       "POST",
       "/",
       {},
       "",
       "host;x-amz-date",
       "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
       "",
       ""},
      {"post-vanilla-empty-query-value",
       "POST",
       "/?Param1=value1",
       {},
       "",
       "host;x-amz-date",
       "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
       creq("POST", "/", "Param1=value1", base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd"},
      {"post-vanilla-query",
       "POST",
       "/?Param1=value1",
       {},
       "",
       "host;x-amz-date",
       "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
       "",
       ""},
      {"post-x-www-form-urlencoded",
       "POST",
       "/",
       {{"Content-Type", "application/x-www-form-urlencoded"}, {"Content-Length", "13"}},
       "Param1=value1",
       "content-type;host;x-amz-date",
       "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
       "",
       ""},
      {"post-x-www-form-urlencoded-parameters",
       "POST",
       "/",
       {{"Content-Type", "application/x-www-form-urlencoded; charset=utf8"},
        {"Content-Length", "13"}},
       "Param1=value1",
       "content-type;host;x-amz-date",
       "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe",
       "",
       ""},
      // normalize-path
      {"get-relative",
       "GET",
       "/example/..",
       {},
       "",
       "host;x-amz-date",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
       creq("GET", "/", "", base, "host;x-amz-date"),
       ""},
      {"get-relative-relative",
       "GET",
       "/example1/example2/../..",
       {},
       "",
       "host;x-amz-date",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
       creq("GET", "/", "", base, "host;x-amz-date"),
       ""},
      {"get-slash",
       "GET",
       "//",
       {},
       "",
       "host;x-amz-date",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
       creq("GET", "/", "", base, "host;x-amz-date"),
       ""},
      {"get-slash-dot-slash",
       "GET",
       "/./",
       {},
       "",
       "host;x-amz-date",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
       creq("GET", "/", "", base, "host;x-amz-date"),
       ""},
      {"get-slash-pointless-dot",
       "GET",
       "/./example",
       {},
       "",
       "host;x-amz-date",
       "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5",
       creq("GET", "/example", "", base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702"},
      {"get-slashes",
       "GET",
       "//example//",
       {},
       "",
       "host;x-amz-date",
       "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84",
       creq("GET", "/example/", "", base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015"},
      {"get-space",
       "GET",
       "/example space/",
       {},
       "",
       "host;x-amz-date",
       "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
       creq("GET", "/example%20space/", "", base, "host;x-amz-date"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86"},
      // post-sts-token
      {"post-sts-header-after",
       "POST",
       "/",
       {{"X-Amz-Security-Token", std::string(kSecurityToken)}},
       "",
       "host;x-amz-date",
       "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
       creq("POST", "/", "", base, "host;x-amz-date"),
       ""},
      {"post-sts-header-before",
       "POST",
       "/",
       {{"X-Amz-Security-Token", std::string(kSecurityToken)}},
       "",
       "host;x-amz-date;x-amz-security-token",
       "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
       creq("POST", "/", "", base + "x-amz-security-token:" + std::string(kSecurityToken) + "\n",
            "host;x-amz-date;x-amz-security-token"),
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6"},
  };
  return vectors;
}

class SigV4Suite : public ::testing::TestWithParam<SuiteVector> {};

TEST_P(SigV4Suite, CanonicalRequestStringToSignAndSignatureMatchTheSuite) {
  const SuiteVector& vector = GetParam();
  OwnedRequest owned = requestFor(vector);
  http::HttpRequest request = owned.view();
  Result<SigV4Authorization> authorization = parseAuthorization(authorizationFor(vector));
  ASSERT_TRUE(authorization.ok()) << authorization.error().message;

  Result<std::string> query = canonicalQueryString(request.query);
  ASSERT_TRUE(query.ok());
  Result<std::string> headers = canonicalHeaders(request, authorization->signed_headers);
  ASSERT_TRUE(headers.ok()) << headers.error().message;
  std::string uri = canonicalUri(request.path, false);
  std::string signed_headers = authorization->signedHeadersText();
  std::string payload = sha256Hex(request.body);
  std::string canonical =
      canonicalRequest({request.method, uri, *query, *headers, signed_headers, payload});
  if (!vector.canonical_request.empty()) {
    EXPECT_EQ(canonical, vector.canonical_request);
  }
  std::string to_sign = stringToSign("20150830T123600Z", scopeLine(), canonical);
  if (!vector.string_to_sign.empty()) {
    EXPECT_EQ(to_sign, vector.string_to_sign);
  }
  EXPECT_EQ(computeSignature(signingKey(kSuiteSecret, "20150830", "us-east-1", "service"), to_sign),
            vector.signature);
}

TEST_P(SigV4Suite, VerifyAcceptsTheSignedRequest) {
  const SuiteVector& vector = GetParam();
  OwnedRequest owned = requestFor(vector);
  owned.addHeader("Authorization", authorizationFor(vector));
  SecretKeyLookup lookup = [](std::string_view key) -> std::optional<std::string> {
    if (key == "AKIDEXAMPLE") {
      return std::string(kSuiteSecret);
    }
    return std::nullopt;
  };
  SigV4Verification verification = verifySignature(owned.view(), lookup, kSuiteTime);
  ASSERT_TRUE(verification.ok()) << verification.error->message;
  EXPECT_TRUE(verification.verified);
}

TEST_P(SigV4Suite, SignRequestReproducesTheAuthorizationHeader) {
  const SuiteVector& vector = GetParam();
  OwnedRequest owned = requestFor(vector);
  Result<SigV4Authorization> authorization = parseAuthorization(authorizationFor(vector));
  ASSERT_TRUE(authorization.ok());
  SigningCredentials credentials{"AKIDEXAMPLE", std::string(kSuiteSecret), "us-east-1", "service"};
  Result<std::string> header =
      signRequest(owned.view(), credentials, authorization->signed_headers);
  ASSERT_TRUE(header.ok()) << header.error().message;
  EXPECT_EQ(*header, authorizationFor(vector));
}

INSTANTIATE_TEST_SUITE_P(AwsTestSuite, SigV4Suite, ::testing::ValuesIn(suite()),
                         [](const ::testing::TestParamInfo<SuiteVector>& vector_info) {
                           std::string name = vector_info.param.name;
                           for (char& c : name) {
                             if (c == '-') {
                               c = '_';
                             }
                           }
                           return name;
                         });

TEST(SigV4SigningKey, MatchesTheDerivedKeyAwsDocuments) {
  // AWS's documented example: secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830,
  // us-east-1, iam.
  EXPECT_EQ(hexEncode(signingKey(kSuiteSecret, "20150830", "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

}  // namespace
}  // namespace switchyard::aws
