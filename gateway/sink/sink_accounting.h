#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/core/latency_histogram.h"
#include "gateway/sink/event_id_set.h"

namespace switchyard {

// What `switchyard sink` counts, for `switchyard bench` to reconcile against what the gateway
// accepted: every request, every event id answered successfully (with its delivery count; a batch
// delivers several) and the end-to-end latency from X-Switchyard-Accepted-At (the gateway accepted
// the event) to the moment the sink received it.
//
// An id counts as delivered only when the sink answered it with success: a delivery the sink
// failed on purpose (--fail-rate) or held (--timeout-rate) is one the gateway must retry.
//
// NOTE: not thread-safe; the sink's loop owns it.
class SinkAccounting {
 public:
  explicit SinkAccounting(size_t expected_ids, int64_t now_us);

  void onReceived(int64_t now_us);
  // A request the sink answers with success: its id (may be empty) and accepted-at header.
  void onDelivered(std::string_view event_id, std::string_view accepted_at_us, int64_t now_us);
  // The same for a delivery that carries several events (a batch): each id counts as delivered,
  // each with the delivery's end-to-end latency. No ids: one delivery without an id.
  void onDelivered(std::span<const std::string_view> event_ids, std::string_view accepted_at_us,
                   int64_t now_us);
  void onFailedAnswer() { ++failed_answers_; }
  void onHeld() { ++held_; }

  // GET /_sink/stats: received, delivered, unique, duplicates, latency, per-second received.
  std::string statsJson(bool with_series) const;
  // POST /_sink/expect: more expected ids (newline-separated), kept for the next reconcile.
  void expect(std::string_view ids);
  // POST /_sink/reconcile: the expected ids so far plus `ids` against what was delivered; the
  // expected set is emptied afterwards.
  std::string reconcileJson(std::string_view ids);
  // POST /_sink/reset: forget everything.
  void reset(int64_t now_us);

  uint64_t received() const { return received_; }
  uint64_t delivered() const { return delivered_; }

 private:
  size_t expected_ids_;  // sizes the expected set too
  int64_t since_us_;
  uint64_t received_ = 0;
  uint64_t delivered_ = 0;
  uint64_t without_id_ = 0;
  uint64_t failed_answers_ = 0;
  uint64_t held_ = 0;
  EventIdSet ids_;
  LatencyHistogram latency_;
  std::vector<uint64_t> received_per_second_;
  std::unique_ptr<EventIdSet> expected_;
};

}  // namespace switchyard
