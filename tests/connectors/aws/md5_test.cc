#include "connectors/aws/md5.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connectors/aws/message_attributes.h"
#include "connectors/aws/query_params.h"
#include "tests/connectors/aws/owned_request.h"
#include "tests/connectors/aws/sdk_captures.h"

namespace switchyard::aws {
namespace {

MessageAttribute number(std::string name, std::string value) {
  return MessageAttribute{std::move(name), "Number", std::move(value), ""};
}

TEST(Md5, OfMessageBody) {
  // The digest the SDK accepted for "hello sqs" in the wire capture.
  EXPECT_EQ(md5Hex("hello sqs"), "3b7bef57d06c0021d0aafe8f6d587241");
  EXPECT_EQ(md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5Hex("derp"), "58fd9edd83341c29f1aebba81c31e257");
  EXPECT_EQ(md5Hex("This is a test message"), "fafb00f5732ab283681e124bf8747ed1");
}

// Digests that AWS returned for these attributes, pinned in moto's SQS tests and LocalStack's.
TEST(Md5, OfMessageAttributesMatchesAws) {
  std::vector<MessageAttribute> one{number("timestamp", "1493147359900")};
  EXPECT_EQ(md5OfMessageAttributes(one), "235c5c510d26fb653d073faed50ae77c");
  std::vector<MessageAttribute> two{number("timestamp", "1493147359901")};
  EXPECT_EQ(md5OfMessageAttributes(two), "994258b45346a2cc3f9cbb611aa7af30");
  std::vector<MessageAttribute> dotted{number("SOME_Valid.attribute-Name", "1493147359900")};
  EXPECT_EQ(md5OfMessageAttributes(dotted), "36655e7e9d7c0e8479fa3f3f42247ae7");
}

// moto's test_message_with_complex_attributes: mixed types, a binary value, a non-ASCII name
// that sorts last by bytes; the order given does not matter.
TEST(Md5, OfMixedAttributesSortsByNameBytes) {
  std::vector<MessageAttribute> attributes{
      {"ccc", "String", "testjunk", ""},
      {"aaa", "Binary", "", std::string("\x02\x03\x04")},
      {"zzz", "Number", "0230.01", ""},
      {"\xC3\xB6ther_encodings", "String", "T\xC3\xBCst", ""},
  };
  EXPECT_EQ(md5OfMessageAttributes(attributes), "8ae21a7957029ef04146b42aeaa18a22");
  std::reverse(attributes.begin(), attributes.end());
  EXPECT_EQ(md5OfMessageAttributes(attributes), "8ae21a7957029ef04146b42aeaa18a22");
}

TEST(Md5, OfNoAttributesIsEmpty) { EXPECT_EQ(md5OfMessageAttributes({}), ""); }

TEST(Md5, BinaryAttributesUseTransportTypeTwo) {
  // name(4+3) type(4+6) transport(1) value(4+2), built by hand.
  std::string expected(
      "\x00\x00\x00\x03"
      "bin"
      "\x00\x00\x00\x06"
      "Binary"
      "\x02"
      "\x00\x00\x00\x02"
      "hi",
      24);
  std::vector<MessageAttribute> attributes{{"bin", "Binary", "", "hi"}};
  EXPECT_EQ(md5OfMessageAttributes(attributes), md5Hex(expected));
  std::vector<MessageAttribute> custom{{"bin", "Binary.png", "", "hi"}};
  EXPECT_TRUE(custom[0].isBinary());
  std::vector<MessageAttribute> stringly{{"bin", "String", "hi", ""}};
  EXPECT_NE(md5OfMessageAttributes(stringly), md5OfMessageAttributes(attributes));
}

TEST(MessageAttributes, FromTheCapturedSqsJsonBody) {
  // {"QueueUrl":...,"MessageBody":"hello sqs","MessageAttributes":{"k":{...}}}
  std::string body = testing::OwnedRequest::fromCapture(testing::kSqsSendMessage).body();
  size_t start = body.find("\"MessageAttributes\":") + 20;
  std::string object = body.substr(start, body.size() - start - 1);
  Result<std::vector<MessageAttribute>> attributes = messageAttributesFromJson(object);
  ASSERT_TRUE(attributes.ok()) << attributes.error().message;
  ASSERT_EQ(attributes->size(), 1u);
  EXPECT_EQ((*attributes)[0].name, "k");
  EXPECT_EQ((*attributes)[0].data_type, "String");
  EXPECT_EQ((*attributes)[0].string_value, "v");
  EXPECT_EQ(md5OfMessageAttributes(*attributes), "0a77b0642718c3d9dd47090567d11e0d");
}

TEST(MessageAttributes, FromTheCapturedSnsQueryBodyDigestTheSame) {
  std::string body = testing::OwnedRequest::fromCapture(testing::kSnsPublish).body();
  Result<QueryParams> params = QueryParams::parse(body);
  ASSERT_TRUE(params.ok());
  Result<std::vector<MessageAttribute>> attributes =
      messageAttributesFromQuery(*params, "MessageAttributes.entry");
  ASSERT_TRUE(attributes.ok()) << attributes.error().message;
  ASSERT_EQ(attributes->size(), 1u);
  EXPECT_EQ(md5OfMessageAttributes(*attributes), "0a77b0642718c3d9dd47090567d11e0d");
}

TEST(MessageAttributes, BinaryValuesAreBase64Decoded) {
  Result<std::vector<MessageAttribute>> json = messageAttributesFromJson(
      R"({"aaa":{"DataType":"Binary","BinaryValue":"AgME"},"n":{"DataType":"Number.int","StringValue":"7"}})");
  ASSERT_TRUE(json.ok()) << json.error().message;
  ASSERT_EQ(json->size(), 2u);
  EXPECT_EQ((*json)[0].binary_value, std::string("\x02\x03\x04"));
  EXPECT_TRUE((*json)[0].isBinary());
  EXPECT_EQ((*json)[1].data_type, "Number.int");

  Result<QueryParams> params = QueryParams::parse(
      "MessageAttribute.1.Name=aaa&MessageAttribute.1.Value.DataType=Binary&"
      "MessageAttribute.1.Value.BinaryValue=AgME");
  ASSERT_TRUE(params.ok());
  Result<std::vector<MessageAttribute>> query =
      messageAttributesFromQuery(*params, "MessageAttribute");
  ASSERT_TRUE(query.ok()) << query.error().message;
  EXPECT_EQ((*query)[0].binary_value, std::string("\x02\x03\x04"));
}

std::string jsonError(std::string_view json) {
  Result<std::vector<MessageAttribute>> attributes = messageAttributesFromJson(json);
  return attributes.ok() ? std::string("<parsed>") : attributes.error().message;
}

TEST(MessageAttributes, JsonErrorsSayWhatIsWrong) {
  EXPECT_EQ(jsonError(R"({})"), "<parsed>");
  EXPECT_EQ(jsonError(R"([1])"), "MessageAttributes must be a JSON object.");
  EXPECT_EQ(jsonError(R"({"k":{"DataType":"String","StringValue":)"),
            "MessageAttributes must be a JSON object.");
  EXPECT_EQ(jsonError(R"({"k":"v"})"),
            "Message attribute 'k' must be an object with DataType and a value.");
  EXPECT_EQ(jsonError(R"({"k":{"StringValue":"v"}})"),
            "Message attribute 'k' must contain a non-empty DataType.");
  EXPECT_EQ(jsonError(R"({"k":{"DataType":"String"}})"),
            "Message attribute 'k' with type 'String' must contain a StringValue.");
  EXPECT_EQ(jsonError(R"({"k":{"DataType":"Binary","StringValue":"v"}})"),
            "Message attribute 'k' with type 'Binary' must contain a BinaryValue.");
  EXPECT_EQ(jsonError(R"({"k":{"DataType":"Binary","BinaryValue":"@@@"}})"),
            "Message attribute 'k' has a BinaryValue that is not valid base64.");
  EXPECT_EQ(jsonError(R"({"k":{"DataType":"Strings","StringValue":"v"}})"),
            "Message attribute 'k' has an invalid type 'Strings': it must start with String, "
            "Number or Binary.");
  EXPECT_EQ(jsonError(R"({"k":{"DataType":7,"StringValue":"v"}})"),
            "Message attribute 'k' has a non-string DataType.");
}

TEST(MessageAttributes, QueryErrorsSayWhatIsWrong) {
  Result<QueryParams> params = QueryParams::parse(
      "MessageAttribute.3.Value.DataType=String&MessageAttribute.3.Value."
      "StringValue=v");
  ASSERT_TRUE(params.ok());
  Result<std::vector<MessageAttribute>> attributes =
      messageAttributesFromQuery(*params, "MessageAttribute");
  ASSERT_FALSE(attributes.ok());
  EXPECT_EQ(attributes.error().message, "MessageAttribute.3.Name is required.");
}

}  // namespace
}  // namespace switchyard::aws
