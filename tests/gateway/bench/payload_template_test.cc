#include "gateway/bench/payload_template.h"

#include <gtest/gtest.h>

#include <string>

#include "dispatcher/router/json_check.h"
#include "gateway/core/random.h"

namespace switchyard::bench {
namespace {

std::string expand(const PayloadTemplate& compiled, uint64_t sequence, int64_t time = 0) {
  Random random(7);
  std::string out;
  compiled.expand(out, sequence, random, time);
  return out;
}

TEST(PayloadTemplate, ReplacesEveryPlaceholder) {
  Result<PayloadTemplate> compiled =
      PayloadTemplate::compile(R"({"n":{{seq}},"r":"{{rand}}","t":{{time}},"again":{{seq}}})");
  ASSERT_TRUE(compiled.ok()) << compiled.error().message;
  std::string body = expand(*compiled, 42, 1'700'000'000'123'456);
  EXPECT_TRUE(body.starts_with(R"({"n":42,"r":")")) << body;
  EXPECT_TRUE(body.ends_with(R"(","t":1700000000123456,"again":42})")) << body;
  std::string random = body.substr(13, 16);
  EXPECT_EQ(random.find_first_not_of("0123456789abcdef"), std::string::npos) << random;
  EXPECT_TRUE(compiled->usesTime());
}

TEST(PayloadTemplate, RandomValuesDifferAndTextWithoutPlaceholdersStaysAsIs) {
  Result<PayloadTemplate> compiled = PayloadTemplate::compile("{{rand}}");
  ASSERT_TRUE(compiled.ok());
  Random random(1);
  std::string first;
  std::string second;
  compiled->expand(first, 0, random, 0);
  compiled->expand(second, 0, random, 0);
  EXPECT_EQ(first.size(), 16u);
  EXPECT_NE(first, second);

  Result<PayloadTemplate> plain = PayloadTemplate::compile("no {{ placeholders } here {{");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(expand(*plain, 5), "no {{ placeholders } here {{");
  EXPECT_FALSE(plain->usesTime());
}

TEST(PayloadTemplate, UnknownPlaceholderIsAnErrorThatNamesIt) {
  Result<PayloadTemplate> compiled = PayloadTemplate::compile(R"({"x":"{{uuid}}"})");
  ASSERT_FALSE(compiled.ok());
  EXPECT_NE(compiled.error().message.find("{{uuid}}"), std::string::npos);
  EXPECT_NE(compiled.error().message.find("{{seq}}"), std::string::npos);
}

TEST(PayloadTemplate, ExpansionAppendsIntoTheBufferAndStaysWithinMaxSize) {
  Result<PayloadTemplate> compiled = PayloadTemplate::compile(PayloadTemplate::defaultBody());
  ASSERT_TRUE(compiled.ok());
  std::string buffer;
  buffer.reserve(compiled->maxSize());
  const char* before = buffer.data();
  Random random(3);
  compiled->expand(buffer, UINT64_MAX, random, INT64_MAX);
  EXPECT_LE(buffer.size(), compiled->maxSize());
  EXPECT_EQ(buffer.data(), before) << "reserved room was not enough: it reallocated";
}

TEST(PayloadTemplate, DefaultBodyIsAbout300BytesOfValidJson) {
  Result<PayloadTemplate> compiled = PayloadTemplate::compile(PayloadTemplate::defaultBody());
  ASSERT_TRUE(compiled.ok());
  std::string body = expand(*compiled, 123456, 1'700'000'000'000'000);
  EXPECT_GE(body.size(), 280u);
  EXPECT_LE(body.size(), 360u);
  std::string padded = body + std::string(64, ' ');  // checkJson reads ahead, as simdjson does
  EXPECT_TRUE(router::checkJson(std::string_view(padded.data(), body.size())).ok()) << body;
}

}  // namespace
}  // namespace switchyard::bench
