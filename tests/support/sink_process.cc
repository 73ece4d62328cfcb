#include "tests/support/sink_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/gateway_process.h"

namespace switchyard::testing {
namespace {

std::string readFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

std::unique_ptr<SinkProcess> SinkProcess::start(const std::vector<std::string>& extra_args,
                                                std::string* failure) {
  std::unique_ptr<SinkProcess> sink(new SinkProcess());
  sink->log_path_ = writeTempFile("sink.log", "");
  sink->ready_path_ = writeTempFile("sink.ready", "");
  ::unlink(sink->ready_path_.c_str());
  std::vector<std::string> args = {SWITCHYARD_BINARY, "sink",        "--listen",
                                   "127.0.0.1:0",     "--quiet",     "--ready-file",
                                   sink->ready_path_, "--stop-with", std::to_string(::getpid())};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_t pid = ::fork();
  if (pid == 0) {
    int log = ::open(sink->log_path_.c_str(), O_WRONLY | O_TRUNC);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    std::vector<char*> argv;
    for (std::string& arg : args) {
      argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    ::execv(SWITCHYARD_BINARY, argv.data());
    ::_exit(127);
  }
  sink->pid_ = pid;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string ready = readFile(sink->ready_path_);  // "127.0.0.1:PORT\n", written atomically
    if (size_t colon = ready.rfind(':'); colon != std::string::npos && ready.ends_with('\n')) {
      sink->port_ = static_cast<uint16_t>(std::stoi(ready.substr(colon + 1)));
      return sink;
    }
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      sink->pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (failure != nullptr) {
    *failure = "the sink did not start; its output:\n" + sink->output();
  }
  return nullptr;
}

SinkProcess::~SinkProcess() {
  stop();
  ::unlink(log_path_.c_str());
  ::unlink(ready_path_.c_str());
}

std::string SinkProcess::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

int SinkProcess::stop() {
  if (pid_ <= 0) {
    return 0;
  }
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 1000; ++i) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

std::string SinkProcess::output() const { return readFile(log_path_); }

}  // namespace switchyard::testing
