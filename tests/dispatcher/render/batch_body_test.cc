#include "dispatcher/render/batch_body.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <memory>
#include <vector>

#include "dispatcher/batch_item_failures.h"

namespace switchyard::dispatcher {
namespace {

// Deliveries chained as the function runtime chains a batch in flight.
class Batch {
 public:
  explicit Batch(bool batching = true) : batching_(batching) { policy_.size = 10; }
  void add(EventKind kind, std::string_view payload, EventFormat format,
           std::string_view content_type = "application/json") {
    EventInit init;
    init.kind = kind;
    init.source = "hook";
    init.content_type = content_type;
    members_.push_back(std::make_unique<Delivery>(Event::create(init, payload), nullptr, format));
    members_.back()->batch = batching_ ? &policy_ : nullptr;
    if (members_.size() > 1) {
      members_[members_.size() - 2]->batch_next = members_.back().get();
    }
  }
  const Delivery& first() const { return *members_.front(); }
  const Event& event(size_t i) const { return *members_[i]->event; }

 private:
  bool batching_;
  BatchPolicy policy_;
  std::vector<std::unique_ptr<Delivery>> members_;
};

simdjson::dom::element parse(simdjson::dom::parser& parser, std::string_view json) {
  simdjson::dom::element root;
  EXPECT_EQ(parser.parse(json.data(), json.size()).get(root), simdjson::SUCCESS) << json;
  return root;
}

TEST(BatchBody, DeliveryWithoutBatchingIsTheEventsOwnRendering) {
  Batch batch(/*batching=*/false);
  batch.add(EventKind::kSqs, R"({"Records":[{"a":1}]})", EventFormat::kAws);
  std::string headers;
  std::string buffer;
  RenderedEvent rendered = renderDeliveryBody(batch.first(), headers, buffer);
  EXPECT_EQ(rendered.body, R"({"Records":[{"a":1}]})");
  EXPECT_TRUE(buffer.empty()) << "no copy for a single delivery";
  EXPECT_EQ(batchMembers(batch.first()), 1u);
}

TEST(BatchBody, ABatchOfOneKeepsTheBatchShape) {
  Batch batch;
  batch.add(EventKind::kHttp, R"({"n":1})", EventFormat::kRaw);
  std::string headers;
  std::string buffer;
  EXPECT_EQ(renderDeliveryBody(batch.first(), headers, buffer).body, R"([{"n":1}])");
}

TEST(BatchBody, RecordsDocumentsMergeIntoOneRecordsArrayInOrder) {
  Batch batch;
  batch.add(EventKind::kSns, R"({"Records":[{"n":1}]})", EventFormat::kAws);
  batch.add(EventKind::kSns, R"({"Records":[{"n":2},{"n":3}]})", EventFormat::kAws);
  batch.add(EventKind::kSns, R"({"Records":[]})", EventFormat::kAws);
  std::string headers;
  std::string buffer;
  RenderedEvent rendered = renderDeliveryBody(batch.first(), headers, buffer);
  EXPECT_EQ(rendered.body, R"({"Records":[{"n":1},{"n":2},{"n":3}]})");
  EXPECT_EQ(rendered.content_type, "application/json");
  EXPECT_EQ(batchMembers(batch.first()), 3u);
}

TEST(BatchBody, HttpEventsBecomeAnArrayOfApiGatewayEvents) {
  Batch batch;
  batch.add(EventKind::kHttp, R"({"n":1})", EventFormat::kAws);
  batch.add(EventKind::kHttp, R"({"n":2})", EventFormat::kAws);
  std::string headers;
  std::string buffer;
  RenderedEvent rendered = renderDeliveryBody(batch.first(), headers, buffer);
  simdjson::dom::parser parser;
  simdjson::dom::array events = parse(parser, rendered.body).get_array();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events.at(0)["body"].get_string().value(), R"({"n":1})");
  EXPECT_EQ(events.at(1)["body"].get_string().value(), R"({"n":2})");
  EXPECT_EQ(events.at(0)["version"].get_string().value(), "2.0");
}

TEST(BatchBody, RawPayloadsGoInAsJsonOrAsStrings) {
  Batch batch;
  batch.add(EventKind::kHttp, R"({"n":1})", EventFormat::kRaw);
  batch.add(EventKind::kHttp, "plain \"text\"", EventFormat::kRaw, "text/plain");
  batch.add(EventKind::kHttp, R"({"broken":)", EventFormat::kRaw);  // says JSON, is not
  std::string headers;
  std::string buffer;
  RenderedEvent rendered = renderDeliveryBody(batch.first(), headers, buffer);
  EXPECT_EQ(rendered.body, R"([{"n":1},"plain \"text\"","{\"broken\":"])");
  simdjson::dom::parser parser;
  EXPECT_EQ(parse(parser, rendered.body).get_array().size(), 3u);
}

TEST(BatchBody, CloudEventsUseTheStructuredBatchMode) {
  Batch batch;
  batch.add(EventKind::kHttp, R"({"n":1})", EventFormat::kCloudEvents);
  batch.add(EventKind::kHttp, "\x01\x02", EventFormat::kCloudEvents, "application/octet-stream");
  std::string headers;
  std::string buffer;
  RenderedEvent rendered = renderDeliveryBody(batch.first(), headers, buffer);
  EXPECT_EQ(rendered.content_type, "application/cloudevents-batch+json");
  EXPECT_TRUE(headers.empty()) << "no binary-mode ce-* headers for a batch: " << headers;
  simdjson::dom::parser parser;
  simdjson::dom::array events = parse(parser, rendered.body).get_array();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events.at(0)["specversion"].get_string().value(), "1.0");
  EXPECT_EQ(events.at(0)["id"].get_string().value(), batch.event(0).idText());
  EXPECT_EQ(events.at(0)["source"].get_string().value(), "/switchyard/http/hook");
  EXPECT_EQ(events.at(0)["type"].get_string().value(), "dev.switchyard.http");
  EXPECT_EQ(events.at(0)["data"]["n"].get_int64().value(), 1);
  EXPECT_EQ(events.at(1)["data_base64"].get_string().value(), "AQI=");
  EXPECT_EQ(events.at(1)["datacontenttype"].get_string().value(), "application/octet-stream");
}

TEST(BatchItemFailures, ListsTheIdentifiersTheFunctionNamed) {
  auto failed = parseBatchItemFailures(
      R"({"batchItemFailures":[{"itemIdentifier":"a"},{"itemIdentifier":"b"}]})");
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(*failed, (std::set<std::string, std::less<>>{"a", "b"}));
}

TEST(BatchItemFailures, EmptyNullOrOtherAnswersMeanNothingFailed) {
  for (std::string_view body : {"", "null", R"({"ok":true})", R"({"batchItemFailures":[]})",
                                R"({"batchItemFailures":null})"}) {
    auto failed = parseBatchItemFailures(body);
    ASSERT_TRUE(failed.has_value()) << body;
    EXPECT_TRUE(failed->empty()) << body;
  }
}

TEST(BatchItemFailures, MalformedAnswersFailTheWholeBatch) {
  for (std::string_view body :
       {"{not json", R"({"batchItemFailures":"a"})", R"({"batchItemFailures":[{"id":"a"}]})",
        R"({"batchItemFailures":[{"itemIdentifier":""}]})"}) {
    EXPECT_FALSE(parseBatchItemFailures(body).has_value()) << body;
  }
}

}  // namespace
}  // namespace switchyard::dispatcher
