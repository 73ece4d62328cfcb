#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace switchyard::testing {

// Runs the real `switchyard` binary (path from CMake) as a child process for integration tests:
// writes the config to a temp file, starts `switchyard run -c FILE`, and captures its log.
class GatewayProcess {
 public:
  // Starts the gateway and waits for "Switchyard is ready."; on failure returns nullptr and puts
  // the log in `*failure_log`.
  static std::unique_ptr<GatewayProcess> start(
      const std::string& config_yaml, std::string* failure_log = nullptr,
      std::chrono::milliseconds timeout = std::chrono::seconds(15));
  ~GatewayProcess();

  uint16_t port() const { return port_; }
  uint16_t adminPort() const { return admin_port_; }
  pid_t pid() const { return pid_; }
  const std::string& configPath() const { return config_path_; }

  // Sends `signal` and waits for exit; returns the exit status (or -signal if killed).
  int stop(int signal = 15, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  bool running();
  std::string log() const;
  bool waitForLog(const std::string& text,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

 private:
  GatewayProcess() = default;
  void readLoop(int fd);

  pid_t pid_ = -1;
  int exit_status_ = 0;
  bool exited_ = false;
  uint16_t port_ = 0;
  uint16_t admin_port_ = 0;
  std::string config_path_;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::string log_;
};

// Runs the binary with `args` to completion; returns exit code and combined output.
struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult runSwitchyard(const std::vector<std::string>& args);

// Writes `text` to a fresh file in the test temp dir; returns its path.
std::string writeTempFile(const std::string& name, const std::string& text);

// Scrapes one sample from the admin /metrics (exact series text, e.g.
// `switchyard_deliveries_attempted_total{function="f"}`); -1 if absent.
double scrapeMetric(uint16_t admin_port, const std::string& series);

}  // namespace switchyard::testing
