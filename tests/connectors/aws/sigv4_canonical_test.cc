#include "connectors/aws/sigv4_canonical.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "connectors/aws/digest.h"
#include "connectors/aws/sigv4.h"
#include "tests/connectors/aws/sdk_captures.h"

namespace switchyard::aws {
namespace {

using testing::kCaptureTime;

TEST(SigV4Canonical, EncodesAllButUnreservedCharacters) {
  EXPECT_EQ(sigv4Encode("a b+c/d~e*", false), "a%20b%2Bc%2Fd~e%2A");
  EXPECT_EQ(sigv4Encode("a b/c", true), "a%20b/c");
  EXPECT_EQ(sigv4Encode("\xE1\x88\xB4", false), "%E1%88%B4");
}

TEST(SigV4Canonical, UriIsEncodedTwiceExceptForS3) {
  EXPECT_EQ(canonicalUri("", false), "/");
  EXPECT_EQ(canonicalUri("/2015-03-31/functions/my%3Afn/invocations", false),
            "/2015-03-31/functions/my%253Afn/invocations");
  EXPECT_EQ(canonicalUri("/bucket/my%3akey%20x", true), "/bucket/my%3Akey%20x");
  EXPECT_EQ(canonicalUri("/bucket/a b*", true), "/bucket/a%20b%2A");
  EXPECT_EQ(canonicalUri("/bucket//a/./b", true), "/bucket//a/./b");
  EXPECT_EQ(canonicalUri("/bucket/100%", true), "/bucket/100%25");
}

TEST(SigV4Canonical, QueryStringIsSortedAndReencoded) {
  EXPECT_EQ(*canonicalQueryString(""), "");
  EXPECT_EQ(*canonicalQueryString("b=2&a=1&a=0"), "a=0&a=1&b=2");
  EXPECT_EQ(*canonicalQueryString("Qualifier=%24LATEST"), "Qualifier=%24LATEST");
  EXPECT_EQ(*canonicalQueryString("list-type=2&prefix"), "list-type=2&prefix=");
  EXPECT_EQ(*canonicalQueryString("a=x+y&b=%7e"), "a=x%2By&b=~");
  EXPECT_FALSE(canonicalQueryString("a=%zz").ok());
}

TEST(SigV4Dates, FormatsAndParsesAmzDates) {
  EXPECT_EQ(formatAmzDate(kCaptureTime), "20261125T075252Z");
  EXPECT_EQ(formatAmzDate(0), "19700101T000000Z");
  EXPECT_EQ(formatAmzDate(951782400), "20000229T000000Z");
  EXPECT_EQ(parseAmzDate("20261125T075252Z"), kCaptureTime);
  EXPECT_EQ(parseAmzDate("20000229T000000Z"), 951782400);
  for (int64_t t : {int64_t{0}, int64_t{1440938160}, int64_t{4102444799}}) {
    EXPECT_EQ(parseAmzDate(formatAmzDate(t)), t);
  }
  EXPECT_FALSE(parseAmzDate("2026-11-25T07:52:52Z").has_value());
  EXPECT_FALSE(parseAmzDate("20261325T075252Z").has_value());
  EXPECT_FALSE(parseAmzDate("20261125T245252Z").has_value());
  EXPECT_FALSE(parseAmzDate("20261125T075252").has_value());
  EXPECT_FALSE(parseAmzDate("").has_value());
}

TEST(Digest, MatchesKnownVectors) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  EXPECT_EQ(hexEncode(hmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_TRUE(constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(constantTimeEquals("", ""));
}

}  // namespace
}  // namespace switchyard::aws
