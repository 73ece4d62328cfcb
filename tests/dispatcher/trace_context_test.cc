#include "dispatcher/trace_context.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

#include "gateway/core/event.h"

namespace switchyard::dispatcher {
namespace {

constexpr std::string_view kValid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

EventRef eventWithTraceparent(std::string_view traceparent) {
  EventInit init;
  init.source = "hook";
  init.traceparent = traceparent;
  init.time_us = 1'700'000'000'000'000;
  return Event::create(init, R"({"a":1})");
}

std::string hexOf(const EventId& id) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t byte : id.bytes()) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xf]);
  }
  return out;
}

TEST(Traceparent, AcceptsAWellFormedVersion00Header) {
  EXPECT_TRUE(isValidTraceparent(kValid));
  EXPECT_TRUE(isValidTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"));
  EXPECT_TRUE(isValidTraceparent("00-00000000000000000000000000000001-0000000000000001-ff"));
}

TEST(Traceparent, RejectsMalformedHeaders) {
  const std::string valid(kValid);
  auto with = [&](size_t position, char c) {
    std::string text = valid;
    text[position] = c;
    return text;
  };
  EXPECT_FALSE(isValidTraceparent(""));
  EXPECT_FALSE(isValidTraceparent(valid.substr(0, 54))) << "too short";
  EXPECT_FALSE(isValidTraceparent(valid + "0")) << "too long";
  EXPECT_FALSE(isValidTraceparent(valid + "-extra")) << "version 00 has exactly four fields";
  EXPECT_FALSE(isValidTraceparent(with(0, '1'))) << "version 10";
  EXPECT_FALSE(isValidTraceparent("ff" + valid.substr(2))) << "version ff is forbidden";
  EXPECT_FALSE(isValidTraceparent(with(2, '_'))) << "separator";
  EXPECT_FALSE(isValidTraceparent(with(35, '_'))) << "separator";
  EXPECT_FALSE(isValidTraceparent(with(52, '_'))) << "separator";
  EXPECT_FALSE(isValidTraceparent(with(3, 'A'))) << "uppercase trace id";
  EXPECT_FALSE(isValidTraceparent(with(36, 'F'))) << "uppercase parent id";
  EXPECT_FALSE(isValidTraceparent(with(10, 'g'))) << "non-hex trace id";
  EXPECT_FALSE(isValidTraceparent(with(40, 'z'))) << "non-hex parent id";
  EXPECT_FALSE(isValidTraceparent(with(54, 'x'))) << "non-hex flags";
  EXPECT_FALSE(isValidTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
      << "all-zero trace id";
  EXPECT_FALSE(isValidTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"))
      << "all-zero parent id";
}

TEST(Traceparent, ContinuesTheIncomingTraceWithAFreshSpan) {
  const EventRef event = eventWithTraceparent(kValid);
  std::string out = "traceparent: ";
  appendTraceparent(out, *event);
  ASSERT_TRUE(out.starts_with("traceparent: ")) << "appends, keeps what was there";
  const std::string_view header = std::string_view(out).substr(13);
  ASSERT_TRUE(isValidTraceparent(header)) << header;
  EXPECT_EQ(header.substr(0, 3), "00-");
  EXPECT_EQ(header.substr(3, 32), kValid.substr(3, 32));
  EXPECT_NE(header.substr(36, 16), kValid.substr(36, 16)) << "a new span, not the caller's";
  EXPECT_EQ(header.substr(52), "-01");
}

TEST(Traceparent, DerivesTheTraceFromTheEventIdWithoutAValidIncomingHeader) {
  for (std::string_view incoming :
       {std::string_view(), std::string_view("garbage"),
        std::string_view("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")}) {
    const EventRef event = eventWithTraceparent(incoming);
    std::string out;
    appendTraceparent(out, *event);
    ASSERT_TRUE(isValidTraceparent(out)) << out;
    EXPECT_EQ(out.substr(3, 32), hexOf(event->id())) << "incoming: " << incoming;
  }
}

TEST(Traceparent, AttemptsOfOneEventShareTheTraceButNotTheSpan) {
  const EventRef event = eventWithTraceparent({});
  std::set<std::string> traces;
  std::set<std::string> spans;
  for (int attempt = 0; attempt < 50; ++attempt) {
    std::string out;
    appendTraceparent(out, *event);
    ASSERT_TRUE(isValidTraceparent(out)) << out;
    traces.insert(out.substr(3, 32));
    spans.insert(out.substr(36, 16));
  }
  EXPECT_EQ(traces.size(), 1u);
  EXPECT_EQ(spans.size(), 50u);
}

}  // namespace
}  // namespace switchyard::dispatcher
