// Rendering events to the wire formats functions receive (dispatcher/render/): per event, and for
// a fan-out, where the second and later targets of an event find its rendering cached on it
// (DESIGN.md §3: rendered once per (event, format)). Reports items/s (events, or SQS records).
//
//   build-bench/bench/render_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only
//
// The event is what the webhook connector builds for a ~300-byte JSON POST: the payload plus the
// request's method, path, query and 7 headers as attributes (what `aws` = API Gateway v2 needs).

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "dispatcher/render/api_gateway_v2.h"
#include "dispatcher/render/lambda_records.h"
#include "dispatcher/render/renderer.h"
#include "gateway/core/event.h"
#include "gateway/core/json_writer.h"

namespace switchyard::dispatcher {
namespace {

// `switchyard bench`'s default body: 293 bytes.
constexpr std::string_view kPayload =
    R"({"source":"switchyard-bench","seq":1042,"nonce":"9f86d081884c7d65","sent_at_us":)"
    R"(1764060909123456,"detail":{"type":"order.created","customer":{"id":"c-004217",)"
    R"("tier":"gold"},"items":[{"sku":"A-1001","qty":2,"price":19.99},{"sku":"B-2203",)"
    R"("qty":1,"price":5.25}],"currency":"EUR","total":45.23,"note":"load test event"}})";

const std::vector<EventAttribute>& webhookAttributes() {
  static const std::vector<EventAttribute> attributes = {
      {kAttrMethod, "POST"},
      {kAttrPath, "/events/orders"},
      {kAttrQuery, ""},
      {"h:host", "127.0.0.1:8080"},
      {"h:user-agent", "switchyard-bench"},
      {"h:content-type", "application/json"},
      {"h:content-length", "293"},
      {"h:accept", "*/*"},
      {"h:x-request-id", "4b0c2e2a-8d43-4c47-9a4b-5d1d2b7d9f10"},
      {"h:traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
  };
  return attributes;
}

EventRef webhookEvent() {
  EventInit init;
  init.kind = EventKind::kHttp;
  init.source = "orders";
  init.content_type = "application/json";
  init.attributes = webhookAttributes();
  return Event::create(init, kPayload);
}

// Building the event alone: subtract it from the fan-out figures below.
void BM_WebhookEventCreate(benchmark::State& state) {
  for (auto _ : state) {
    EventRef event = webhookEvent();
    benchmark::DoNotOptimize(event.get());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WebhookEventCreate);

// aws for a webhook event: API Gateway HTTP API payload 2.0, rendered (not cached).
void BM_RenderApiGatewayV2(benchmark::State& state) {
  EventRef event = webhookEvent();
  for (auto _ : state) {
    std::string rendered = renderApiGatewayV2(*event);
    benchmark::DoNotOptimize(rendered.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes_out"] = static_cast<double>(renderApiGatewayV2(*event).size());
}
BENCHMARK(BM_RenderApiGatewayV2);

// A new event rendered for k targets: the first renders and caches, the other k - 1 hit the cache.
// Items are events (each delivered k times).
void BM_WebhookFanOutAws(benchmark::State& state) {
  const int targets = static_cast<int>(state.range(0));
  std::string headers;
  for (auto _ : state) {
    EventRef event = webhookEvent();
    for (int i = 0; i < targets; ++i) {
      headers.clear();
      RenderedEvent rendered = renderEvent(*event, EventFormat::kAws, headers);
      benchmark::DoNotOptimize(rendered.body.data());
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WebhookFanOutAws)->Arg(1)->Arg(3)->Arg(10);

// The fan-out's later targets alone: renderEvent on an event whose aws rendering is cached.
void BM_RenderAwsCacheHit(benchmark::State& state) {
  EventRef event = webhookEvent();
  std::string headers;
  renderEvent(*event, EventFormat::kAws, headers);
  for (auto _ : state) {
    headers.clear();
    RenderedEvent rendered = renderEvent(*event, EventFormat::kAws, headers);
    benchmark::DoNotOptimize(rendered.body.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderAwsCacheHit);

// cloudevents (binary mode): the ce-* headers; the payload goes as is.
void BM_RenderCloudEvents(benchmark::State& state) {
  EventRef event = webhookEvent();
  std::string headers;
  for (auto _ : state) {
    headers.clear();
    RenderedEvent rendered = renderEvent(*event, EventFormat::kCloudEvents, headers);
    benchmark::DoNotOptimize(rendered.body.data());
    benchmark::DoNotOptimize(headers.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderCloudEvents);

void BM_RenderRaw(benchmark::State& state) {
  EventRef event = webhookEvent();
  std::string headers;
  for (auto _ : state) {
    RenderedEvent rendered = renderEvent(*event, EventFormat::kRaw, headers);
    benchmark::DoNotOptimize(rendered.body.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderRaw);

// Lambda's SQS event for a batch of N messages (what an sqs trigger delivers): items are records.
void BM_RenderSqsRecords(benchmark::State& state) {
  std::vector<SqsRecord> records(static_cast<size_t>(state.range(0)));
  int n = 0;
  for (SqsRecord& record : records) {
    record.message_id = "4b0c2e2a-8d43-4c47-9a4b-5d1d2b7d9f" + std::to_string(10 + n++);
    record.receipt_handle = "AQEB" + std::string(140, 'r');  // about SQS's length
    record.body = std::string(kPayload);
    record.attributes = {{"ApproximateReceiveCount", "1"},
                         {"SentTimestamp", "1764060909123"},
                         {"SenderId", "000000000000"},
                         {"ApproximateFirstReceiveTimestamp", "1764060909125"}};
    record.md5_of_body = "3b5d5c3712955042212316173ccf37be";
    record.queue_arn = "arn:aws:sqs:us-east-1:000000000000:orders";
    record.region = "us-east-1";
  }
  for (auto _ : state) {
    std::string rendered = renderSqsEvent(records);
    benchmark::DoNotOptimize(rendered.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["bytes_out"] = static_cast<double>(renderSqsEvent(records).size());
}
BENCHMARK(BM_RenderSqsRecords)->Arg(1)->Arg(10);

void BM_RenderSnsEvent(benchmark::State& state) {
  SnsNotification notification;
  notification.message_id = "4b0c2e2a-8d43-4c47-9a4b-5d1d2b7d9f10";
  notification.topic_arn = "arn:aws:sns:us-east-1:000000000000:orders";
  notification.message = std::string(kPayload);
  notification.timestamp_us = 1764060909123456;
  notification.message_attributes["kind"] = {"String", "order.created"};
  const std::string subscription = notification.topic_arn + ":0f3c2a1e";
  for (auto _ : state) {
    std::string rendered = renderSnsEvent(notification, subscription);
    benchmark::DoNotOptimize(rendered.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderSnsEvent);

// json::appendString, which every aws rendering spends most of its time in (the payload is a JSON
// string inside the API Gateway and SQS documents): one append per run of bytes needing no escape.
void BM_JsonAppendString(benchmark::State& state) {
  std::string out;
  for (auto _ : state) {
    out.clear();
    json::appendString(out, kPayload);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kPayload.size()));
}
BENCHMARK(BM_JsonAppendString);

// Not the product's code: what appending runs of bytes that need no escape (printable ASCII but
// '"' and '\\') in one append each would cost, '"' and '\\' escaped inline, control characters and
// non-ASCII left to json::appendString. Checked against it once at start-up; here to size the gain,
// see docs/BENCHMARKS.md.
void appendStringByRuns(std::string& out, std::string_view text) {
  out.push_back('"');
  size_t i = 0;
  while (i < text.size()) {
    size_t run = i;
    while (run < text.size()) {
      auto c = static_cast<unsigned char>(text[run]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
        break;
      }
      ++run;
    }
    out.append(text.data() + i, run - i);
    if (run == text.size()) {
      break;
    }
    if (text[run] == '"' || text[run] == '\\') {
      out.push_back('\\');
      out.push_back(text[run]);
      i = run + 1;
      continue;
    }
    size_t end = run + 1;  // one byte (or a UTF-8 sequence) the slow way, without its quotes
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) {
      ++end;
    }
    std::string piece;
    json::appendString(piece, text.substr(run, end - run));
    out.append(piece, 1, piece.size() - 2);
    i = end;
  }
  out.push_back('"');
}

void BM_JsonAppendStringByRuns(benchmark::State& state) {
  std::string expected;
  json::appendString(expected, kPayload);
  std::string out;
  appendStringByRuns(out, kPayload);
  if (out != expected) {
    state.SkipWithError("appendStringByRuns differs from json::appendString");
    return;
  }
  for (auto _ : state) {
    out.clear();
    appendStringByRuns(out, kPayload);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kPayload.size()));
}
BENCHMARK(BM_JsonAppendStringByRuns);

}  // namespace
}  // namespace switchyard::dispatcher

BENCHMARK_MAIN();
