#include "gateway/core/json_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/core/random.h"

namespace switchyard::json {
namespace {

using namespace std::string_literals;

// A strict RFC 8259 string-literal reader, independent of the writer: nullopt unless `literal` is
// exactly one valid JSON string (no raw control characters, only the defined escapes, valid
// UTF-8, surrogate escapes paired). Returns the decoded UTF-8.
std::optional<std::string> readJsonString(std::string_view literal) {
  if (literal.size() < 2 || literal.front() != '"' || literal.back() != '"') {
    return std::nullopt;
  }
  std::string_view body = literal.substr(1, literal.size() - 2);
  if (!isValidUtf8(body)) {
    return std::nullopt;
  }
  auto hex4 = [&](size_t at) -> std::optional<uint32_t> {
    if (at + 4 > body.size()) {
      return std::nullopt;
    }
    uint32_t value = 0;
    for (size_t k = at; k < at + 4; ++k) {
      char c = body[k];
      int digit = (c >= '0' && c <= '9')   ? c - '0'
                  : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                  : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                           : -1;
      if (digit < 0) {
        return std::nullopt;
      }
      value = value * 16 + static_cast<uint32_t>(digit);
    }
    return value;
  };
  auto appendUtf8 = [](std::string& out, uint32_t code) {
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    }
  };
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(body[i]);
    if (c < 0x20 || c == '"') {
      return std::nullopt;
    }
    if (c != '\\') {
      out.push_back(static_cast<char>(c));
      continue;
    }
    if (++i >= body.size()) {
      return std::nullopt;
    }
    switch (body[i]) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '/':
        out.push_back('/');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        std::optional<uint32_t> code = hex4(i + 1);
        if (!code) {
          return std::nullopt;
        }
        i += 4;
        if (*code >= 0xdc00 && *code <= 0xdfff) {
          return std::nullopt;  // a lone low surrogate
        }
        if (*code >= 0xd800 && *code <= 0xdbff) {
          if (i + 2 >= body.size() || body[i + 1] != '\\' || body[i + 2] != 'u') {
            return std::nullopt;
          }
          std::optional<uint32_t> low = hex4(i + 3);
          if (!low || *low < 0xdc00 || *low > 0xdfff) {
            return std::nullopt;
          }
          *code = 0x10000 + ((*code - 0xd800) << 10) + (*low - 0xdc00);
          i += 6;
        }
        appendUtf8(out, *code);
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

TEST(JsonString, QuotesPlainTextUnchanged) {
  EXPECT_EQ(quote(""), R"("")");
  EXPECT_EQ(quote("hello world"), R"("hello world")");
  EXPECT_EQ(quote("/path/with/slashes"), R"("/path/with/slashes")");
}

TEST(JsonString, EscapesQuoteBackslashAndTheShortFormControls) {
  EXPECT_EQ(quote(R"(say "hi")"), R"("say \"hi\"")");
  EXPECT_EQ(quote(R"(C:\dir)"), R"("C:\\dir")");
  EXPECT_EQ(quote("a\nb\rc\td\be\ff"), R"("a\nb\rc\td\be\ff")");
}

TEST(JsonString, EscapesEveryOtherControlCharacterAsUnicode) {
  EXPECT_EQ(quote("\0"s), R"("\u0000")");
  EXPECT_EQ(quote("\x01"), R"("\u0001")");
  EXPECT_EQ(quote("\x0b"), R"("\u000b")");
  EXPECT_EQ(quote("\x1b[0m"), R"("\u001b[0m")");
  EXPECT_EQ(quote("\x1f"), R"("\u001f")");
  EXPECT_EQ(quote("\x7f"), "\"\x7f\"") << "DEL needs no escape";
  for (int c = 0; c < 0x20; ++c) {
    const std::string text(1, static_cast<char>(c));
    const std::string literal = quote(text);
    const std::optional<std::string> decoded = readJsonString(literal);
    ASSERT_TRUE(decoded.has_value()) << "control " << c << ": " << literal;
    EXPECT_EQ(*decoded, text);
  }
}

TEST(JsonString, PassesValidMultibyteUtf8Through) {
  for (const std::string& text : {"caf\xc3\xa9"s, "\xe2\x82\xac 5"s, "\xf0\x9f\x98\x80"s,
                                  "\xef\xbf\xbf"s, "\xf4\x8f\xbf\xbf"s, "\xed\x9f\xbf"s}) {
    EXPECT_EQ(quote(text), "\"" + text + "\"");
  }
}

TEST(JsonString, ReplacesEachInvalidUtf8ByteWithTheReplacementCharacter) {
  const std::string kBad = R"(\ufffd)";
  EXPECT_EQ(quote("\x80"), "\"" + kBad + "\"") << "lone continuation byte";
  EXPECT_EQ(quote("\xff"), "\"" + kBad + "\"");
  EXPECT_EQ(quote("a\xc3"), "\"a" + kBad + "\"") << "truncated at the end";
  EXPECT_EQ(quote("\xe2\x82x"), "\"" + kBad + kBad + "x\"") << "truncated in the middle";
  EXPECT_EQ(quote("\xc0\x80"), "\"" + kBad + kBad + "\"") << "overlong NUL";
  EXPECT_EQ(quote("\xe0\x80\xaf"), "\"" + kBad + kBad + kBad + "\"") << "overlong slash";
  EXPECT_EQ(quote("\xed\xa0\x80"), "\"" + kBad + kBad + kBad + "\"") << "UTF-16 surrogate";
  EXPECT_EQ(quote("\xf4\x90\x80\x80"), "\"" + kBad + kBad + kBad + kBad + "\"") << "past U+10FFFF";
  EXPECT_EQ(quote("ok\xf8\x88\x80\x80\x80ok"), "\"ok" + kBad + kBad + kBad + kBad + kBad + "ok\"")
      << "five-byte form";
}

TEST(JsonString, AppendKeepsWhatWasThere) {
  std::string out = "{\"k\":";
  appendString(out, "v");
  out += "}";
  EXPECT_EQ(out, R"({"k":"v"})");
}

// Random bytes, biased towards the awkward ones: the output is always one valid JSON string, and
// decodes back to the input whenever the input was valid UTF-8.
TEST(JsonString, AnyBytesBecomeAValidJsonStringThatDecodesBack) {
  Random random(0x5eed);
  const char kAlphabet[] = {'"',    '\\',   '/',    '\n',   '\0',   '\x1f', 'a',    '\x7f',
                            '\x80', '\xbf', '\xc2', '\xe2', '\xed', '\xf0', '\xf4', '\xff'};
  int valid_inputs = 0;
  for (int round = 0; round < 20'000; ++round) {
    std::string text;
    const size_t length = random.below(12);
    for (size_t i = 0; i < length; ++i) {
      text.push_back(random.below(3) == 0 ? static_cast<char>(random.below(256))
                                          : kAlphabet[random.below(sizeof(kAlphabet))]);
    }
    const std::string literal = quote(text);
    const std::optional<std::string> decoded = readJsonString(literal);
    ASSERT_TRUE(decoded.has_value()) << "not a JSON string: " << literal;
    ASSERT_TRUE(isValidUtf8(*decoded));
    if (isValidUtf8(text)) {
      ++valid_inputs;
      ASSERT_EQ(*decoded, text);
    }
  }
  EXPECT_GT(valid_inputs, 1000);
}

TEST(Utf8Validation, AcceptsWellFormedAndRejectsMalformed) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("plain ascii\n"));
  EXPECT_TRUE(isValidUtf8("\0"s));
  EXPECT_TRUE(isValidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(isValidUtf8("\x80"));
  EXPECT_FALSE(isValidUtf8("\xc3"));
  EXPECT_FALSE(isValidUtf8("\xc0\xaf"));
  EXPECT_FALSE(isValidUtf8("\xed\xbf\xbf"));
  EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80"));
  EXPECT_FALSE(isValidUtf8("\xfe"));
}

TEST(Base64, EncodesTheRfc4648TestVectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    std::string out = "prefix:";
    appendBase64(out, plain);
    EXPECT_EQ(out, "prefix:" + encoded);
    std::string decoded = "stale";
    ASSERT_TRUE(decodeBase64(encoded, &decoded)) << encoded;
    EXPECT_EQ(decoded, plain);
  }
}

TEST(Base64, UsesTheStandardAlphabetIncludingPlusAndSlash) {
  std::string out;
  appendBase64(out, "\xfb\xff\xbf");
  EXPECT_EQ(out, "+/+/");
  std::string decoded;
  ASSERT_TRUE(decodeBase64("+/+/", &decoded));
  EXPECT_EQ(decoded, "\xfb\xff\xbf");
}

TEST(Base64, RoundTripsEveryByteValueAndEveryPaddingCase) {
  Random random(64);
  for (size_t length = 0; length < 200; ++length) {
    std::string bytes;
    for (size_t i = 0; i < length; ++i) {
      bytes.push_back(static_cast<char>(length < 10 ? 0xff - i : random.below(256)));
    }
    std::string encoded;
    appendBase64(encoded, bytes);
    ASSERT_EQ(encoded.size(), (length + 2) / 3 * 4);
    const size_t padding = (3 - length % 3) % 3;
    ASSERT_EQ(encoded.size() - encoded.find_last_not_of('=') - 1, padding) << encoded;
    std::string decoded;
    ASSERT_TRUE(decodeBase64(encoded, &decoded)) << encoded;
    ASSERT_EQ(decoded, bytes);
  }
  std::string all;
  for (int c = 0; c < 256; ++c) {
    all.push_back(static_cast<char>(c));
  }
  std::string encoded;
  appendBase64(encoded, all);
  std::string decoded;
  ASSERT_TRUE(decodeBase64(encoded, &decoded));
  EXPECT_EQ(decoded, all);
}

TEST(Base64, RejectsMalformedInput) {
  for (std::string_view bad : {
           "Zg=",        // not a multiple of 4
           "Zm9",        // missing padding
           "Zm9vY",      //
           "Zm9!",       // outside the alphabet
           "Zm9v Zg==",  // whitespace
           "Zm9-",       // URL-safe alphabet
           "Zm9_",       //
           "Z===",       // padding too early in the quantum
           "====",       //
           "Zg=a",       // data after padding
           "Zg==Zm9v",   // padding before the last quantum
           "Zm8=Zm8=",   //
       }) {
    std::string decoded;
    EXPECT_FALSE(decodeBase64(bad, &decoded)) << bad;
  }
}

TEST(Rfc3339, FormatsUtcWithMilliseconds) {
  std::string out;
  appendRfc3339(out, 0);
  EXPECT_EQ(out, "1970-01-01T00:00:00.000Z");
  out.clear();
  appendRfc3339(out, 1'764'060'909'123'999);
  EXPECT_EQ(out, "2025-11-25T08:55:09.123Z") << "milliseconds are truncated, not rounded";
  out.clear();
  appendRfc3339(out, 951'782'400'000'000);  // a leap day
  EXPECT_EQ(out, "2000-02-29T00:00:00.000Z");
}

}  // namespace
}  // namespace switchyard::json
