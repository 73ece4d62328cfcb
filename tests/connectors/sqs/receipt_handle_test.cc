#include "connectors/sqs/engine/receipt_handle.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "connectors/sqs/engine/message_id.h"

namespace switchyard::sqs {
namespace {

TEST(ReceiptHandles, RoundTrip) {
  for (ReceiptHandle handle : {ReceiptHandle{1, 1, 1}, ReceiptHandle{~0ULL, ~0ULL, ~0U},
                               ReceiptHandle{0x0123456789abcdefULL, 1'806'336'000'000'123ULL, 7}}) {
    const std::string text = encodeReceiptHandle(handle);
    EXPECT_EQ(text.size(), 32u);
    EXPECT_EQ(
        text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << text;
    EXPECT_EQ(decodeReceiptHandle(text), handle);
  }
}

TEST(ReceiptHandles, DifferentReceivesGetDifferentHandles) {
  EXPECT_NE(encodeReceiptHandle({5, 9, 1}), encodeReceiptHandle({5, 9, 2}));
  EXPECT_NE(encodeReceiptHandle({5, 9, 1}), encodeReceiptHandle({5, 10, 1}));
  EXPECT_NE(encodeReceiptHandle({5, 9, 1}), encodeReceiptHandle({6, 9, 1}));
}

TEST(ReceiptHandles, GarbageIsRejected) {
  const std::string good = encodeReceiptHandle({42, 4242, 3});
  EXPECT_FALSE(decodeReceiptHandle(""));
  EXPECT_FALSE(decodeReceiptHandle("garbage"));
  EXPECT_FALSE(decodeReceiptHandle(good + "A"));
  EXPECT_FALSE(decodeReceiptHandle(good.substr(1)));
  EXPECT_FALSE(decodeReceiptHandle(std::string(32, 'A')));
  std::string bad_symbol = good;
  bad_symbol[5] = '+';
  EXPECT_FALSE(decodeReceiptHandle(bad_symbol));
  // Any single changed character fails the checksum (or the version byte).
  int accepted = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    std::string changed = good;
    changed[i] = changed[i] == 'x' ? 'y' : 'x';
    accepted += decodeReceiptHandle(changed).has_value() ? 1 : 0;
  }
  EXPECT_EQ(accepted, 0);
}

TEST(MessageIds, AreVersion4UuidsThatParseBack) {
  Random random(7);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const MessageId id = MessageId::generate(random);
    const std::string text = id.toString();
    ASSERT_EQ(text.size(), 36u);
    EXPECT_EQ(text[8], '-');
    EXPECT_EQ(text[13], '-');
    EXPECT_EQ(text[14], '4');
    EXPECT_NE(std::string("89ab").find(text[19]), std::string::npos);
    MessageId parsed;
    ASSERT_TRUE(MessageId::parse(text, &parsed));
    EXPECT_EQ(parsed, id);
    seen.insert(text);
  }
  EXPECT_EQ(seen.size(), 1000u);
  MessageId parsed;
  EXPECT_TRUE(MessageId::parse("DA68F62C-0C07-4BEE-BF5F-7E856E1A2B3C", &parsed));
  EXPECT_EQ(parsed.toString(), "da68f62c-0c07-4bee-bf5f-7e856e1a2b3c");
  EXPECT_FALSE(MessageId::parse("da68f62c-0c07-4bee-bf5f-7e856e1a2b3", &parsed));
  EXPECT_FALSE(MessageId::parse("da68f62c00c07-4bee-bf5f-7e856e1a2b3c", &parsed));
  EXPECT_FALSE(MessageId::parse("da68f62g-0c07-4bee-bf5f-7e856e1a2b3c", &parsed));
}

}  // namespace
}  // namespace switchyard::sqs
