#include "gateway/admin/prometheus_exporter.h"

#include <cstdio>

#include "dispatcher/memory_budget.h"
#include "gateway/core/assert.h"

namespace switchyard {
namespace {

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void family(const char* name, const char* type, const char* help) {
    out_.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  }

  void sample(const std::string& name, const std::string& labels, double value) {
    out_.append(name);
    if (!labels.empty()) {
      out_.append("{").append(labels).append("}");
    }
    char buffer[48];
    std::snprintf(buffer, sizeof(buffer), " %.17g\n", value);
    out_.append(buffer);
  }

 private:
  std::string& out_;
};

// Label values escape backslash, quote and newline.
std::string label(const char* key, std::string_view value) {
  std::string out = key;
  out.append("=\"");
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out.append("\\n");
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

void triggerMetrics(Writer& writer, const dispatcher::Dispatcher& dispatcher) {
  const auto& triggers = dispatcher.routes().triggers();
  auto each = [&](const char* name, const char* help, auto read) {
    writer.family(name, "counter", help);
    for (const auto& trigger : triggers) {
      writer.sample(name, label("trigger", trigger->name),
                    static_cast<double>(read(*trigger->metrics)));
    }
  };
  each("switchyard_events_received_total", "Events that arrived at a trigger.",
       [](const router::TriggerMetrics& m) { return m.received.value(); });
  each("switchyard_events_accepted_total", "Events admitted to at least one function.",
       [](const router::TriggerMetrics& m) { return m.accepted.value(); });
  each("switchyard_events_filtered_total",
       "Events that matched no target's filter (dropped by configuration).",
       [](const router::TriggerMetrics& m) { return m.filtered.value(); });

  writer.family("switchyard_events_rejected_total", "counter",
                "Events refused at ingest, by reason.");
  for (const auto& trigger : triggers) {
    const router::TriggerMetrics& m = *trigger->metrics;
    std::string base = label("trigger", trigger->name);
    writer.sample("switchyard_events_rejected_total", base + "," + label("reason", "queue_full"),
                  static_cast<double>(m.rejected_queue_full.value()));
    writer.sample("switchyard_events_rejected_total", base + "," + label("reason", "bad_request"),
                  static_cast<double>(m.rejected_bad_request.value()));
    writer.sample("switchyard_events_rejected_total", base + "," + label("reason", "unauthorized"),
                  static_cast<double>(m.rejected_unauthorized.value()));
    writer.sample("switchyard_events_rejected_total", base + "," + label("reason", "shutting_down"),
                  static_cast<double>(m.rejected_shutting_down.value()));
  }
}

void functionMetrics(Writer& writer, const dispatcher::Dispatcher& dispatcher) {
  const auto& functions = dispatcher.functions();
  auto each = [&](const char* name, const char* type, const char* help, auto read) {
    writer.family(name, type, help);
    for (const auto& spec : functions) {
      writer.sample(name, label("function", spec->config.name), static_cast<double>(read(*spec)));
    }
  };
  using Spec = dispatcher::FunctionSpec;
  each("switchyard_deliveries_attempted_total", "counter", "Delivery attempts started.",
       [](const Spec& s) { return s.metrics.attempts.value(); });
  each("switchyard_deliveries_succeeded_total", "counter",
       "Attempts the function accepted (2xx): deliveries that ended delivered.",
       [](const Spec& s) { return s.metrics.succeeded.value(); });
  each("switchyard_deliveries_failed_total", "counter", "Attempts that failed, for any reason.",
       [](const Spec& s) { return s.metrics.failed.value(); });
  each("switchyard_deliveries_retried_total", "counter", "Retries scheduled after a failure.",
       [](const Spec& s) { return s.metrics.retried.value(); });
  each("switchyard_deliveries_timed_out_total", "counter", "Attempts that hit the timeout.",
       [](const Spec& s) { return s.metrics.timeouts.value(); });
  each("switchyard_deliveries_dead_lettered_total", "counter",
       "Deliveries that ended undelivered (retries exhausted, too old, rejected, shutdown).",
       [](const Spec& s) { return s.metrics.dead_lettered.value(); });
  each("switchyard_deliveries_returned_error_total", "counter",
       "Synchronous invocations that ended with the error answered to the caller.",
       [](const Spec& s) { return s.metrics.returned_errors.value(); });
  each("switchyard_deliveries_sent_to_destination_total", "counter",
       "Failed deliveries handed to their on_failure destination.",
       [](const Spec& s) { return s.metrics.sent_to_destination.value(); });
  each("switchyard_deliveries_returned_to_source_total", "counter",
       "Failed deliveries left to a source that redelivers (SQS visibility timeout).",
       [](const Spec& s) { return s.metrics.returned_to_source.value(); });
  each("switchyard_deliveries_in_flight", "gauge", "Attempts in progress.",
       [](const Spec& s) { return s.metrics.in_flight.value(); });
  each("switchyard_deliveries_queued", "gauge", "Deliveries waiting for a concurrency slot.",
       [](const Spec& s) { return s.metrics.queued.value(); });
  each("switchyard_deliveries_retry_waiting", "gauge", "Deliveries waiting for their backoff.",
       [](const Spec& s) { return s.metrics.retry_waiting.value(); });
  each("switchyard_deliveries_outstanding", "gauge",
       "Deliveries admitted and not yet ended; bounded by the function's queue_limit.",
       [](const Spec& s) { return s.outstanding.load(std::memory_order_relaxed); });

  const char* name = "switchyard_delivery_latency_seconds";
  writer.family(name, "histogram", "Time from sending an attempt to its answer or failure.");
  const auto& buckets = metrics::Histogram::kBucketsSeconds;
  for (const auto& spec : functions) {
    const metrics::Histogram& histogram = spec->metrics.latency;
    std::string function = label("function", spec->config.name);
    for (size_t i = 0; i < buckets.size(); ++i) {
      char le[32];
      std::snprintf(le, sizeof(le), "%g", buckets[i]);
      writer.sample(std::string(name) + "_bucket", function + "," + label("le", le),
                    static_cast<double>(histogram.cumulative(i)));
    }
    writer.sample(std::string(name) + "_bucket", function + "," + label("le", "+Inf"),
                  static_cast<double>(histogram.cumulative(buckets.size())));
    writer.sample(std::string(name) + "_sum", function, histogram.sumSeconds());
    writer.sample(std::string(name) + "_count", function, static_cast<double>(histogram.count()));
  }
}

}  // namespace

std::string renderPrometheus(const dispatcher::Dispatcher& dispatcher,
                             const metrics::ExportedMetrics* exported) {
  std::string out;
  out.reserve(16 * 1024);
  Writer writer(out);
  triggerMetrics(writer, dispatcher);
  functionMetrics(writer, dispatcher);
  writer.family("switchyard_internal_bugs_total", "counter",
                "Internal invariant failures the process survived (should stay 0).");
  writer.sample("switchyard_internal_bugs_total", "", static_cast<double>(bugCount()));
  if (const dispatcher::MemoryBudget* budget = dispatcher.memoryBudget()) {
    writer.family("switchyard_queued_bytes", "gauge",
                  "Bytes held by admitted deliveries that have not ended (server.memory_budget).");
    writer.sample("switchyard_queued_bytes", "", static_cast<double>(budget->used()));
    writer.family("switchyard_memory_budget_bytes", "gauge",
                  "server.memory_budget: past it, ingest pushes back (429).");
    writer.sample("switchyard_memory_budget_bytes", "", static_cast<double>(budget->limit()));
  }
  if (exported != nullptr) {
    for (const metrics::ExportedMetric& metric : *exported) {
      writer.family(metric.name.c_str(), metric.type.c_str(), metric.help.c_str());
      writer.sample(metric.name, "", metric.read());
    }
  }
  return out;
}

}  // namespace switchyard
