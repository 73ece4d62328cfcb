#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace switchyard::testing {

struct ReceivedRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::string header(const std::string& name) const;
};

struct FunctionReply {
  FunctionReply(int status_in = 200, std::string body_in = R"({"ok":true})")
      : status(status_in), body(std::move(body_in)) {}
  int status;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  int delay_ms = 0;  // wait before answering
  bool close_without_answer = false;
};

// A test function endpoint on 127.0.0.1 (an OS-chosen port): one thread per connection, blocking
// sockets and http-parser, independent of Switchyard's own server. Records every request and the
// most requests it ever had in progress at once (to check concurrency limits).
class FunctionServer {
 public:
  // `handler` gets each request and its 0-based arrival index; default answers 200.
  using Handler = std::function<FunctionReply(const ReceivedRequest&, int index)>;
  enum class Transport { kPlain, kTls };
  // With kTls the server speaks HTTPS with a fresh self-signed certificate for 127.0.0.1, whose
  // PEM file caFile() names (for the function's tls.ca_file).
  explicit FunctionServer(Handler handler = {}, Transport transport = Transport::kPlain);
  ~FunctionServer();
  FunctionServer(const FunctionServer&) = delete;
  FunctionServer& operator=(const FunctionServer&) = delete;

  uint16_t port() const { return port_; }
  std::string url(const std::string& path = "/") const;
  const std::string& caFile() const { return ca_file_; }
  void setHandler(Handler handler);

  std::vector<ReceivedRequest> requests() const;
  size_t count() const;
  int maxConcurrent() const { return max_in_progress_.load(); }
  // Waits until at least `n` requests arrived.
  bool waitForCount(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

 private:
  void acceptLoop();
  void serve(int fd);
  void setUpTls();

  Transport transport_;
  void* tls_context_ = nullptr;  // SSL_CTX*
  std::string ca_file_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  Handler handler_;
  std::vector<ReceivedRequest> requests_;
  std::vector<std::thread> connection_threads_;
  std::vector<int> connection_fds_;
  std::atomic<int> in_progress_{0};
  std::atomic<int> max_in_progress_{0};
};

}  // namespace switchyard::testing
