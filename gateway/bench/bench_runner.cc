#include "gateway/bench/bench_runner.h"

#include <signal.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <thread>

#include "gateway/bench/html_report.h"

namespace switchyard::bench {
namespace {

constexpr uint64_t kNanosPerMilli = 1'000'000;
constexpr int64_t kDefaultDurationMs = 10'000;
constexpr uint64_t kStartDelayNs = 20 * kNanosPerMilli;  // every loop is up before the first send

// A worker's report, handed to the controller's loop (it is its own inbox node).
struct WorkerReport final : dispatcher::InboxNode {
  explicit WorkerReport(std::function<void(WorkerReport&)> apply_in) : apply(std::move(apply_in)) {}
  void run() noexcept override {
    std::unique_ptr<WorkerReport> self(this);  // posted with release(): freed after running
    apply(*this);
  }
  std::function<void(WorkerReport&)> apply;
  int worker = 0;
  std::unique_ptr<IntervalStats> stats;
  AcceptedIds ids;
};

uint64_t share(uint64_t total, int parts, int index) {
  auto count = static_cast<uint64_t>(parts);
  return total / count + (static_cast<uint64_t>(index) < total % count ? 1 : 0);
}

std::string perSecond(uint64_t count) { return std::to_string(count) + "/s"; }

}  // namespace

BenchRunner::BenchRunner(BenchOptions options) : options_(std::move(options)) {}

BenchRunner::~BenchRunner() = default;

int BenchRunner::prepare() {
  auto fail = [](const std::string& message, int code) {
    std::fprintf(stderr, "switchyard bench: %s\n", message.c_str());
    return code;
  };
  Result<TargetUrl> url = parseTargetUrl(options_.url);
  if (!url.ok()) {
    return fail("--url: " + url.error().message, 2);
  }
  url_ = std::move(url).value();
  Result<std::unique_ptr<BenchTarget>> target = makeTarget(options_.target, *url_, options_.token);
  if (!target.ok()) {
    return fail(target.error().message, 2);
  }
  target_ = std::move(target).value();
  Result<PayloadTemplate> payload = PayloadTemplate::compile(
      options_.body.empty() ? PayloadTemplate::defaultBody() : std::string_view(options_.body));
  if (!payload.ok()) {
    return fail(payload.error().message, 2);
  }
  payload_ = std::move(payload).value();
  if (options_.duration_ms == 0 && options_.count == 0) {
    options_.duration_ms = kDefaultDurationMs;
  }
  // Every loop needs a connection of its own (in an open loop, its share of the schedule).
  options_.threads = std::min(options_.threads, options_.effectiveConnections());
  if (!options_.sink_url.empty()) {
    Result<SinkClient> sink = SinkClient::create(options_.sink_url);
    if (!sink.ok()) {
      return fail(sink.error().message, 2);
    }
    sink_ = std::move(sink).value();
    // The sink counts from here, so that its ids are this run's.
    if (Status reset = sink_->reset(); !reset.ok()) {
      return fail(reset.error().message, 1);
    }
  }
  return 0;
}

std::vector<WorkerPlan> BenchRunner::makePlans() const {
  int workers = options_.threads;
  uint64_t start_ns = uv_hrtime() + kStartDelayNs;
  uint64_t warmup_ns = static_cast<uint64_t>(options_.warmup_ms) * kNanosPerMilli;
  uint64_t duration_ns = static_cast<uint64_t>(options_.duration_ms) * kNanosPerMilli;
  WorkerPlan common;
  common.target = target_.get();
  common.payload = &*payload_;
  common.address = url_->address;
  common.workers = workers;
  common.rate = options_.rate;
  common.start_ns = start_ns;
  common.measure_start_ns = start_ns + warmup_ns;
  common.end_ns = duration_ns == 0 ? 0 : common.measure_start_ns + duration_ns;
  common.timeout_ms = options_.timeout_ms;
  common.collect_ids = sink_.has_value();
  common.seed = options_.seed;
  if (options_.openLoop()) {
    // Requests due before the measurement starts are the warmup; the count comes on top.
    double rate = options_.rate;
    common.first_measured =
        static_cast<uint64_t>(std::ceil(static_cast<double>(warmup_ns) * rate / 1e9));
    common.limit = options_.count > 0 ? common.first_measured + options_.count : UINT64_MAX;
    if (duration_ns > 0) {
      common.limit = std::min(
          common.limit, static_cast<uint64_t>(
                            std::ceil(static_cast<double>(warmup_ns + duration_ns) * rate / 1e9)));
    }
  }
  std::vector<WorkerPlan> plans;
  for (int i = 0; i < workers; ++i) {
    WorkerPlan plan = common;
    plan.index = i;
    plan.connections =
        static_cast<int>(share(static_cast<uint64_t>(options_.effectiveConnections()), workers, i));
    if (options_.openLoop()) {
      plan.expected_ids =
          plan.limit == UINT64_MAX ? 0 : plan.limit / static_cast<uint64_t>(workers);
      if (plan.expected_ids == 0 && duration_ns > 0) {
        plan.expected_ids = static_cast<size_t>(
            options_.rate * static_cast<double>(warmup_ns + duration_ns) / 1e9 / workers);
      }
    } else {
      plan.limit = options_.count > 0 ? share(options_.count, workers, i) : UINT64_MAX;
      plan.expected_ids = options_.count > 0 ? plan.limit : 0;
    }
    plan.expected_ids *= static_cast<size_t>(target_->eventsPerRequest());
    plan.expected_ids = std::min<size_t>(plan.expected_ids, 50'000'000);
    plans.push_back(plan);
  }
  return plans;
}

int BenchRunner::run() {
  std::vector<WorkerPlan> plans = makePlans();
  measure_start_ns_ = plans.front().measure_start_ns;
  int workers = options_.threads;
  report_.target = std::string(target_->kind());
  report_.events_per_request = target_->eventsPerRequest();
  report_.url = options_.url;
  report_.open_loop = options_.openLoop();
  report_.rate = options_.rate;
  report_.connections = options_.effectiveConnections();
  report_.threads = workers;
  report_.warmup_ms = options_.warmup_ms;
  reported_through_.assign(static_cast<size_t>(workers), INT64_MIN);
  workers_.resize(static_cast<size_t>(workers));
  for (int i = 0; i < workers; ++i) {
    loops_.push_back(std::make_unique<LoopThread>("bench-" + std::to_string(i)));
  }
  controller_.runHere([&] {
    interrupt_ = std::make_unique<UvHandle<uv_signal_t>>();
    uv_signal_init(controller_.loop(), interrupt_->get());
    interrupt_->markInitialized();
    interrupt_->get()->data = this;
    uv_signal_start(
        interrupt_->get(),
        [](uv_signal_t* signal, int) { static_cast<BenchRunner*>(signal->data)->onInterrupt(); },
        SIGINT);
    for (int i = 0; i < workers; ++i) {
      LoopThread* loop = loops_[static_cast<size_t>(i)].get();
      loop->start([this, loop, i, plan = plans[static_cast<size_t>(i)]] {
        auto& worker = workers_[static_cast<size_t>(i)];
        worker = std::make_unique<BenchWorker>(loop->loop(), plan, this);
        worker->start();
      });
    }
  });
  for (size_t i = 0; i < loops_.size(); ++i) {
    loops_[i]->stop([this, i] { workers_[i].reset(); });
    loops_[i]->join();
  }
  report_.elapsed_seconds =
      static_cast<double>(finished_ns_ > measure_start_ns_ ? finished_ns_ - measure_start_ns_ : 0) /
      1e9;
  report_.latency = Percentiles::of(report_.totals.latency);
  report_.service = Percentiles::of(report_.totals.service);
  report_.distribution = report_.totals.latency.nonEmptyBuckets();
  report_.accepted_ids = ids_.ids.size() + ids_.other_ids.size();
  report_.accepted_without_id = ids_.without_id;
  if (sink_) {
    drainAndReconcile();
  }
  std::string text = options_.json ? renderJson(report_) : renderText(report_);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  if (!options_.html_path.empty()) {
    std::ofstream html(options_.html_path);
    html << renderHtml(report_);
    if (!html.good()) {
      std::fprintf(stderr, "switchyard bench: cannot write %s\n", options_.html_path.c_str());
      return 1;
    }
    std::fprintf(stderr, "HTML report: %s\n", options_.html_path.c_str());
  }
  return report_.failed() ? 1 : 0;
}

void BenchRunner::onSecond(int worker, std::unique_ptr<IntervalStats> stats) noexcept {
  auto report = std::make_unique<WorkerReport>(
      [this](WorkerReport& r) { absorb(r.worker, std::move(r.stats), nullptr); });
  report->worker = worker;
  report->stats = std::move(stats);
  controller_.post(report.release());
}

void BenchRunner::onFinished(int worker, std::unique_ptr<IntervalStats> last,
                             AcceptedIds&& ids) noexcept {
  auto report = std::make_unique<WorkerReport>(
      [this](WorkerReport& r) { absorb(r.worker, std::move(r.stats), &r.ids); });
  report->worker = worker;
  report->stats = std::move(last);
  report->ids = std::move(ids);
  controller_.post(report.release());
}

void BenchRunner::absorb(int worker, std::unique_ptr<IntervalStats> stats, AcceptedIds* ids) {
  auto [entry, added] = pending_.try_emplace(stats->second);
  entry->second.second = stats->second;
  entry->second.merge(*stats);
  reported_through_[static_cast<size_t>(worker)] = ids != nullptr ? INT64_MAX : stats->second;
  if (ids != nullptr) {
    ++finished_;
    finished_ns_ = uv_hrtime();
    ids_.ids.insert(ids_.ids.end(), ids->ids.begin(), ids->ids.end());
    ids_.other_ids.insert(ids_.other_ids.end(), ids->other_ids.begin(), ids->other_ids.end());
    ids_.without_id += ids->without_id;
  }
  // A second is complete once every worker has reported it (or finished).
  int64_t complete_through = INT64_MAX;
  for (int64_t reported : reported_through_) {
    complete_through = std::min(complete_through, reported);
  }
  while (!pending_.empty() && pending_.begin()->first <= complete_through) {
    finalize(pending_.begin()->second);
    pending_.erase(pending_.begin());
  }
  if (finished_ == options_.threads) {
    interrupt_.reset();
    uv_stop(controller_.loop());
  }
}

void BenchRunner::finalize(const IntervalStats& second) {
  report_.totals.merge(second);
  if (finished_ == options_.threads && second.sent == 0 && !report_.series.empty() &&
      report_.series.back().second + 1 == second.second) {
    // The tail after the last send (answers still in flight): part of the last second, not a
    // second of its own with a misleading rate.
    report_.series.back().accepted += second.accepted;
    report_.series.back().errors += second.errors();
    return;
  }
  int64_t delivered = pollDelivered();
  if (second.second >= 0) {
    SeriesPoint point;
    point.second = second.second;
    point.sent = second.sent;
    point.accepted = second.accepted;
    point.errors = second.errors();
    point.p50_us = second.latency.percentile(50);
    point.p99_us = second.latency.percentile(99);
    point.delivered = delivered;
    report_.series.push_back(point);
  }
  if (options_.quiet) {
    return;
  }
  std::string line;
  if (second.second < 0) {
    line = "sent " + perSecond(second.warmup_sent) + "  answered " + perSecond(second.warmup_done);
    printLive("warmup", line);
    return;
  }
  line = "sent " + perSecond(second.sent) + "  accepted " + perSecond(second.accepted) +
         "  errors " + std::to_string(second.errors());
  if (second.errors() > 0) {
    line += " (" + second.describeErrors() + ")";
  }
  line += "  p50 " + formatMicros(second.latency.percentile(50)) + "  p99 " +
          formatMicros(second.latency.percentile(99));
  if (delivered >= 0) {
    line += "  delivered " + perSecond(static_cast<uint64_t>(delivered));
  }
  printLive(std::to_string(second.second + 1) + "s", line);
}

int64_t BenchRunner::pollDelivered() {
  if (!sink_) {
    return -1;
  }
  Result<SinkClient::Stats> stats = sink_->stats();
  if (!stats.ok()) {
    return -1;
  }
  int64_t delivered = static_cast<int64_t>(stats->unique - std::min(stats->unique, sink_unique_));
  sink_unique_ = stats->unique;
  return delivered;
}

void BenchRunner::onInterrupt() {
  if (++interrupts_ > 1) {
    std::_Exit(130);
  }
  std::fprintf(stderr, "Stopping: waiting for the requests in flight (Ctrl-C again to quit).\n");
  for (size_t i = 0; i < loops_.size(); ++i) {
    loops_[i]->post([this, i] {
      if (workers_[i] != nullptr) {  // nullptr: interrupted while starting
        workers_[i]->requestStop();
      }
    });
  }
}

void BenchRunner::drainAndReconcile() {
  using Clock = std::chrono::steady_clock;
  SinkResult result;
  result.url = sink_->url();
  uint64_t expected = ids_.ids.size() + ids_.other_ids.size();
  auto started = Clock::now();
  auto last_change = started;
  auto next_point = started + std::chrono::seconds(1);
  uint64_t last_received = 0;
  int64_t second = report_.series.empty() ? 0 : report_.series.back().second + 1;
  uint64_t unique_at_point = sink_unique_;
  // Until the sink has every accepted id and went quiet, or went quiet for long, or --drain.
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    Result<SinkClient::Stats> stats = sink_->stats();
    if (!stats.ok()) {
      result.error = stats.error().message;
      break;
    }
    auto now = Clock::now();
    if (stats->received != last_received) {
      last_received = stats->received;
      last_change = now;
    }
    if (now >= next_point) {
      SeriesPoint point;
      point.second = second++;
      point.drain = true;
      point.delivered =
          static_cast<int64_t>(stats->unique - std::min(stats->unique, unique_at_point));
      unique_at_point = stats->unique;
      report_.series.push_back(point);
      next_point += std::chrono::seconds(1);
      if (!options_.quiet) {
        printLive("drain", "delivered " + perSecond(static_cast<uint64_t>(point.delivered)) + "  " +
                               std::to_string(stats->unique) + " of " + std::to_string(expected));
      }
    }
    auto quiet = now - last_change;
    bool complete = stats->unique >= expected && quiet >= std::chrono::milliseconds(200);
    if (complete || quiet >= std::chrono::seconds(2)) {
      result.drained = true;
      break;
    }
    if (now - started >= std::chrono::milliseconds(options_.drain_ms)) {
      break;
    }
  }
  result.drain_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (result.error.empty()) {
    Result<SinkClient::Stats> stats = sink_->stats();
    Status reconciled = stats.ok() ? sink_->reconcile(ids_, &result) : Status(stats.error());
    if (!reconciled.ok()) {
      result.error = reconciled.error().message;
    } else {
      result.received = stats->received;
      result.unique = stats->unique;
      result.end_to_end = stats->latency;
    }
  }
  report_.sink = std::move(result);
}

void BenchRunner::printLive(const std::string& label, const std::string& text) const {
  std::fprintf(stderr, "[%6s] %s\n", label.c_str(), text.c_str());
}

}  // namespace switchyard::bench
