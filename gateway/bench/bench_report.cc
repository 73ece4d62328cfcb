#include "gateway/bench/bench_report.h"

#include <cstdio>

#include "gateway/core/json_writer.h"

namespace switchyard::bench {
namespace {

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), pattern, value);
  return buffer;
}

std::string pad(std::string text, size_t width) {
  // Width in characters, not bytes: "µ" is two bytes.
  size_t characters = 0;
  for (char c : text) {
    characters += (static_cast<unsigned char>(c) & 0xc0) != 0x80 ? 1 : 0;
  }
  return characters >= width ? text : std::string(width - characters, ' ') + text;
}

std::string latencyRow(const char* name, const Percentiles& p, const char* note) {
  std::string row = "  ";
  row += name;
  row.resize(14, ' ');
  for (int64_t value : {p.p50, p.p90, p.p99, p.p999, p.max}) {
    row += pad(formatMicros(value), 9);
  }
  row += pad(formatMicros(static_cast<int64_t>(p.mean)), 9);
  row += "   ";
  row += note;
  row += "\n";
  return row;
}

std::string countRow(const char* name, uint64_t count, const std::string& rate) {
  std::string row = "  ";
  row += name;
  row.resize(20, ' ');
  row += pad(std::to_string(count), 12);
  row += pad(rate, 14);
  row += "\n";
  return row;
}

void appendNumber(std::string& out, const char* name, double value, bool comma = true) {
  out += '"';
  out += name;
  out += "\":";
  out += format(value == static_cast<double>(static_cast<int64_t>(value)) ? "%.0f" : "%.3f", value);
  if (comma) {
    out += ',';
  }
}

void appendPercentiles(std::string& out, const char* name, const Percentiles& p) {
  out += '"';
  out += name;
  out += "\":{";
  appendNumber(out, "count", static_cast<double>(p.count));
  appendNumber(out, "mean", p.mean);
  appendNumber(out, "p50", static_cast<double>(p.p50));
  appendNumber(out, "p90", static_cast<double>(p.p90));
  appendNumber(out, "p99", static_cast<double>(p.p99));
  appendNumber(out, "p999", static_cast<double>(p.p999));
  appendNumber(out, "max", static_cast<double>(p.max), false);
  out += "},";
}

}  // namespace

Percentiles Percentiles::of(const LatencyHistogram& histogram) {
  return {histogram.count(),        histogram.mean(),         histogram.percentile(50),
          histogram.percentile(90), histogram.percentile(99), histogram.percentile(99.9),
          histogram.max()};
}

std::string formatMicros(int64_t micros) {
  if (micros < 1000) {
    return std::to_string(micros) + "\xC2\xB5s";  // µs
  }
  if (micros < 1'000'000) {
    return format(micros < 100'000 ? "%.2fms" : "%.1fms", static_cast<double>(micros) / 1e3);
  }
  return format("%.2fs", static_cast<double>(micros) / 1e6);
}

std::string renderText(const BenchReport& report) {
  const IntervalStats& totals = report.totals;
  std::string out = "switchyard bench: " + report.target + " " + report.url + "\n  ";
  if (report.open_loop) {
    out += "open loop at " + format("%.0f", report.rate) + "/s, up to " +
           std::to_string(report.connections) + " connections";
  } else {
    out += "closed loop, " + std::to_string(report.connections) + " connections";
  }
  out += ", " + std::to_string(report.threads) + (report.threads == 1 ? " thread" : " threads");
  out += ", measured " + format("%.2f s", report.elapsed_seconds);
  if (report.warmup_ms > 0) {
    out += " after a " + format("%.1f s", static_cast<double>(report.warmup_ms) / 1e3) + " warmup";
  }
  out += "\n";
  if (report.events_per_request > 1) {
    out += "  " + std::to_string(report.events_per_request) +
           " events per request: accepted counts events, the other rows requests\n";
  }
  out += "\n";
  out += "  requests                 total    per second\n";
  out += countRow("sent", totals.sent, format("%.1f", report.perSecond(totals.sent)));
  out += countRow("accepted", totals.accepted, format("%.1f", report.perSecond(totals.accepted)));
  out += countRow("errors", totals.errors(), format("%.1f", report.perSecond(totals.errors())));
  if (totals.unsent > 0) {
    out += countRow("unsent (backlog)", totals.unsent, "");
  }
  if (totals.errors() > 0) {
    out += "  errors by kind: " + totals.describeErrors() + "\n";
  }
  out += "\n  latency           p50      p90      p99    p99.9      max     mean\n";
  out += latencyRow("request", report.latency,
                    report.open_loop ? "from the time each request was due" : "send to answer");
  out += latencyRow("service", report.service, "write to answer");
  if (report.sink && report.sink->error.empty()) {
    out += latencyRow("end-to-end", report.sink->end_to_end, "gateway accepted to sink called");
  }
  if (report.sink) {
    const SinkResult& sink = *report.sink;
    out += "\n  sink " + sink.url + ": ";
    if (!sink.error.empty()) {
      out += "ERROR " + sink.error + "\n";
      return out;
    }
    out += "expected " + std::to_string(sink.expected) +
           (report.warmup_ms > 0 ? " (warmup included)" : "") + ", delivered " +
           std::to_string(sink.delivered) + ", missing " + std::to_string(sink.missing) +
           ", duplicates " + std::to_string(sink.duplicates) + ", unexpected " +
           std::to_string(sink.unexpected) + "\n";
    out += "  " + std::string(sink.drained ? "drained" : "still receiving") + " after " +
           format("%.1f s", sink.drain_seconds) + " (the sink received " +
           std::to_string(sink.received) + " requests)\n";
    if (sink.missing > 0) {
      out += "  MISSING, e.g.:";
      for (const std::string& id : sink.missing_sample) {
        out += " " + id;
      }
      out += "\n";
    }
  }
  return out;
}

std::string renderJson(const BenchReport& report) {
  const IntervalStats& totals = report.totals;
  std::string out = "{\"target\":";
  json::appendString(out, report.target);
  out += ",\"url\":";
  json::appendString(out, report.url);
  out += ",\"mode\":";
  out += report.open_loop ? "\"open\"," : "\"closed\",";
  appendNumber(out, "rate", report.rate);
  appendNumber(out, "connections", report.connections);
  appendNumber(out, "threads", report.threads);
  appendNumber(out, "events_per_request", report.events_per_request);
  appendNumber(out, "warmup_s", static_cast<double>(report.warmup_ms) / 1e3);
  appendNumber(out, "duration_s", report.elapsed_seconds);
  out += "\"totals\":{";
  appendNumber(out, "sent", static_cast<double>(totals.sent));
  appendNumber(out, "accepted", static_cast<double>(totals.accepted));
  appendNumber(out, "errors", static_cast<double>(totals.errors()));
  appendNumber(out, "rejected", static_cast<double>(totals.rejected));
  appendNumber(out, "failed", static_cast<double>(totals.failed));
  appendNumber(out, "unsent", static_cast<double>(totals.unsent));
  appendNumber(out, "accepted_ids", static_cast<double>(report.accepted_ids));
  appendNumber(out, "accepted_without_id", static_cast<double>(report.accepted_without_id));
  out += "\"errors_by_kind\":{";
  for (size_t i = 0; i < totals.rejected_by_status.size(); ++i) {
    if (totals.rejected_by_status[i] != 0) {
      appendNumber(out, std::to_string(i + IntervalStats::kMinStatus).c_str(),
                   static_cast<double>(totals.rejected_by_status[i]));
    }
  }
  for (size_t i = 0; i < IntervalStats::kTransports; ++i) {
    if (totals.failed_by_transport[i] != 0) {
      appendNumber(out, dispatcher::transportName(static_cast<IntervalStats::Transport>(i)),
                   static_cast<double>(totals.failed_by_transport[i]));
    }
  }
  if (out.back() == ',') {
    out.pop_back();
  }
  out += "}},\"rates\":{";
  appendNumber(out, "sent_per_s", report.perSecond(totals.sent));
  appendNumber(out, "accepted_per_s", report.perSecond(totals.accepted));
  appendNumber(out, "errors_per_s", report.perSecond(totals.errors()), false);
  out += "},";
  appendPercentiles(out, "latency_us", report.latency);
  appendPercentiles(out, "service_time_us", report.service);
  out += "\"series\":[";
  for (const SeriesPoint& point : report.series) {
    out += '{';
    appendNumber(out, "second", static_cast<double>(point.second));
    appendNumber(out, "sent", static_cast<double>(point.sent));
    appendNumber(out, "accepted", static_cast<double>(point.accepted));
    appendNumber(out, "errors", static_cast<double>(point.errors));
    appendNumber(out, "p50_us", static_cast<double>(point.p50_us));
    appendNumber(out, "p99_us", static_cast<double>(point.p99_us));
    if (point.delivered >= 0) {
      appendNumber(out, "delivered", static_cast<double>(point.delivered));
    }
    out += point.drain ? "\"drain\":true}," : "\"drain\":false},";
  }
  if (out.back() == ',') {
    out.pop_back();
  }
  out += "],\"histogram\":[";
  for (const LatencyHistogram::Bucket& bucket : report.distribution) {
    out += "[" + std::to_string(bucket.low_micros) + "," + std::to_string(bucket.high_micros) +
           "," + std::to_string(bucket.count) + "],";
  }
  if (out.back() == ',') {
    out.pop_back();
  }
  out += "]";
  if (report.sink) {
    const SinkResult& sink = *report.sink;
    out += ",\"sink\":{\"url\":";
    json::appendString(out, sink.url);
    out += ",\"error\":";
    json::appendString(out, sink.error);
    out += sink.drained ? ",\"drained\":true," : ",\"drained\":false,";
    appendNumber(out, "drain_s", sink.drain_seconds);
    appendNumber(out, "received", static_cast<double>(sink.received));
    appendNumber(out, "unique", static_cast<double>(sink.unique));
    appendNumber(out, "expected", static_cast<double>(sink.expected));
    appendNumber(out, "delivered", static_cast<double>(sink.delivered));
    appendNumber(out, "missing", static_cast<double>(sink.missing));
    appendNumber(out, "unexpected", static_cast<double>(sink.unexpected));
    appendNumber(out, "duplicates", static_cast<double>(sink.duplicates));
    appendPercentiles(out, "end_to_end_us", sink.end_to_end);
    out += "\"missing_sample\":[";
    for (size_t i = 0; i < sink.missing_sample.size(); ++i) {
      out += i == 0 ? "" : ",";
      json::appendString(out, sink.missing_sample[i]);
    }
    out += "]}";
  }
  out += "}\n";
  return out;
}

}  // namespace switchyard::bench
