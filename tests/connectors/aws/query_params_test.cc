#include "connectors/aws/query_params.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/connectors/aws/owned_request.h"
#include "tests/connectors/aws/sdk_captures.h"

namespace switchyard::aws {
namespace {

QueryParams parsed(std::string_view form) {
  Result<QueryParams> params = QueryParams::parse(form);
  EXPECT_TRUE(params.ok()) << params.error().message;
  return params.ok() ? *params : QueryParams{};
}

TEST(QueryParams, DecodesPercentEscapesAndPlusAsSpace) {
  QueryParams params = parsed("Message=hello%20there+you&Key%2BName=a%2Bb&Empty=&Bare");
  EXPECT_EQ(params.get("Message"), "hello there you");
  EXPECT_EQ(params.get("Key+Name"), "a+b");
  EXPECT_TRUE(params.has("Empty"));
  EXPECT_EQ(params.get("Empty"), "");
  EXPECT_TRUE(params.has("Bare"));
  EXPECT_FALSE(params.has("Missing"));
  EXPECT_EQ(params.find("Missing"), nullptr);
  EXPECT_EQ(params.size(), 4u);
}

TEST(QueryParams, KeepsBinaryAndUtf8Bytes) {
  QueryParams params = parsed("Body=%00%FF%E2%9C%93&Eq=a%3Db%26c");
  EXPECT_EQ(params.get("Body"), std::string_view("\x00\xff\xe2\x9c\x93", 5));
  EXPECT_EQ(params.get("Eq"), "a=b&c");
}

TEST(QueryParams, ValueMayContainEqualsSigns) {
  EXPECT_EQ(parsed("Policy=a=b=c").get("Policy"), "a=b=c");
}

TEST(QueryParams, SkipsEmptyPieces) {
  QueryParams params = parsed("&a=1&&b=2&");
  EXPECT_EQ(params.size(), 2u);
  EXPECT_TRUE(parsed("").empty());
}

TEST(QueryParams, RejectsMalformedEscapes) {
  for (std::string_view form : {"a=%", "a=%4", "a=%zz", "%g1=x", "a=1&b=%2"}) {
    Result<QueryParams> params = QueryParams::parse(form);
    ASSERT_FALSE(params.ok()) << form;
    EXPECT_EQ(params.error().code, Errc::kInvalidArgument);
  }
}

TEST(QueryParams, RepeatedNamesKeepTheirOrder) {
  QueryParams params = parsed("a=3&b=x&a=1&a=2");
  EXPECT_EQ(params.get("a"), "3");
  EXPECT_EQ(params.all("a"), (std::vector<std::string_view>{"3", "1", "2"}));
  EXPECT_TRUE(params.all("c").empty());
}

TEST(QueryParams, ListsAreSortedByNumericIndex) {
  QueryParams params = parsed(
      "AttributeName.10=Ten&AttributeName.2=Two&AttributeName.1=One&AttributeName.x=No&"
      "AttributeName.0=Zero&AttributeName.3.Sub=No&AttributeNames.4=No&AttributeName=No");
  EXPECT_EQ(params.list("AttributeName"), (std::vector<std::string>{"One", "Two", "Ten"}));
  EXPECT_TRUE(params.list("Missing").empty());
}

TEST(QueryParams, ListsAllowGapsAndIgnoreHugeIndices) {
  QueryParams params = parsed("A.5=five&A.1=one&A.99999999999=no&A.007=seven");
  EXPECT_EQ(params.list("A"), (std::vector<std::string>{"one", "five", "seven"}));
}

TEST(QueryParams, SqsMessageAttributesAsIndexedStructs) {
  QueryParams params = parsed(
      "Action=SendMessage&MessageAttribute.2.Name=b&MessageAttribute.2.Value.DataType=Number&"
      "MessageAttribute.2.Value.StringValue=42&MessageAttribute.1.Name=a&"
      "MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=x");
  std::vector<IndexedEntry> attributes = params.indexedStructs("MessageAttribute");
  ASSERT_EQ(attributes.size(), 2u);
  EXPECT_EQ(attributes[0].index, 1u);
  EXPECT_EQ(attributes[0].fields.get("Name"), "a");
  EXPECT_EQ(attributes[0].fields.get("Value.DataType"), "String");
  EXPECT_EQ(attributes[0].fields.get("Value.StringValue"), "x");
  EXPECT_EQ(attributes[1].index, 2u);
  EXPECT_EQ(attributes[1].fields.get("Name"), "b");
  EXPECT_EQ(attributes[1].fields.get("Value.StringValue"), "42");
  EXPECT_EQ(attributes[1].fields.size(), 3u);
}

TEST(QueryParams, SnsMessageAttributesFromTheCapturedPublish) {
  testing::OwnedRequest request = testing::OwnedRequest::fromCapture(testing::kSnsPublish);
  QueryParams params = parsed(request.body());
  EXPECT_EQ(params.get("Action"), "Publish");
  EXPECT_EQ(params.get("Subject"), "s");
  std::vector<IndexedEntry> attributes = params.indexedStructs("MessageAttributes.entry");
  ASSERT_EQ(attributes.size(), 1u);
  EXPECT_EQ(attributes[0].fields.get("Name"), "k");
  EXPECT_EQ(attributes[0].fields.get("Value.DataType"), "String");
  EXPECT_EQ(attributes[0].fields.get("Value.StringValue"), "v");
}

TEST(QueryParams, NestedListsInBatchEntries) {
  QueryParams params = parsed(
      "Action=SendMessageBatch&"
      "SendMessageBatchRequestEntry.2.Id=second&SendMessageBatchRequestEntry.2.MessageBody=b&"
      "SendMessageBatchRequestEntry.1.Id=first&SendMessageBatchRequestEntry.1.MessageBody=a&"
      "SendMessageBatchRequestEntry.1.MessageAttribute.2.Name=y&"
      "SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=x&"
      "SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String&"
      "SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=1");
  std::vector<IndexedEntry> entries = params.indexedStructs("SendMessageBatchRequestEntry");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].fields.get("Id"), "first");
  EXPECT_EQ(entries[0].fields.get("MessageBody"), "a");
  EXPECT_EQ(entries[1].fields.get("Id"), "second");
  std::vector<IndexedEntry> attributes = entries[0].fields.indexedStructs("MessageAttribute");
  ASSERT_EQ(attributes.size(), 2u);
  EXPECT_EQ(attributes[0].fields.get("Name"), "x");
  EXPECT_EQ(attributes[0].fields.get("Value.StringValue"), "1");
  EXPECT_EQ(attributes[1].fields.get("Name"), "y");
  EXPECT_TRUE(entries[1].fields.indexedStructs("MessageAttribute").empty());
}

TEST(QueryParams, PairsReadFlattenedMaps) {
  QueryParams params = parsed(
      "Attribute.2.Name=DelaySeconds&Attribute.2.Value=5&Attribute.1.Name=VisibilityTimeout&"
      "Attribute.1.Value=30&Attribute.3.Value=orphan&Attribute.4.Name=Policy");
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(params.pairs("Attribute", "Name", "Value"),
            (Pairs{{"VisibilityTimeout", "30"}, {"DelaySeconds", "5"}, {"Policy", ""}}));
  QueryParams sns = parsed("Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Alerts");
  EXPECT_EQ(sns.pairs("Attributes.entry", "key", "value"), (Pairs{{"DisplayName", "Alerts"}}));
}

TEST(QueryParams, FormDecodeHandlesPlusAndEscapes) {
  std::string out;
  ASSERT_TRUE(formDecode("a+b%2Bc", &out));
  EXPECT_EQ(out, "a b+c");
  EXPECT_FALSE(formDecode("%", &out));
}

}  // namespace
}  // namespace switchyard::aws
