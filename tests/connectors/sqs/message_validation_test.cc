#include "connectors/sqs/engine/message_validation.h"

#include <gtest/gtest.h>

#include <string>

#include "connectors/sqs/engine/message_attributes.h"
#include "connectors/sqs/engine/message_digest.h"
#include "sqs_test_util.h"

namespace switchyard::sqs {
namespace {

using testing::codeOf;
using testing::textOf;

TEST(MessageText, AcceptsEveryAllowedRange) {
  for (std::string text : std::vector<std::string>{
           std::string("plain ascii ~"), std::string("\t\n\r"), std::string("\x20\x7f"),
           std::string("\xc2\x80"),          // U+0080
           std::string("\xed\x9f\xbf"),      // U+D7FF
           std::string("\xee\x80\x80"),      // U+E000
           std::string("\xef\xbf\xbd"),      // U+FFFD
           std::string("\xf0\x90\x80\x80"),  // U+10000
           std::string("\xf4\x8f\xbf\xbf"),  // U+10FFFF
           std::string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80")}) {
    EXPECT_TRUE(isAllowedMessageText(text)) << text;
    EXPECT_TRUE(validateMessageBody(text).ok()) << text;
  }
}

TEST(MessageText, RejectsControlCharactersOutsideTabAndLineBreaks) {
  for (char c : {'\x00', '\x01', '\x08', '\x0b', '\x0c', '\x1f'}) {
    std::string text = "a";
    text.push_back(c);
    EXPECT_FALSE(isAllowedMessageText(text)) << static_cast<int>(c);
    Status status = validateMessageBody(text);
    EXPECT_EQ(codeOf(status), "InvalidMessageContents");
    EXPECT_NE(textOf(status).find("#x9 | #xA | #xD"), std::string::npos);
  }
}

TEST(MessageText, RejectsSurrogatesAndNoncharacters) {
  EXPECT_FALSE(isAllowedMessageText("\xed\xa0\x80"));  // U+D800
  EXPECT_FALSE(isAllowedMessageText("\xed\xbf\xbf"));  // U+DFFF
  EXPECT_FALSE(isAllowedMessageText("\xef\xbf\xbe"));  // U+FFFE
  EXPECT_FALSE(isAllowedMessageText("\xef\xbf\xbf"));  // U+FFFF
}

TEST(MessageText, RejectsMalformedUtf8) {
  for (std::string text : std::vector<std::string>{
           std::string("\xc0\x80"), std::string("\xc1\xbf"), std::string("\xe0\x80\x80"),
           std::string("\xf0\x80\x80\x80"),
           std::string("\xf4\x90\x80\x80"),  // beyond U+10FFFF
           std::string("\xf5\x80\x80\x80"), std::string("\x80"), std::string("a\xc3"),
           std::string("\xe2\x82"), std::string("\xf0\x9f\x98"), std::string("\xc3\x28")}) {
    EXPECT_FALSE(isAllowedMessageText(text));
  }
}

TEST(MessageText, EmptyBodyIsAMissingParameter) {
  Status status = validateMessageBody("");
  EXPECT_EQ(codeOf(status), "MissingParameter");
  EXPECT_EQ(textOf(status), "The request must contain the parameter MessageBody.");
}

TEST(FifoIds, AllowAlphanumericAndPunctuationUpTo128) {
  EXPECT_TRUE(validateFifoId("MessageGroupId", "a").ok());
  EXPECT_TRUE(validateFifoId("MessageGroupId", "Az09!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~").ok());
  EXPECT_TRUE(validateFifoId("MessageGroupId", std::string(128, 'g')).ok());
}

TEST(FifoIds, RejectEmptyTooLongSpacesAndNonAscii) {
  for (std::string id :
       std::vector<std::string>{std::string(), std::string(129, 'g'), std::string("a b"),
                                std::string("caf\xc3\xa9"), std::string("tab\t")}) {
    Status status = validateFifoId("MessageDeduplicationId", id);
    EXPECT_EQ(codeOf(status), "InvalidParameterValue") << id;
    EXPECT_NE(textOf(status).find("parameter MessageDeduplicationId"), std::string::npos);
  }
}

TEST(QueueNames, StandardNames) {
  EXPECT_TRUE(validateQueueName("orders", false).ok());
  EXPECT_TRUE(validateQueueName("Orders_2-x", false).ok());
  EXPECT_TRUE(validateQueueName(std::string(80, 'q'), false).ok());
  for (std::string name : std::vector<std::string>{
           std::string(), std::string(81, 'q'), std::string("a.b"), std::string("a b"),
           std::string("a/b"), std::string("orders.fifo")}) {
    Status status = validateQueueName(name, false);
    EXPECT_EQ(codeOf(status), "InvalidParameterValue") << name;
    EXPECT_EQ(textOf(status),
              "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in "
              "length");
  }
}

TEST(QueueNames, FifoNamesEndInFifoCountedInTheLength) {
  EXPECT_TRUE(validateQueueName("orders.fifo", true).ok());
  EXPECT_TRUE(validateQueueName(std::string(75, 'q') + ".fifo", true).ok());
  for (std::string name :
       std::vector<std::string>{std::string("orders"), std::string(".fifo"),
                                std::string(76, 'q') + ".fifo", std::string("a.b.fifo")}) {
    Status status = validateQueueName(name, true);
    EXPECT_EQ(codeOf(status), "InvalidParameterValue") << name;
    EXPECT_NE(textOf(status).find("must end with .fifo suffix"), std::string::npos);
  }
}

MessageAttributeMap oneAttribute(std::string name, std::string type, std::string value) {
  MessageAttributeMap attributes;
  MessageAttributeValue& attribute = attributes[std::move(name)];
  attribute.data_type = type;
  if (type.starts_with("Binary")) {
    attribute.binary_value = std::move(value);
  } else {
    attribute.string_value = std::move(value);
  }
  return attributes;
}

TEST(MessageAttributes, AcceptsStringNumberBinaryAndCustomTypes) {
  MessageAttributeMap attributes;
  attributes["s"] = {"String", "text", ""};
  attributes["n"] = {"Number", "-12.5e3", ""};
  attributes["b"] = {"Binary", "", std::string("\x00\xff", 2)};
  attributes["custom"] = {"String.json", "{}", ""};
  attributes["n.custom"] = {"Number.float", "3.14", ""};
  attributes["Dots.And-Dashes_1"] = {"Binary.png", "", "x"};
  EXPECT_TRUE(validateMessageAttributes(attributes).ok());
}

TEST(MessageAttributes, AtMostTen) {
  MessageAttributeMap attributes;
  for (int i = 0; i < 10; ++i) {
    attributes["a" + std::to_string(i)] = {"String", "v", ""};
  }
  EXPECT_TRUE(validateMessageAttributes(attributes).ok());
  attributes["a10"] = {"String", "v", ""};
  Status status = validateMessageAttributes(attributes);
  EXPECT_EQ(codeOf(status), "InvalidParameterValue");
  EXPECT_EQ(textOf(status), "Number of message attributes [11] exceeds the allowed maximum [10].");
}

TEST(MessageAttributes, RejectsBadNames) {
  for (std::string name : std::vector<std::string>{
           std::string(), std::string("AWS.x"), std::string("aws.x"), std::string("Amazon.x"),
           std::string("AMAZON.x"), std::string(".x"), std::string("x."), std::string("a..b"),
           std::string("a b"), std::string("a/b"), std::string(257, 'n')}) {
    Status status = validateMessageAttributes(oneAttribute(name, "String", "v"));
    EXPECT_EQ(codeOf(status), "InvalidParameterValue") << name;
  }
  EXPECT_TRUE(validateMessageAttributes(oneAttribute(std::string(256, 'n'), "String", "v")).ok());
  EXPECT_TRUE(validateMessageAttributes(oneAttribute("AWSx", "String", "v")).ok());
}

TEST(MessageAttributes, RejectsUnknownDataTypes) {
  for (std::string type : std::vector<std::string>{"", "string", "Strin", "String.", "Int",
                                                   "Binaryx", "String." + std::string(250, 't')}) {
    Status status = validateMessageAttributes(oneAttribute("a", type, "v"));
    EXPECT_EQ(codeOf(status), "InvalidParameterValue") << type;
    EXPECT_NE(textOf(status).find("supported type prefixes: Binary, Number, String"),
              std::string::npos);
  }
}

TEST(MessageAttributes, RejectsEmptyValues) {
  for (std::string type : std::vector<std::string>{"String", "Number", "Binary"}) {
    Status status = validateMessageAttributes(oneAttribute("a", type, ""));
    EXPECT_EQ(codeOf(status), "InvalidParameterValue");
    EXPECT_EQ(textOf(status),
              "Message (user) attribute 'a' must contain a non-empty value of "
              "type '" +
                  type + "'.");
  }
}

TEST(MessageAttributes, NumbersAreNumericWithAtMost38Digits) {
  for (std::string number :
       std::vector<std::string>{"0", "-1", "+7", "1.5", ".5", "5.", "1e10", "1E-128", "-0.000",
                                std::string(38, '9'), "000" + std::string(38, '9')}) {
    EXPECT_TRUE(validateMessageAttributes(oneAttribute("n", "Number", number)).ok()) << number;
  }
  for (std::string number : std::vector<std::string>{"abc", "1x", "--1", "1..2", "e5", "1e", "1e+",
                                                     " 1", std::string(39, '9'), "NaN"}) {
    Status status = validateMessageAttributes(oneAttribute("n", "Number", number));
    EXPECT_EQ(codeOf(status), "InvalidParameterValue") << number;
  }
}

TEST(MessageAttributes, StringValuesFollowTheBodyCharacterRules) {
  EXPECT_FALSE(validateMessageAttributes(oneAttribute("a", "String", "bad\x01")).ok());
  EXPECT_FALSE(validateMessageAttributes(oneAttribute("a", "String", "\xff")).ok());
  // Binary values are bytes: anything goes.
  EXPECT_TRUE(validateMessageAttributes(oneAttribute("a", "Binary", "\x01\xff")).ok());
}

TEST(MessageAttributes, SizeCountsNameTypeAndValue) {
  MessageAttributeMap attributes;
  attributes["k"] = {"String", "v", ""};        // 1 + 6 + 1
  attributes["bin"] = {"Binary", "", "12345"};  // 3 + 6 + 5
  EXPECT_EQ(messageAttributesSize(attributes), 8u + 14u);
  EXPECT_EQ(messageAttributesSize({}), 0u);
}

TEST(MessageAttributes, DigestMatchesWhatSqsSends) {
  // From a real SQS → Lambda event: md5OfMessageAttributes of this one attribute.
  EXPECT_EQ(
      hexEncode(md5OfMessageAttributes(oneAttribute("sample-attribute", "String", "sample-value"))),
      "7c815262be77a62f56671125069ca888");
}

TEST(MessageAttributes, DigestEncodesBinaryTransportAndNameOrder) {
  const Md5Digest as_string = md5OfMessageAttributes(oneAttribute("a", "String", "v"));
  const Md5Digest as_binary = md5OfMessageAttributes(oneAttribute("a", "Binary", "v"));
  EXPECT_NE(as_string, as_binary);
  MessageAttributeMap two = oneAttribute("b", "String", "2");
  two["a"] = {"Number", "1", ""};
  MessageAttributeMap same = oneAttribute("a", "Number", "1");
  same["b"] = {"String", "2", ""};
  EXPECT_EQ(md5OfMessageAttributes(two), md5OfMessageAttributes(same));
}

TEST(Digests, KnownVectors) {
  // The SQS MD5OfMessageBody the AWS SDK accepted for this body (shared/wire captures).
  EXPECT_EQ(hexEncode(md5("hello sqs")), "3b7bef57d06c0021d0aafe8f6d587241");
  EXPECT_EQ(hexEncode(md5("Sample content.")), "b58e1d0a86521415d25b85b89f6ad6cd");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace switchyard::sqs
