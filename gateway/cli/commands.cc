#include "gateway/cli/commands.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "connectors/registry.h"
#include "gateway/cli/args.h"
#include "gateway/config/config.h"
#include "gateway/core/log.h"
#include "gateway/process/config_check.h"
#include "gateway/process/gateway.h"
#include "gateway/sink/sink_server.h"

#ifndef SWITCHYARD_VERSION
#define SWITCHYARD_VERSION "0.0.0"
#endif

namespace switchyard::cli {
namespace {

constexpr const char* kUsage = R"(Switchyard: an event-trigger gateway and fan-out broker.

Usage: switchyard <command> [options]

Commands:
  run        Run the gateway (with -c FILE, or the embedded default config)
  validate   Check a config file and report the first error with file:line:column
  sink       Run a built-in function endpoint that prints and accounts for what it receives
  bench      Load-test an ingest surface (open or closed loop) and reconcile with a sink
  dlq        Inspect, replay and purge dead-lettered events (list, show, replay, purge)
  version    Print the version
  help       Show this help; `switchyard <command> --help` shows a command's options

Docs: README.md, docs/ARCHITECTURE.md. Example configs: config/.
)";

const OptionSpec kHelp{"help", 'h', false, "", "Show this help"};
const OptionSpec kConfig{"config", 'c', true, "FILE",
                         "Config file (YAML); default: the embedded example config"};
const OptionSpec kLogLevel{"log-level", 0, true, "LEVEL", "debug, info (default), warn, error"};

void printHelp(const char* usage, const std::vector<OptionSpec>& specs) {
  std::printf("%s\n%s", usage, describeOptions(specs).c_str());
}

Result<std::shared_ptr<const config::Config>> loadConfig(const ParsedArgs& args) {
  if (!args.has("config")) {
    Result<config::Config> parsed =
        config::parseConfig(std::string(config::embeddedDefaultConfig()), "<embedded default>");
    if (!parsed.ok()) {
      return parsed.error();
    }
    return std::make_shared<const config::Config>(std::move(parsed).value());
  }
  Result<config::Config> loaded = config::loadConfigFile(args.get("config"));
  if (!loaded.ok()) {
    return loaded.error();
  }
  return std::make_shared<const config::Config>(std::move(loaded).value());
}

bool applyLogLevel(const ParsedArgs& args, const config::Config* config) {
  std::string text = args.get("log-level", config != nullptr ? config->log.level : "info");
  log::Level level;
  if (!log::parseLevel(text, &level)) {
    std::fprintf(stderr, "switchyard: --log-level must be debug, info, warn or error, got \"%s\"\n",
                 text.c_str());
    return false;
  }
  log::setLevel(level);
  return true;
}

}  // namespace

int runCommand(const std::vector<std::string>& argv) {
  const std::vector<OptionSpec> specs = {kConfig, kLogLevel, kHelp};
  Result<ParsedArgs> args = parseArgs(argv, specs);
  if (!args.ok()) {
    std::fprintf(stderr, "switchyard run: %s\n", args.error().message.c_str());
    return 2;
  }
  if (args->has("help")) {
    printHelp(
        "Usage: switchyard run [-c FILE]\n\n"
        "Runs the gateway until SIGTERM or SIGINT, then drains: new events are refused, in-flight\n"
        "deliveries may finish for server.drain_timeout, and what was left is reported.\n"
        "Exit status: 0 drained cleanly, 1 failed to start, 2 config error or work left at exit.\n",
        specs);
    return 0;
  }
  Result<std::shared_ptr<const config::Config>> config = loadConfig(*args);
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", config.error().message.c_str());
    return 2;
  }
  if (!applyLogLevel(*args, config->get())) {
    return 2;
  }
  Result<std::unique_ptr<Gateway>> gateway = Gateway::create(*config);
  if (!gateway.ok()) {
    std::fprintf(stderr, "%s\n", gateway.error().message.c_str());
    return gateway.error().code == Errc::kInvalidArgument ? 2 : 1;
  }
  return (*gateway)->run();
}

int validateCommand(const std::vector<std::string>& argv) {
  const std::vector<OptionSpec> specs = {kConfig, kHelp};
  Result<ParsedArgs> args = parseArgs(argv, specs);
  if (!args.ok()) {
    std::fprintf(stderr, "switchyard validate: %s\n", args.error().message.c_str());
    return 2;
  }
  if (args->has("help")) {
    printHelp(
        "Usage: switchyard validate -c FILE\n\n"
        "Checks structure, types, references, connector source blocks and filters.\n"
        "Prints the first error as FILE:LINE:COLUMN: key.path: what was expected.\n",
        specs);
    return 0;
  }
  Result<std::shared_ptr<const config::Config>> config = loadConfig(*args);
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", config.error().message.c_str());
    return 2;
  }
  auto registry = connectors::ConnectorRegistry::createBuiltin();
  if (Status status = checkConfig(**config, *registry); !status.ok()) {
    std::fprintf(stderr, "%s\n", status.error().message.c_str());
    return 2;
  }
  std::printf("%s: OK (%zu functions, %zu triggers)\n", (*config)->path.c_str(),
              (*config)->functions.size(), (*config)->triggers.size());
  return 0;
}

int versionCommand(const std::vector<std::string>& argv) {
  const std::vector<OptionSpec> specs = {kHelp};
  Result<ParsedArgs> args = parseArgs(argv, specs);
  if (!args.ok()) {
    std::fprintf(stderr, "switchyard version: %s\n", args.error().message.c_str());
    return 2;
  }
  if (args->has("help")) {
    printHelp("Usage: switchyard version\n", specs);
    return 0;
  }
  std::printf("switchyard %s\n", SWITCHYARD_VERSION);
  return 0;
}

int sinkCommand(const std::vector<std::string>& argv) {
  const std::vector<OptionSpec> specs = {
      {"listen", 'l', true, "HOST:PORT", "Address to listen on (default 127.0.0.1:9000)"},
      {"status", 0, true, "CODE", "Status to answer with (default 200)"},
      {"fail-rate", 0, true, "FRACTION", "Answer this fraction of events with 500 (0..1)"},
      {"timeout-rate", 0, true, "FRACTION",
       "Hold this fraction of events and never answer (0..1; tests the caller's timeout)"},
      {"latency", 0, true, "DURATION", "Wait this long before answering (e.g. 5ms)"},
      {"seed", 0, true, "N", "Seed for --fail-rate and --timeout-rate (default 1)"},
      {"quiet", 'q', false, "", "Do not print each event (use it for load tests)"},
      {"expect", 0, true, "N", "Reserve room for N event ids (default 1000000; it grows)"},
      {"ready-file", 0, true, "FILE", "Once listening, write HOST:PORT to FILE"},
      {"stop-with", 0, true, "PID", "Stop when process PID exits (for scripts)"},
      kLogLevel,
      kHelp};
  Result<ParsedArgs> args = parseArgs(argv, specs);
  if (!args.ok()) {
    std::fprintf(stderr, "switchyard sink: %s\n", args.error().message.c_str());
    return 2;
  }
  if (args->has("help")) {
    printHelp(
        "Usage: switchyard sink [--listen HOST:PORT] [--status CODE] [--fail-rate F]\n"
        "                       [--timeout-rate F] [--latency DURATION] [--quiet]\n\n"
        "A function endpoint for trying Switchyard out, for tests and for `switchyard bench`:\n"
        "prints one line per event (id, attempt, source, size, body) and answers with --status.\n"
        "Every path is a function endpoint: a plain HTTP function (kind: http) and the Lambda\n"
        "RIE invoke path POST /2015-03-31/functions/function/invocations (kind: lambda) alike.\n"
        "It records every X-Switchyard-Event-Id it answers with success (a hash set, counting\n"
        "duplicates; a batch lists several, and Lambda's SQS event counts its records'\n"
        "messageIds) and the end-to-end latency from X-Switchyard-Accepted-At, served at:\n"
        "  GET  /_sink/stats       received, delivered, unique, duplicates, latency, per second\n"
        "  POST /_sink/expect      add newline-separated expected ids (for big runs, in chunks)\n"
        "  POST /_sink/reconcile   expected ids (those and the body's) against what arrived:\n"
        "                          expected, delivered, missing, unexpected, duplicates\n"
        "  POST /_sink/reset       forget everything (bench does this when it starts)\n"
        "An event failed on purpose (--fail-rate) or held (--timeout-rate) does not count as\n"
        "delivered: the gateway must retry it.\n",
        specs);
    return 0;
  }
  if (!applyLogLevel(*args, nullptr)) {
    return 2;
  }
  SinkOptions options;
  auto fail = [](const std::string& message) {
    std::fprintf(stderr, "switchyard sink: %s\n", message.c_str());
    return 2;
  };
  if (args->has("listen")) {
    Result<config::HostPort> listen = config::parseHostPort(args->get("listen"));
    if (!listen.ok()) {
      return fail("--listen: " + listen.error().message);
    }
    options.listen = *listen;
  }
  try {
    if (args->has("status")) {
      options.status = std::stoi(args->get("status"));
      if (options.status < 100 || options.status > 599) {
        return fail("--status must be an HTTP status between 100 and 599");
      }
    }
    if (args->has("fail-rate")) {
      options.fail_rate = std::stod(args->get("fail-rate"));
      if (options.fail_rate < 0 || options.fail_rate > 1) {
        return fail("--fail-rate must be between 0 and 1");
      }
    }
    if (args->has("timeout-rate")) {
      options.timeout_rate = std::stod(args->get("timeout-rate"));
      if (options.timeout_rate < 0 || options.timeout_rate + options.fail_rate > 1) {
        return fail("--timeout-rate must be between 0 and 1, and with --fail-rate at most 1");
      }
    }
    if (args->has("seed")) {
      options.seed = std::stoull(args->get("seed"));
    }
    if (args->has("expect")) {
      options.expect_ids = std::stoull(args->get("expect"));
    }
    if (args->has("stop-with")) {
      options.stop_with_pid = std::stoi(args->get("stop-with"));
    }
  } catch (const std::exception&) {
    return fail(
        "--status, --fail-rate, --timeout-rate, --seed, --expect and --stop-with take numbers");
  }
  if (args->has("latency")) {
    Result<config::Duration> latency = config::parseDuration(args->get("latency"));
    if (!latency.ok()) {
      return fail("--latency: " + latency.error().message);
    }
    options.latency_ms = latency->count();
  }
  options.quiet = args->has("quiet");
  options.ready_file = args->get("ready-file");
  SinkServer sink(options);
  return sink.run();
}

int dispatchCommand(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::printf("%s", kUsage);
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "run") {
    return runCommand(args);
  }
  if (command == "validate") {
    return validateCommand(args);
  }
  if (command == "version" || command == "--version") {
    return versionCommand(args);
  }
  if (command == "sink") {
    return sinkCommand(args);
  }
  if (command == "bench") {
    return benchCommand(args);
  }
  if (command == "dlq") {
    return dlqCommand(args);
  }
  std::fprintf(stderr, "switchyard: unknown command \"%s\"\n\n%s", command.c_str(), kUsage);
  return 2;
}

}  // namespace switchyard::cli
