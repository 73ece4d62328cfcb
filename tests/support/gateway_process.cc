#include "tests/support/gateway_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "tests/support/http_client.h"

namespace switchyard::testing {
namespace {

std::string tempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr ? dir : "/tmp";
}

}  // namespace

std::string writeTempFile(const std::string& name, const std::string& text) {
  static std::atomic<int> counter{0};
  std::string path = tempDir() + "/switchyard-test-" + std::to_string(::getpid()) + "-" +
                     std::to_string(counter++) + "-" + name;
  std::ofstream(path) << text;
  return path;
}

std::unique_ptr<GatewayProcess> GatewayProcess::start(const std::string& config_yaml,
                                                      std::string* failure_log,
                                                      std::chrono::milliseconds timeout) {
  std::unique_ptr<GatewayProcess> process(new GatewayProcess());
  process->config_path_ = writeTempFile("config.yaml", config_yaml);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return nullptr;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::execl(SWITCHYARD_BINARY, SWITCHYARD_BINARY, "run", "-c", process->config_path_.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  process->pid_ = pid;
  process->reader_ = std::thread([raw = process.get(), fd = pipe_fds[0]] { raw->readLoop(fd); });

  if (!process->waitForLog("Switchyard is ready.", timeout)) {
    if (failure_log != nullptr) {
      *failure_log = process->log();
    }
    return nullptr;
  }
  std::smatch match;
  std::string log = process->log();
  if (std::regex_search(log, match, std::regex(R"(listen=[^ :]+:(\d+) admin=[^ :]+:(\d+))"))) {
    process->port_ = static_cast<uint16_t>(std::stoi(match[1]));
    process->admin_port_ = static_cast<uint16_t>(std::stoi(match[2]));
  }
  return process;
}

void GatewayProcess::readLoop(int fd) {
  char buffer[4096];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n <= 0) {
      break;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    log_.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
}

GatewayProcess::~GatewayProcess() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    int status;
    ::waitpid(pid_, &status, 0);
  }
  if (reader_.joinable()) {
    reader_.join();
  }
  std::remove(config_path_.c_str());
}

bool GatewayProcess::running() {
  if (exited_ || pid_ <= 0) {
    return false;
  }
  int status;
  pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    exited_ = true;
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    return false;
  }
  return true;
}

int GatewayProcess::stop(int signal, std::chrono::milliseconds timeout) {
  if (!running()) {
    return exit_status_;
  }
  ::kill(pid_, signal);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) {
      if (reader_.joinable()) {
        reader_.join();
      }
      return exit_status_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  int status;
  ::waitpid(pid_, &status, 0);
  exited_ = true;
  exit_status_ = -9;
  return exit_status_;
}

std::string GatewayProcess::log() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return log_;
}

bool GatewayProcess::waitForLog(const std::string& text, std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (log().find(text) != std::string::npos) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

CommandResult runSwitchyard(const std::vector<std::string>& args) {
  int pipe_fds[2];
  CommandResult result;
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return result;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(SWITCHYARD_BINARY));
    for (const std::string& arg : args) {
      argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    ::execv(SWITCHYARD_BINARY, argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buffer, sizeof(buffer))) > 0) {
    result.output.append(buffer, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

double scrapeMetric(uint16_t admin_port, const std::string& series) {
  HttpResponse response = httpRequest(admin_port, "GET", "/metrics");
  size_t at = 0;
  while ((at = response.body.find(series, at)) != std::string::npos) {
    bool line_start = at == 0 || response.body[at - 1] == '\n';
    size_t after = at + series.size();
    if (line_start && after < response.body.size() && response.body[after] == ' ') {
      return std::stod(response.body.substr(after + 1));
    }
    at = after;
  }
  return -1;
}

}  // namespace switchyard::testing
