#include "gateway/core/event_id.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace switchyard {
namespace {

void expectCanonicalUuidV7(const std::string& text) {
  ASSERT_EQ(text.size(), EventId::kTextLength) << text;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      EXPECT_EQ(text[i], '-') << text;
    } else {
      EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(text[i])) ||
                  (text[i] >= 'a' && text[i] <= 'f'))
          << text << ": position " << i;
    }
  }
  EXPECT_EQ(text[14], '7') << text << ": version";
  EXPECT_NE(std::string("89ab").find(text[19]), std::string::npos) << text << ": variant";
}

TEST(EventId, GeneratedIdIsACanonicalUuidVersion7) {
  for (int i = 0; i < 1000; ++i) {
    const EventId id = EventId::generate(1'764'060'909'123 + i);
    EXPECT_EQ(id.bytes()[6] >> 4, 7);
    EXPECT_EQ(id.bytes()[8] >> 6, 0b10);
    expectCanonicalUuidV7(id.toString());
  }
}

TEST(EventId, EncodesTheUnixMillisecondsInTheFirst48Bits) {
  for (int64_t ms : {int64_t{0}, int64_t{1}, int64_t{1'764'060'909'123}, (int64_t{1} << 48) - 1}) {
    const EventId id = EventId::generate(ms);
    EXPECT_EQ(id.unixMillis(), ms);
  }
  const EventId id = EventId::generate(0x0123456789ab);
  EXPECT_TRUE(id.toString().starts_with("01234567-89ab-7"));
}

TEST(EventId, IdsFromLaterMillisecondsSortAfterEarlierOnes) {
  std::vector<std::string> texts;
  std::vector<EventId> ids;
  for (int64_t ms = 1'764'060'000'000; ms < 1'764'060'000'000 + 2000; ms += 7) {
    ids.push_back(EventId::generate(ms));
    texts.push_back(ids.back().toString());
  }
  EXPECT_TRUE(std::is_sorted(texts.begin(), texts.end()));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end(), [](const EventId& a, const EventId& b) {
    return a.bytes() < b.bytes();
  }));
  // Across a byte carry as well.
  EXPECT_LT(EventId::generate(0xff).toString(), EventId::generate(0x100).toString());
}

TEST(EventId, IdsInTheSameMillisecondAreDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 10'000; ++i) {
    seen.insert(EventId::generate(1'764'060'909'123).toString());
  }
  EXPECT_EQ(seen.size(), 10'000u);
}

TEST(EventId, FormatAndParseRoundTrip) {
  for (int i = 0; i < 100; ++i) {
    const EventId id = EventId::generate(1'700'000'000'000 + i);
    EventId parsed;
    ASSERT_TRUE(EventId::parse(id.toString(), &parsed));
    EXPECT_EQ(parsed, id);
    char buffer[EventId::kTextLength];
    id.format(buffer);
    EXPECT_EQ(std::string(buffer, EventId::kTextLength), id.toString());
  }
}

TEST(EventId, ParseAcceptsUppercaseAndFormatsLowercase) {
  EventId id;
  ASSERT_TRUE(EventId::parse("01936A1E-5B2C-7DEF-8123-456789ABCDEF", &id));
  EXPECT_EQ(id.toString(), "01936a1e-5b2c-7def-8123-456789abcdef");
}

TEST(EventId, ParseRejectsMalformedText) {
  const std::string valid = "01936a1e-5b2c-7def-8123-456789abcdef";
  EventId id;
  ASSERT_TRUE(EventId::parse(valid, &id));
  const EventId before = id;
  for (const std::string& bad : {
           std::string(),
           valid.substr(0, 35),
           valid + "0",
           std::string("01936a1e5b2c7def8123456789abcdef"),  // no dashes
           std::string("01936a1e-5b2c-7def-8123_456789abcdef"),
           std::string("01936a1e-5b2c7-def-8123-456789abcdef"),  // dash misplaced
           std::string("01936a1g-5b2c-7def-8123-456789abcdef"),
           std::string("{1936a1e-5b2c-7def-8123-456789abcde}"),
           std::string("01936a1e-5b2c-7def-8123-456789abcde "),
       }) {
    EXPECT_FALSE(EventId::parse(bad, &id)) << bad;
    EXPECT_EQ(id, before) << "left alone on failure: " << bad;
  }
}

}  // namespace
}  // namespace switchyard
