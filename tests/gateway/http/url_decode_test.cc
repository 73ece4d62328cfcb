#include "gateway/http/url_decode.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace switchyard::http {
namespace {

using namespace std::string_literals;

std::string decoded(std::string_view text) {
  std::string out = "stale";
  EXPECT_TRUE(percentDecode(text, &out)) << text;
  return out;
}

TEST(PercentDecode, LeavesTextWithoutEscapesAlone) {
  EXPECT_EQ(decoded(""), "");
  EXPECT_EQ(decoded("/events/orders-hook"), "/events/orders-hook");
}

TEST(PercentDecode, DecodesEscapesInEitherCase) {
  EXPECT_EQ(decoded("%41%62c"), "Abc");
  EXPECT_EQ(decoded("a%2fb%2Fc"), "a/b/c");
  EXPECT_EQ(decoded("%e2%82%AC"), "\xe2\x82\xac");
  EXPECT_EQ(decoded("100%25"), "100%");
  EXPECT_EQ(decoded("%2541"), "%41") << "decodes once, not recursively";
  EXPECT_EQ(decoded("x%ff"), "x\xff");
  EXPECT_EQ(decoded("%00"), "\0"s);
}

TEST(PercentDecode, KeepsPlusAsPlus) { EXPECT_EQ(decoded("a+b%2Bc"), "a+b+c"); }

TEST(PercentDecode, RejectsMalformedEscapes) {
  for (std::string_view bad :
       {"%", "abc%", "%4", "abc%4", "%4g", "%g4", "%%41", "%ZZ", "% 41", "%-1", "a%2"}) {
    std::string out;
    EXPECT_FALSE(percentDecode(bad, &out)) << bad;
  }
}

}  // namespace
}  // namespace switchyard::http
