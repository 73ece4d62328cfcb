// `switchyard dlq list|show|replay|purge`: inspect and replay dead-lettered events, through the
// running gateway's admin API or, when it is stopped, on the store directly.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <string>

#include "dispatcher/dlq/dlq_json.h"
#include "dispatcher/dlq/dlq_query.h"
#include "gateway/cli/args.h"
#include "gateway/cli/commands.h"
#include "gateway/cli/dlq_client.h"
#include "gateway/config/config.h"
#include "gateway/core/event.h"
#include "gateway/core/json_writer.h"
#include "gateway/core/log.h"

namespace switchyard::cli {
namespace {

constexpr const char* kUsage = R"(Usage: switchyard dlq <list|show|replay|purge> -c FILE [options]

Dead-lettered events: events whose deliveries ended undelivered (retries exhausted, too old,
rejected, or the function asked for it). With the gateway of FILE running, every command goes
through its admin API; when it is stopped, through the store under store.data_dir (replays then
deliver through an embedded dispatcher built from the same config).

  dlq list   [SELECTORS] [--json]              records, oldest first
  dlq show   ID [--json]                       one record in full (record id or event id)
  dlq replay [SELECTORS | ID...] [--to FUNCTION] [--rate N/s] [--dry-run] [--force]
             sends the original events again through the normal dispatcher (retries and
             destinations apply); records already replayed are skipped unless --force
  dlq purge  [SELECTORS | ID...] [--yes]       deletes records (asks first unless --yes)

SELECTORS: --function F --trigger T --since TIME --until TIME --error TEXT --limit N
TIME: 2026-11-25T08:00:00Z, Unix microseconds, or a duration ago (15m, 2h, 1d)
)";

std::atomic<bool> g_interrupted{false};

const std::vector<OptionSpec>& dlqOptions() {
  static const std::vector<OptionSpec> specs = {
      {"config", 'c', true, "FILE", "The gateway's config (required)"},
      {"function", 0, true, "F", "Only records of this function"},
      {"trigger", 0, true, "T", "Only records of this trigger"},
      {"since", 0, true, "TIME", "Dead-lettered at or after TIME"},
      {"until", 0, true, "TIME", "Dead-lettered before TIME"},
      {"error", 0, true, "TEXT", "Last error or reason contains TEXT (case-insensitive)"},
      {"limit", 0, true, "N", "At most N records"},
      {"json", 0, false, "", "JSON output (one object per line for list)"},
      {"to", 0, true, "FUNCTION", "replay: deliver to FUNCTION instead"},
      {"rate", 0, true, "N/s", "replay: at most N events per second"},
      {"dry-run", 0, false, "", "replay: only say how many would be replayed"},
      {"force", 0, false, "", "replay: include records replayed before"},
      {"yes", 'y', false, "", "purge: do not ask for confirmation"},
      {"help", 'h', false, "", "Show this help"}};
  return specs;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "switchyard dlq: %s\n", message.c_str());
  return 2;
}

std::string formatTime(int64_t micros) {
  std::string out;
  json::appendRfc3339(out, micros);
  return out;
}

std::string clip(std::string text, size_t width) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      c = ' ';
    }
  }
  return text.size() <= width ? text : text.substr(0, width - 1) + "~";
}

Result<dlq::DlqFilter> filterFromArgs(const ParsedArgs& args, size_t first_id) {
  dlq::DlqFilter filter;
  for (const char* key : {"function", "trigger", "since", "until", "error", "limit"}) {
    if (args.has(key)) {
      if (Status status = dlq::applyFilterParameter(filter, key, args.get(key)); !status.ok()) {
        return makeError(Errc::kInvalidArgument, "--" + status.error().message);
      }
    }
  }
  const auto& positional = args.positional();
  for (size_t i = first_id; i < positional.size(); ++i) {
    filter.ids.push_back(positional[i]);
  }
  return filter;
}

void printRecordsTable(const std::vector<dlq::DlqRecord>& records) {
  std::printf("%-36s  %-16s  %-14s  %-18s  %3s  %-24s  %s\n", "ID", "FUNCTION", "TRIGGER", "REASON",
              "TRY", "DEAD-LETTERED AT", "LAST ERROR");
  for (const dlq::DlqRecord& record : records) {
    std::string error = record.lastError();
    if (record.lastStatus() != 0) {
      error = std::to_string(record.lastStatus()) + " " + error;
    }
    std::printf("%-36s  %-16s  %-14s  %-18s  %3zu  %-24s  %s%s\n", record.id.c_str(),
                clip(record.function, 16).c_str(), clip(record.trigger, 14).c_str(),
                clip(record.reason, 18).c_str(), record.attempts.size(),
                formatTime(record.dead_lettered_us).c_str(), clip(error, 60).c_str(),
                record.replays.empty() ? "" : "  (replayed)");
  }
}

void printRecord(const dlq::DlqRecord& record) {
  std::printf("record        %s\nevent         %s (%s, from %s)\nfunction      %s\n",
              record.id.c_str(), record.event_id.c_str(), record.event_kind.c_str(),
              record.source.c_str(), record.function.c_str());
  std::printf("trigger       %s\nreason        %s\ndead-lettered %s\nformat        %s\n",
              record.trigger.empty() ? "-" : record.trigger.c_str(), record.reason.c_str(),
              formatTime(record.dead_lettered_us).c_str(), record.format.c_str());
  std::printf("content-type  %s\npayload       %zu bytes\n", record.content_type.c_str(),
              record.payload.size());
  if (json::isValidUtf8(record.payload)) {
    std::printf("%s\n", record.payload.substr(0, 2000).c_str());
  }
  std::printf("attempts      %zu\n", record.attempts.size());
  for (size_t i = 0; i < record.attempts.size(); ++i) {
    const dlq::AttemptRecord& attempt = record.attempts[i];
    std::printf("  #%zu  %s  %6.1f ms  %-3d %-16s %s\n", i + 1,
                formatTime(attempt.started_us).c_str(),
                static_cast<double>(attempt.latency_us) / 1000.0, attempt.status,
                attempt.outcome.c_str(), clip(attempt.error, 80).c_str());
  }
  std::printf("replays       %zu\n", record.replays.size());
  for (const dlq::ReplayRecord& replay : record.replays) {
    std::printf("  %s  job %s%s%s\n", formatTime(replay.at_us).c_str(), replay.replay_id.c_str(),
                replay.to_function.empty() ? "" : " to ", replay.to_function.c_str());
  }
}

int listCommand(DlqClient& client, const ParsedArgs& args) {
  Result<dlq::DlqFilter> filter = filterFromArgs(args, 1);
  if (!filter.ok()) {
    return fail(filter.error().message);
  }
  Result<std::vector<dlq::DlqRecord>> records = client.list(*filter);
  if (!records.ok()) {
    return fail(records.error().message);
  }
  if (args.has("json")) {
    for (const dlq::DlqRecord& record : *records) {
      std::string line;
      dlq::appendRecordJson(line, record, false);
      std::printf("%s\n", line.c_str());
    }
  } else {
    printRecordsTable(*records);
    std::fprintf(stderr, "%zu record(s) from %s\n", records->size(), client.describe().c_str());
  }
  return 0;
}

int showCommand(DlqClient& client, const ParsedArgs& args) {
  if (args.positional().size() < 2) {
    return fail("show needs a record id (or event id)");
  }
  Result<std::optional<dlq::DlqRecord>> record = client.get(args.positional()[1]);
  if (!record.ok()) {
    return fail(record.error().message);
  }
  if (!record->has_value()) {
    std::fprintf(stderr, "switchyard dlq: no record %s\n", args.positional()[1].c_str());
    return 1;
  }
  if (args.has("json")) {
    std::string json;
    dlq::appendRecordJson(json, **record, true);
    std::printf("%s\n", json.c_str());
  } else {
    printRecord(**record);
  }
  return 0;
}

int replayCommand(DlqClient& client, const ParsedArgs& args) {
  Result<dlq::DlqFilter> filter = filterFromArgs(args, 1);
  if (!filter.ok()) {
    return fail(filter.error().message);
  }
  dlq::ReplayRequest request;
  request.filter = *filter;
  request.force = args.has("force");
  request.to_function = args.get("to");
  if (args.has("rate")) {
    std::string rate = args.get("rate");
    if (rate.ends_with("/s")) {
      rate.resize(rate.size() - 2);
    }
    try {
      request.rate_per_second = std::stod(rate);
    } catch (const std::exception&) {
      return fail("--rate takes events per second, like 500/s");
    }
    if (request.rate_per_second <= 0) {
      return fail("--rate must be positive");
    }
  }
  dlq::DlqFilter counted = request.filter;
  counted.include_replayed = request.force;
  Result<size_t> total = client.count(counted);
  if (!total.ok()) {
    return fail(total.error().message);
  }
  size_t limit = request.filter.limit;
  size_t will = limit > 0 && limit < *total ? limit : *total;
  if (will == 0) {
    dlq::DlqFilter any = request.filter;
    any.include_replayed = true;
    Result<size_t> already = client.count(any);
    std::printf("Nothing to replay%s.\n",
                already.ok() && *already > 0 && !request.force
                    ? (": " + std::to_string(*already) +
                       " matching record(s) were replayed before (use --force to replay again)")
                          .c_str()
                    : "");
    return 0;
  }
  if (args.has("dry-run")) {
    std::printf("Would replay %zu record(s)%s%s (dry run; nothing sent).\n", will,
                request.to_function.empty() ? "" : " to ", request.to_function.c_str());
    return 0;
  }
  ::signal(SIGINT, [](int) { g_interrupted = true; });
  bool tty = ::isatty(STDERR_FILENO) != 0;
  auto on_progress = [&](const DlqClient::Progress& progress) {
    uint64_t done = progress.submitted + progress.skipped;
    std::fprintf(stderr, "%sreplay %s: %llu/%llu (%.0f%%)  %.0f/s  ETA %.0fs%s", tty ? "\r" : "",
                 progress.state.c_str(), static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(progress.total),
                 progress.total > 0
                     ? 100.0 * static_cast<double>(done) / static_cast<double>(progress.total)
                     : 100.0,
                 progress.rate, progress.eta_seconds, tty ? "   " : "\n");
  };
  Result<DlqClient::Progress> result =
      client.replay(request, on_progress, [] { return g_interrupted.load(); });
  if (tty) {
    std::fprintf(stderr, "\n");
  }
  if (!result.ok()) {
    return fail(result.error().message);
  }
  std::printf("Replay %s: %llu submitted, %llu skipped of %llu.%s%s\n", result->state.c_str(),
              static_cast<unsigned long long>(result->submitted),
              static_cast<unsigned long long>(result->skipped),
              static_cast<unsigned long long>(result->total),
              result->error.empty() ? "" : " Last problem: ", result->error.c_str());
  if (result->state == "cancelled") {
    std::printf("Run the same command again to resume: replayed records are skipped.\n");
  }
  return result->state == "done" ? 0 : 1;
}

int purgeCommand(DlqClient& client, const ParsedArgs& args) {
  Result<dlq::DlqFilter> filter = filterFromArgs(args, 1);
  if (!filter.ok()) {
    return fail(filter.error().message);
  }
  Result<size_t> count = client.count(*filter);
  if (!count.ok()) {
    return fail(count.error().message);
  }
  if (*count == 0) {
    std::printf("No matching records.\n");
    return 0;
  }
  if (!args.has("yes")) {
    if (::isatty(STDIN_FILENO) == 0) {
      return fail("purge asks for confirmation on a terminal; pass --yes to purge " +
                  std::to_string(*count) + " record(s) without asking");
    }
    std::printf("Delete %zu record(s)%s? Type yes to confirm: ", *count,
                dlq::filterIsEmpty(*filter) ? " (ALL records)" : "");
    std::fflush(stdout);
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "yes") {
      std::printf("Nothing deleted.\n");
      return 1;
    }
  }
  Result<size_t> purged = client.purge(*filter);
  if (!purged.ok()) {
    return fail(purged.error().message);
  }
  std::printf("Purged %zu record(s).\n", *purged);
  return 0;
}

}  // namespace

int dlqCommand(const std::vector<std::string>& argv) {
  Result<ParsedArgs> args = parseArgs(argv, dlqOptions());
  if (!args.ok()) {
    return fail(args.error().message);
  }
  if (args->has("help") || args->positional().empty()) {
    std::printf("%s\n%s", kUsage, describeOptions(dlqOptions()).c_str());
    return args->has("help") ? 0 : 2;
  }
  const std::string& action = args->positional()[0];
  if (action != "list" && action != "show" && action != "replay" && action != "purge") {
    return fail("unknown dlq command \"" + action + "\" (list, show, replay, purge)");
  }
  if (!args->has("config")) {
    return fail("-c FILE is required (the config the gateway runs with)");
  }
  Result<config::Config> loaded = config::loadConfigFile(args->get("config"));
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
    return 2;
  }
  auto config = std::make_shared<const config::Config>(std::move(loaded).value());
  log::setLevel(log::Level::kWarn);  // an offline replay runs an embedded gateway: keep it quiet
  Result<std::unique_ptr<DlqClient>> client = connectDlq(config);
  if (!client.ok()) {
    return fail(client.error().message);
  }
  if (action == "list") {
    return listCommand(**client, *args);
  }
  if (action == "show") {
    return showCommand(**client, *args);
  }
  if (action == "replay") {
    return replayCommand(**client, *args);
  }
  return purgeCommand(**client, *args);
}

}  // namespace switchyard::cli
