#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace switchyard::testing {

// A real `switchyard sink` as a child process on 127.0.0.1 with an OS-chosen port (read from its
// --ready-file), for tests that put the sink behind a gateway or load it with `switchyard bench`.
// It is started with --quiet and --stop-with the test's pid, so it never outlives the test.
class SinkProcess {
 public:
  // Extra arguments go after the defaults (e.g. {"--fail-rate", "0.1"}). nullptr on failure,
  // with the reason (and the sink's output) in `*failure`.
  static std::unique_ptr<SinkProcess> start(const std::vector<std::string>& extra_args = {},
                                            std::string* failure = nullptr);
  ~SinkProcess();
  SinkProcess(const SinkProcess&) = delete;
  SinkProcess& operator=(const SinkProcess&) = delete;

  uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT" + path.
  std::string url(const std::string& path = "") const;
  // SIGTERM, then waits; returns the exit status (-1 if it had to be killed).
  int stop();
  // What the sink wrote to stdout and stderr so far.
  std::string output() const;

 private:
  SinkProcess() = default;

  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string log_path_;
  std::string ready_path_;
};

}  // namespace switchyard::testing
