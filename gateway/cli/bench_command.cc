#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gateway/bench/bench_runner.h"
#include "gateway/cli/args.h"
#include "gateway/cli/commands.h"
#include "gateway/config/config.h"

namespace switchyard::cli {
namespace {

constexpr const char* kBenchUsage =
    R"(Usage: switchyard bench --url URL [--target KIND] [--rate N/s | --connections N]
                        [--duration 10s] [--count N] [--sink URL] [--json] [--html FILE]

A load generator for Switchyard's ingest surfaces, one libuv loop per thread on keep-alive
connections.
  Open loop (--rate): requests leave on a fixed timeline, whatever the answers do; latency is
    measured from the time each request was due, so a gateway that falls behind shows the
    queueing it causes (coordinated omission corrected). --connections caps the connections.
  Closed loop (no --rate): --connections N each send the next request when the last is answered.
Targets:
  webhook  POST the body to /events/TRIGGER; 202 {"id":...} counts as accepted
  invoke   POST to /2015-03-31/functions/NAME/invocations with X-Amz-Invocation-Type: Event;
           202 with x-amzn-RequestId counts as accepted
  sqs      SQS SendMessageBatch (JSON 1.0) of 10 messages, one body each, to the queue whose URL
           is --url (http://HOST:PORT/ACCOUNT/QUEUE); accepted counts the Successful entries and
           their MessageIds are what the sink reconciles (Records[].messageId of an sqs trigger)
Body placeholders: {{seq}} request number, {{rand}} 16 random hex digits, {{time}} Unix µs.
A live line goes to stderr every second; the report to stdout (text, or JSON with --json).
With --sink (a `switchyard sink`, reset when bench starts), bench shows delivered/s, waits at the
end until the sink goes quiet (at most --drain), and reconciles every accepted event id with it:
delivered, missing, duplicates, and the end-to-end latency (accepted → function called).
Exit status: 0; 1 if an accepted event is missing at the sink or the sink could not be asked;
2 on bad options.
)";

const std::vector<OptionSpec> kBenchOptions = {
    {"url", 'u', true, "URL", "Ingest URL, e.g. http://127.0.0.1:8080/events/hook (required)"},
    {"target", 't', true, "KIND", "webhook (default), invoke or sqs"},
    {"rate", 'r', true, "N/s", "Open loop at this many requests per second (e.g. 1000/s, 5k/s)"},
    {"connections", 'c', true, "N",
     "Closed loop: connections (default 32); open loop: at most this many (default 64)"},
    {"threads", 0, true, "N", "Loops (threads) sharing the load (default 1)"},
    {"duration", 'd', true, "DURATION",
     "Measure this long, e.g. 10s (default 10s unless --count is given)"},
    {"count", 'n', true, "N", "Stop after N measured requests (with --duration: whichever first)"},
    {"warmup", 0, true, "DURATION", "Send for this long first without measuring (default 0)"},
    {"timeout", 0, true, "DURATION", "A request not answered in this long is an error (10s)"},
    {"body", 'b', true, "TEMPLATE", "Request body with placeholders (default: ~300 B of JSON)"},
    {"body-file", 0, true, "FILE", "Read the body template from FILE"},
    {"token", 0, true, "TOKEN", "Send Authorization: Bearer TOKEN (server.ingest_token)"},
    {"sink", 's', true, "URL", "A switchyard sink (http://127.0.0.1:9000) to reconcile with"},
    {"drain", 0, true, "DURATION", "With --sink: wait at most this long at the end (default 10s)"},
    {"json", 0, false, "", "Print the report as JSON (totals, rates, percentiles, series)"},
    {"html", 0, true, "FILE", "Also write a self-contained HTML report with charts"},
    {"quiet", 'q', false, "", "No live line on stderr"},
    {"seed", 0, true, "N", "Seed for {{rand}} (default 1)"},
    {"help", 'h', false, "", "Show this help"}};

Result<int64_t> durationOption(const ParsedArgs& args, const char* name) {
  Result<config::Duration> duration = config::parseDuration(args.get(name));
  if (!duration.ok()) {
    return makeError(Errc::kInvalidArgument,
                     std::string("--") + name + ": " + duration.error().message);
  }
  return duration->count();
}

Result<uint64_t> countOption(const ParsedArgs& args, const char* name, uint64_t minimum) {
  std::string text = args.get(name);
  uint64_t value = 0;
  size_t used = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < minimum || text.starts_with('-')) {
    return makeError(Errc::kInvalidArgument, std::string("--") + name + " takes a whole number" +
                                                 (minimum > 0 ? " of at least 1" : "") +
                                                 ", got \"" + text + "\"");
  }
  return value;
}

// Fills `options` from the arguments; the message names the option at fault.
Status readOptions(const ParsedArgs& args, bench::BenchOptions* options) {
  if (!args.has("url")) {
    return makeError(Errc::kInvalidArgument, "--url is required (see --help)");
  }
  options->url = args.get("url");
  options->target = args.get("target", "webhook");
  if (args.has("rate")) {
    Result<double> rate = bench::parseRate(args.get("rate"));
    if (!rate.ok()) {
      return makeError(Errc::kInvalidArgument, "--rate: " + rate.error().message);
    }
    options->rate = *rate;
  }
  struct Count {
    const char* name;
    uint64_t minimum;
    uint64_t* out;
  };
  uint64_t connections = 0;
  uint64_t threads = 1;
  for (const Count& count :
       {Count{"connections", 1, &connections}, Count{"threads", 1, &threads},
        Count{"count", 1, &options->count}, Count{"seed", 0, &options->seed}}) {
    if (args.has(count.name)) {
      Result<uint64_t> value = countOption(args, count.name, count.minimum);
      if (!value.ok()) {
        return value.error();
      }
      *count.out = *value;
    }
  }
  if (connections > 100'000 || threads > 256) {
    return makeError(Errc::kInvalidArgument, "--connections (100000) or --threads (256) too large");
  }
  options->connections = static_cast<int>(connections);
  options->threads = static_cast<int>(threads);
  struct Time {
    const char* name;
    int64_t* out;
  };
  for (const Time& time :
       {Time{"duration", &options->duration_ms}, Time{"warmup", &options->warmup_ms},
        Time{"timeout", &options->timeout_ms}, Time{"drain", &options->drain_ms}}) {
    if (args.has(time.name)) {
      Result<int64_t> value = durationOption(args, time.name);
      if (!value.ok()) {
        return value.error();
      }
      *time.out = *value;
    }
  }
  if (options->timeout_ms <= 0) {
    return makeError(Errc::kInvalidArgument, "--timeout must be more than 0");
  }
  if (args.has("body") && args.has("body-file")) {
    return makeError(Errc::kInvalidArgument, "give --body or --body-file, not both");
  }
  options->body = args.get("body");
  if (args.has("body-file")) {
    std::ifstream file(args.get("body-file"), std::ios::binary);
    if (!file) {
      return makeError(Errc::kInvalidArgument, "--body-file: cannot read " + args.get("body-file"));
    }
    std::ostringstream text;
    text << file.rdbuf();
    options->body = text.str();
  }
  options->token = args.get("token");
  options->sink_url = args.get("sink");
  options->json = args.has("json");
  options->html_path = args.get("html");
  options->quiet = args.has("quiet");
  return {};
}

}  // namespace

int benchCommand(const std::vector<std::string>& argv) {
  Result<ParsedArgs> args = parseArgs(argv, kBenchOptions);
  if (!args.ok()) {
    std::fprintf(stderr, "switchyard bench: %s\n", args.error().message.c_str());
    return 2;
  }
  if (args->has("help")) {
    std::printf("%s\n%s", kBenchUsage, describeOptions(kBenchOptions).c_str());
    return 0;
  }
  bench::BenchOptions options;
  if (Status read = readOptions(*args, &options); !read.ok()) {
    std::fprintf(stderr, "switchyard bench: %s\n", read.error().message.c_str());
    return 2;
  }
  bench::BenchRunner runner(std::move(options));
  if (int prepared = runner.prepare(); prepared != 0) {
    return prepared;
  }
  return runner.run();
}

}  // namespace switchyard::cli
