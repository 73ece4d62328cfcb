#include "gateway/bench/html_report.h"

#include <cstdio>

namespace switchyard::bench {
namespace {

std::string escapeHtml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// JSON inside <script>: only "</" could end the element early.
std::string embedJson(const std::string& json) {
  std::string out;
  for (size_t i = 0; i < json.size(); ++i) {
    out += json[i];
    if (json[i] == '<' && i + 1 < json.size() && json[i + 1] == '/') {
      out += '\\';
    }
  }
  return out;
}

std::string row(const std::string& name, const std::string& value) {
  return "<tr><th>" + escapeHtml(name) + "</th><td>" + escapeHtml(value) + "</td></tr>\n";
}

std::string latencyCells(const Percentiles& p) {
  std::string out;
  for (int64_t value : {p.p50, p.p90, p.p99, p.p999, p.max}) {
    out += "<td>" + escapeHtml(formatMicros(value)) + "</td>";
  }
  return out;
}

constexpr const char* kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:980px;color:#222}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}th,td{padding:3px 10px;text-align:right}
th{text-align:left;font-weight:600}tr:nth-child(even){background:#f4f4f4}
.chart svg{width:100%;height:auto;border:1px solid #ddd;background:#fff}
.legend span{margin-right:14px}.legend i{display:inline-block;width:12px;height:3px;margin:0 4px 3px 0}
.bad{color:#b00020;font-weight:600}
)";

// Draws with plain DOM calls; the page must work opened from disk with no network.
constexpr const char* kScript = R"JS(
(function () {
  var data = JSON.parse(document.getElementById('bench-data').textContent);
  var NS = 'http://www.w3.org/2000/svg', W = 900, H = 280, L = 70, R = 20, T = 16, B = 40;
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function fmtUs(v) {
    if (v < 1000) return Math.round(v) + '\u00b5s';
    if (v < 1e6) return (v / 1e3).toFixed(v < 1e5 ? 2 : 1) + 'ms';
    return (v / 1e6).toFixed(2) + 's';
  }
  function fmtCount(v) { return v >= 1e6 ? (v / 1e6).toFixed(1) + 'M' : v >= 1e4 ? (v / 1e3).toFixed(0) + 'k' : String(Math.round(v)); }
  // A round axis top (1, 2 or 5 times a power of ten, times 4 ticks) above the largest value.
  function niceMax(v) {
    if (!(v > 0)) return 1;
    var step = Math.pow(10, Math.floor(Math.log(v / 4) / Math.LN10)), top = step;
    [1, 2, 2.5, 5, 10].some(function (m) { top = step * m * 4; return top >= v; });
    return top;
  }
  function frame(container, xMin, xMax, yMax, fmtX, fmtY, xLabel) {
    var svg = el('svg', {viewBox: '0 0 ' + W + ' ' + H, role: 'img'}, container);
    var sx = function (x) { return L + (xMax > xMin ? (x - xMin) / (xMax - xMin) : 0) * (W - L - R); };
    var sy = function (y) { return H - B - (yMax > 0 ? y / yMax : 0) * (H - T - B); };
    for (var i = 0; i <= 4; i++) {
      var y = yMax * i / 4;
      el('line', {x1: L, x2: W - R, y1: sy(y), y2: sy(y), stroke: '#e4e4e4'}, svg);
      el('text', {x: L - 6, y: sy(y) + 4, 'text-anchor': 'end', 'font-size': 11}, svg).textContent = fmtY(y);
    }
    for (var j = 0; j <= 6; j++) {
      var x = xMin + (xMax - xMin) * j / 6;
      el('text', {x: sx(x), y: H - B + 16, 'text-anchor': 'middle', 'font-size': 11}, svg).textContent = fmtX(x);
    }
    el('text', {x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle', 'font-size': 12}, svg).textContent = xLabel;
    el('path', {d: 'M' + L + ' ' + T + 'V' + (H - B) + 'H' + (W - R), fill: 'none', stroke: '#888'}, svg);
    return {svg: svg, sx: sx, sy: sy};
  }
  function legend(container, lines) {
    var div = document.createElement('div');
    div.className = 'legend';
    lines.forEach(function (line) {
      var span = document.createElement('span');
      span.innerHTML = '<i style="background:' + line.color + '"></i>' + line.name;
      div.appendChild(span);
    });
    container.appendChild(div);
  }
  function lineChart(id, lines, fmtY) {
    var container = document.getElementById(id);
    var points = data.series;
    var xMax = points.length ? points[points.length - 1].second + 1 : 1, yMax = 0;
    lines.forEach(function (line) {
      points.forEach(function (p) { if (line.value(p) !== undefined) yMax = Math.max(yMax, line.value(p)); });
    });
    var fmtX = function (x) { return (xMax > 10 ? Math.round(x) : x.toFixed(1)) + 's'; };
    var f = frame(container, 0, xMax, niceMax(yMax), fmtX, fmtY, 'seconds since the measurement started');
    // Each second's value sits in the middle of its second; short runs get markers as well.
    lines.forEach(function (line) {
      var d = '';
      points.forEach(function (p) {
        var v = line.value(p);
        if (v === undefined) return;
        var x = f.sx(p.second + 0.5), y = f.sy(v);
        d += (d ? 'L' : 'M') + x.toFixed(1) + ' ' + y.toFixed(1);
        if (points.length <= 30) el('circle', {cx: x, cy: y, r: 3, fill: line.color}, f.svg);
      });
      if (d) el('path', {d: d, fill: 'none', stroke: line.color, 'stroke-width': line.width || 2, 'stroke-dasharray': line.dash || 'none'}, f.svg);
    });
    legend(container, lines);
    container.setAttribute('data-drawn', 'true');
  }
  function distribution(id) {
    var container = document.getElementById(id);
    var buckets = data.histogram;
    // Re-binned on a log scale: about 60 bars from the fastest to the slowest answer.
    var lo = buckets.length ? Math.max(1, buckets[0][0]) : 1;
    var hi = buckets.length ? Math.max(lo * 1.01, buckets[buckets.length - 1][1] + 1) : 2;
    var n = 60, bins = [], total = 0;
    for (var i = 0; i < n; i++) bins.push(0);
    buckets.forEach(function (b) {
      var mid = Math.max(lo, (b[0] + b[1]) / 2);
      var k = Math.min(n - 1, Math.floor(Math.log(mid / lo) / Math.log(hi / lo) * n));
      bins[k] += b[2];
      total += b[2];
    });
    var yMax = Math.max.apply(null, bins.map(function (c) { return total ? 100 * c / total : 0; }).concat([1]));
    var f = frame(container, 0, n, niceMax(yMax), function (x) { return fmtUs(lo * Math.pow(hi / lo, x / n)); },
                  function (y) { return y.toFixed(1) + '%'; }, 'request latency (log scale)');
    bins.forEach(function (count, k) {
      if (!count) return;
      var y = f.sy(100 * count / total);
      el('rect', {x: f.sx(k) + 1, y: y, width: Math.max(1, f.sx(k + 1) - f.sx(k) - 2), height: H - B - y, fill: '#3f7fbf'}, f.svg);
    });
    container.setAttribute('data-drawn', 'true');
  }
  lineChart('throughput', [
    {name: 'delivered/s (sink)', color: '#2e9e4f', width: 5, value: function (p) { return p.delivered; }},
    {name: 'accepted/s', color: '#3f7fbf', value: function (p) { return p.drain ? undefined : p.accepted; }},
    {name: 'sent/s', color: '#555', dash: '6 4', value: function (p) { return p.drain ? undefined : p.sent; }},
    {name: 'errors/s', color: '#d0453a', value: function (p) { return p.drain ? undefined : p.errors; }}
  ], fmtCount);
  lineChart('latency', [
    {name: 'p50', color: '#3f7fbf', value: function (p) { return p.drain ? undefined : p.p50_us; }},
    {name: 'p99', color: '#d0453a', value: function (p) { return p.drain ? undefined : p.p99_us; }}
  ], fmtUs);
  distribution('distribution');
})();
)JS";

}  // namespace

std::string renderHtml(const BenchReport& report) {
  char number[64];
  auto fixed = [&number](double value, const char* pattern) {
    std::snprintf(number, sizeof(number), pattern, value);
    return std::string(number);
  };
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<title>switchyard bench: " +
      escapeHtml(report.target) + "</title>\n<style>" + kStyle +
      "</style></head><body>\n<h1>switchyard bench: " + escapeHtml(report.target) + " " +
      escapeHtml(report.url) + "</h1>\n<table>\n";
  out += row("mode", report.open_loop ? "open loop at " + fixed(report.rate, "%.0f") + "/s"
                                      : "closed loop");
  out += row("connections", std::to_string(report.connections));
  out += row("threads", std::to_string(report.threads));
  out += row("measured", fixed(report.elapsed_seconds, "%.2f s"));
  out +=
      row("sent", std::to_string(report.totals.sent) + " (" +
                      fixed(report.perSecond(report.totals.sent), "%.1f") + "/s)" +
                      (report.events_per_request > 1
                           ? " requests of " + std::to_string(report.events_per_request) + " events"
                           : std::string()));
  out +=
      row("accepted (events)", std::to_string(report.totals.accepted) + " (" +
                                   fixed(report.perSecond(report.totals.accepted), "%.1f") + "/s)");
  out += row("errors", std::to_string(report.totals.errors()) +
                           (report.totals.errors() > 0 ? " — " + report.totals.describeErrors()
                                                       : std::string()));
  out +=
      "</table>\n<table><tr><th>latency</th><th>p50</th><th>p90</th><th>p99</th>"
      "<th>p99.9</th><th>max</th></tr>\n";
  out += "<tr><th>request</th>" + latencyCells(report.latency) + "</tr>\n";
  out += "<tr><th>service</th>" + latencyCells(report.service) + "</tr>\n";
  if (report.sink && report.sink->error.empty()) {
    out += "<tr><th>end-to-end</th>" + latencyCells(report.sink->end_to_end) + "</tr>\n";
  }
  out += "</table>\n";
  if (report.sink) {
    const SinkResult& sink = *report.sink;
    out += "<p" + std::string(report.failed() ? " class=\"bad\"" : "") + ">sink " +
           escapeHtml(sink.url) + ": " +
           (sink.error.empty()
                ? "expected " + std::to_string(sink.expected) + ", delivered " +
                      std::to_string(sink.delivered) + ", missing " + std::to_string(sink.missing) +
                      ", duplicates " + std::to_string(sink.duplicates)
                : escapeHtml(sink.error)) +
           "</p>\n";
  }
  out +=
      "<h2>Throughput per second</h2><div class=\"chart\" id=\"throughput\"></div>\n"
      "<h2>Latency per second</h2><div class=\"chart\" id=\"latency\"></div>\n"
      "<h2>Latency distribution</h2><div class=\"chart\" id=\"distribution\"></div>\n";
  out += "<script id=\"bench-data\" type=\"application/json\">" + embedJson(renderJson(report)) +
         "</script>\n<script>" + kScript + "</script>\n</body></html>\n";
  return out;
}

}  // namespace switchyard::bench
