#include "gateway/sink/sink_accounting.h"

#include <algorithm>
#include <charconv>

#include "gateway/core/json_writer.h"

namespace switchyard {
namespace {

constexpr size_t kMissingSample = 20;  // missing ids listed by reconcile, for a first look

void appendField(std::string& out, std::string_view name, uint64_t value) {
  out.push_back('"');
  out.append(name);
  out.append("\":");
  out.append(std::to_string(value));
  out.push_back(',');
}

template <typename Visit>
void forEachLine(std::string_view text, Visit visit) {
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (!line.empty()) {
      visit(line);
    }
    if (end == std::string_view::npos) {
      break;
    }
    text.remove_prefix(end + 1);
  }
}

}  // namespace

SinkAccounting::SinkAccounting(size_t expected_ids, int64_t now_us)
    : expected_ids_(expected_ids), since_us_(now_us), ids_(expected_ids) {}

void SinkAccounting::onReceived(int64_t now_us) {
  ++received_;
  int64_t second = (now_us - since_us_) / 1'000'000;
  if (second < 0) {
    return;
  }
  auto index = static_cast<size_t>(second);
  if (index >= received_per_second_.size()) {
    received_per_second_.resize(index + 1);  // once per second
  }
  ++received_per_second_[index];
}

void SinkAccounting::onDelivered(std::string_view event_id, std::string_view accepted_at_us,
                                 int64_t now_us) {
  if (event_id.empty()) {
    onDelivered(std::span<const std::string_view>(), accepted_at_us, now_us);
  } else {
    onDelivered(std::span<const std::string_view>(&event_id, 1), accepted_at_us, now_us);
  }
}

void SinkAccounting::onDelivered(std::span<const std::string_view> event_ids,
                                 std::string_view accepted_at_us, int64_t now_us) {
  size_t events = std::max<size_t>(event_ids.size(), 1);
  delivered_ += events;
  if (event_ids.empty()) {
    ++without_id_;
  }
  for (std::string_view event_id : event_ids) {
    ids_.add(EventIdSet::keyOf(event_id));
  }
  int64_t accepted_at = 0;
  auto [end, error] = std::from_chars(accepted_at_us.data(),
                                      accepted_at_us.data() + accepted_at_us.size(), accepted_at);
  if (error == std::errc() && accepted_at > 0) {
    latency_.recordCount(now_us - accepted_at, events);
  }
}

std::string SinkAccounting::statsJson(bool with_series) const {
  std::string out = "{";
  appendField(out, "received", received_);
  appendField(out, "delivered", delivered_);
  appendField(out, "unique", ids_.size());
  appendField(out, "duplicates", delivered_ - without_id_ - ids_.size());
  appendField(out, "without_id", without_id_);
  appendField(out, "failed_answers", failed_answers_);
  appendField(out, "held", held_);
  appendField(out, "since_us", static_cast<uint64_t>(since_us_));
  out.append("\"latency_us\":{");
  appendField(out, "count", latency_.count());
  appendField(out, "mean", static_cast<uint64_t>(latency_.mean()));
  appendField(out, "p50", static_cast<uint64_t>(latency_.percentile(50)));
  appendField(out, "p90", static_cast<uint64_t>(latency_.percentile(90)));
  appendField(out, "p99", static_cast<uint64_t>(latency_.percentile(99)));
  appendField(out, "p999", static_cast<uint64_t>(latency_.percentile(99.9)));
  appendField(out, "max", static_cast<uint64_t>(latency_.max()));
  out.back() = '}';
  if (with_series) {
    out.append(",\"received_per_second\":[");
    for (size_t i = 0; i < received_per_second_.size(); ++i) {
      out.append(i == 0 ? "" : ",");
      out.append(std::to_string(received_per_second_[i]));
    }
    out.push_back(']');
  }
  out.push_back('}');
  return out;
}

void SinkAccounting::expect(std::string_view ids) {
  if (expected_ == nullptr) {
    expected_ = std::make_unique<EventIdSet>(expected_ids_);
  }
  forEachLine(ids, [this](std::string_view id) { expected_->add(EventIdSet::keyOf(id)); });
}

std::string SinkAccounting::reconcileJson(std::string_view ids) {
  expect(ids);
  uint64_t delivered = 0;
  uint64_t duplicates = 0;
  uint64_t duplicated_ids = 0;
  std::vector<EventIdSet::Key> missing;
  uint64_t missing_count = 0;
  expected_->forEach([&](EventIdSet::Key key, uint32_t) {
    uint32_t count = ids_.count(key);
    if (count == 0) {
      ++missing_count;
      if (missing.size() < kMissingSample) {
        missing.push_back(key);
      }
      return;
    }
    ++delivered;
    if (count > 1) {
      ++duplicated_ids;
      duplicates += count - 1;
    }
  });
  std::string out = "{";
  appendField(out, "expected", expected_->size());
  appendField(out, "delivered", delivered);
  appendField(out, "missing", missing_count);
  appendField(out, "unexpected", ids_.size() - delivered);
  appendField(out, "duplicates", duplicates);
  appendField(out, "duplicated_ids", duplicated_ids);
  out.append("\"missing_sample\":[");
  for (size_t i = 0; i < missing.size(); ++i) {
    out.append(i == 0 ? "" : ",");
    json::appendString(out, EventIdSet::textOf(missing[i]));
  }
  out.append("]}");
  expected_.reset();
  return out;
}

void SinkAccounting::reset(int64_t now_us) {
  since_us_ = now_us;
  received_ = delivered_ = without_id_ = failed_answers_ = held_ = 0;
  ids_.clear();
  latency_.reset();
  received_per_second_.clear();
  expected_.reset();
}

}  // namespace switchyard
