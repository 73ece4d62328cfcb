#include "gateway/core/event.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <latch>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gateway/core/event_id.h"

namespace switchyard {
namespace {

using namespace std::string_view_literals;

EventInit basicInit() {
  EventInit init;
  init.kind = EventKind::kSqs;
  init.source = "orders-queue";
  init.partition_key = "customer-17";
  init.content_type = "application/json";
  init.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  init.time_us = 1'764'060'909'123'456;
  init.hops = 2;
  return init;
}

void expectZeroPadding(const Event& event) {
  const char* end = event.payload().data() + event.payload().size();
  for (size_t i = 0; i < Event::kPayloadPadding; ++i) {
    ASSERT_EQ(end[i], '\0') << "padding byte " << i;
  }
}

TEST(Event, PayloadIsFollowedBySixtyFourZeroBytes) {
  EXPECT_EQ(Event::kPayloadPadding, 64u);
  const std::array<EventAttribute, 1> attributes = {EventAttribute{"k", "vvvvvvvv"}};
  EventInit init = basicInit();
  init.attributes = attributes;
  // Non-zero bytes right up to the end, and strings stored after the padding.
  const std::string payload(1000, '\xff');
  const EventRef event = Event::create(init, payload);
  EXPECT_EQ(event->payload(), payload);
  expectZeroPadding(*event);
}

TEST(Event, EmptyPayloadIsStillPadded) {
  const EventRef event = Event::create(basicInit(), "");
  EXPECT_TRUE(event->payload().empty());
  expectZeroPadding(*event);
}

TEST(Event, PayloadWithEmbeddedNulsIsKeptWhole) {
  const std::string payload("a\0b\0c", 5);
  const EventRef event = Event::create(basicInit(), payload);
  EXPECT_EQ(event->payload(), payload);
  expectZeroPadding(*event);
}

TEST(Event, HeaderFieldsRoundTrip) {
  const EventInit init = basicInit();
  const EventRef event = Event::create(init, R"({"order":1})");
  EXPECT_EQ(event->kind(), EventKind::kSqs);
  EXPECT_EQ(event->source(), "orders-queue");
  EXPECT_EQ(event->partitionKey(), "customer-17");
  EXPECT_EQ(event->contentType(), "application/json");
  EXPECT_EQ(event->traceparent(), init.traceparent);
  EXPECT_EQ(event->timeMicros(), init.time_us);
  EXPECT_EQ(event->hops(), 2);
  EXPECT_EQ(event->payload(), R"({"order":1})");
  EXPECT_EQ(event->attributeCount(), 0u);
}

TEST(Event, AttributesRoundTripInOrder) {
  const std::array<EventAttribute, 5> attributes = {
      EventAttribute{"MessageGroupId", "g1"},
      EventAttribute{"empty", ""},
      EventAttribute{"", "no-name"},
      EventAttribute{"MessageGroupId", "duplicate"},
      EventAttribute{"binary", "\x00\x01\xfe"sv},
  };
  EventInit init = basicInit();
  init.attributes = attributes;
  const EventRef event = Event::create(init, "x");
  ASSERT_EQ(event->attributeCount(), attributes.size());
  for (size_t i = 0; i < attributes.size(); ++i) {
    EXPECT_EQ(event->attribute(i), attributes[i]) << "attribute " << i;
  }
  EXPECT_EQ(event->findAttribute("MessageGroupId"), "g1") << "the first one wins";
  EXPECT_EQ(event->findAttribute("binary"), "\x00\x01\xfe"sv);
  EXPECT_EQ(event->findAttribute("missing"), "");
  // The event copied everything: none of its views point into the caller's buffers.
  EXPECT_NE(event->attribute(0).first.data(), attributes[0].first.data());
  EXPECT_NE(event->source().data(), init.source.data());
}

TEST(Event, EmptyStringsStayEmpty) {
  EventInit init;
  const EventRef event = Event::create(init, "{}");
  EXPECT_EQ(event->source(), "");
  EXPECT_EQ(event->partitionKey(), "");
  EXPECT_EQ(event->contentType(), "");
  EXPECT_EQ(event->traceparent(), "");
  EXPECT_EQ(event->kind(), EventKind::kHttp);
}

TEST(Event, ZeroTimeMeansNow) {
  const int64_t before = unixMicrosNow();
  const EventRef event = Event::create(EventInit{}, "{}");
  const int64_t after = unixMicrosNow();
  EXPECT_GE(event->timeMicros(), before);
  EXPECT_LE(event->timeMicros(), after);
  EXPECT_EQ(event->id().unixMillis(), event->timeMicros() / 1000);
}

TEST(Event, IdCarriesTheAcceptTimeAndItsCanonicalText) {
  const EventRef event = Event::create(basicInit(), "{}");
  EXPECT_EQ(event->id().unixMillis(), basicInit().time_us / 1000);
  EXPECT_EQ(event->idText(), event->id().toString());
  EventId parsed;
  ASSERT_TRUE(EventId::parse(event->idText(), &parsed));
  EXPECT_EQ(parsed, event->id());
}

TEST(Event, CreateWithIdKeepsTheGivenId) {
  EventId id;
  ASSERT_TRUE(EventId::parse("01936a1e-5b2c-7def-8123-456789abcdef", &id));
  const EventRef event = Event::createWithId(id, basicInit(), "{}");
  EXPECT_EQ(event->id(), id);
  EXPECT_EQ(event->idText(), "01936a1e-5b2c-7def-8123-456789abcdef");
  EXPECT_EQ(event->timeMicros(), basicInit().time_us);
}

TEST(Event, ReferencesAreCountedAcrossCopies) {
  EventRef event = Event::create(basicInit(), "{}");
  EXPECT_EQ(event->refCount(), 1u);
  {
    EventRef copy = event;
    EXPECT_EQ(event->refCount(), 2u);
    EventRef moved = std::move(copy);
    EXPECT_EQ(event->refCount(), 2u);
  }
  EXPECT_EQ(event->refCount(), 1u);
}

TEST(Event, RenderingCacheStartsEmptyAndKeepsTheFirstRendering) {
  const EventRef event = Event::create(basicInit(), "{}");
  EXPECT_EQ(event->cachedRendering(EventFormat::kAws), nullptr);
  EXPECT_EQ(event->cachedRendering(EventFormat::kCloudEvents), nullptr);
  const std::string& first = event->cacheRendering(EventFormat::kAws, "first");
  const std::string& second = event->cacheRendering(EventFormat::kAws, "second");
  EXPECT_EQ(first, "first");
  EXPECT_EQ(&second, &first);
  EXPECT_EQ(event->cachedRendering(EventFormat::kAws), &first);
  EXPECT_EQ(event->cachedRendering(EventFormat::kCloudEvents), nullptr) << "formats are separate";
}

TEST(Event, ConcurrentRenderersAgreeOnOneWinner) {
  constexpr int kThreads = 8;
  for (int round = 0; round < 20; ++round) {
    const EventRef event = Event::create(basicInit(), "{}");
    std::latch start(kThreads);
    std::vector<const std::string*> results(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t, shared = event] {
        std::string rendered = "rendered by " + std::to_string(t);
        start.arrive_and_wait();
        results[t] = &shared->cacheRendering(EventFormat::kCloudEvents, std::move(rendered));
      });
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
    const std::string* winner = event->cachedRendering(EventFormat::kCloudEvents);
    ASSERT_NE(winner, nullptr);
    EXPECT_TRUE(winner->starts_with("rendered by ")) << *winner;
    for (const std::string* result : results) {
      EXPECT_EQ(result, winner);
    }
  }
}

TEST(EventKindAndFormat, NamesAndParsing) {
  EXPECT_EQ(eventKindName(EventKind::kHttp), "http");
  EXPECT_EQ(eventKindName(EventKind::kEventBridge), "eventbridge");
  EventFormat format = EventFormat::kAws;
  for (EventFormat each : {EventFormat::kAws, EventFormat::kCloudEvents, EventFormat::kRaw}) {
    ASSERT_TRUE(parseEventFormat(eventFormatName(each), &format));
    EXPECT_EQ(format, each);
  }
  format = EventFormat::kRaw;
  EXPECT_FALSE(parseEventFormat("AWS", &format));
  EXPECT_FALSE(parseEventFormat("", &format));
  EXPECT_EQ(format, EventFormat::kRaw) << "left alone on failure";
}

}  // namespace
}  // namespace switchyard
