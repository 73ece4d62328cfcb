#include "dispatcher/invokers/curl_invoker.h"

#include <algorithm>
#include <mutex>

#include "dispatcher/invokers/delivery_request.h"
#include "gateway/core/log.h"
#include "gateway/http/http_request.h"

namespace switchyard::dispatcher {
namespace {

constexpr size_t kBodyExcerpt = 1024;
constexpr size_t kMaxSyncResponse = 6 * 1024 * 1024;

InvocationResult::Transport transportFor(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return InvocationResult::Transport::kTimeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return InvocationResult::Transport::kConnectFailed;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return InvocationResult::Transport::kBadResponse;
    default:
      return InvocationResult::Transport::kConnectionLost;
  }
}

}  // namespace

void initCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlInvoker::Transfer {
  CurlInvoker* invoker = nullptr;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  Delivery* delivery = nullptr;
  std::string header_lines;
  std::string batch_body;
  InvocationResult result;
  size_t body_limit = kBodyExcerpt;
  int64_t started_us = 0;
};

struct CurlInvoker::Socket {
  uv_poll_t poll{};
  curl_socket_t fd = CURL_SOCKET_BAD;
  CurlInvoker* invoker = nullptr;
};

CurlInvoker::CurlInvoker(const FunctionSpec* spec, std::string url, uv_loop_t* loop,
                         InvocationSink* sink)
    : spec_(spec), url_(std::move(url)), loop_(loop), sink_(sink) {
  initCurlOnce();
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlInvoker::onSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlInvoker::onCurlTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  long connections = std::max(1, spec_->config.concurrency);
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, connections);
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, connections);
  timer_ = new uv_timer_t{};
  uv_timer_init(loop_, timer_);
  timer_->data = this;
}

CurlInvoker::~CurlInvoker() { close(); }

void CurlInvoker::invoke(Delivery* delivery) noexcept {
  Transfer* transfer;
  if (!idle_.empty()) {
    transfer = idle_.back();
    idle_.pop_back();
    curl_easy_reset(transfer->easy);
  } else {
    transfer = new Transfer;
    transfer->invoker = this;
    transfer->easy = curl_easy_init();
  }
  transfer->delivery = delivery;
  transfer->result = InvocationResult{};
  transfer->started_us = unixMicrosNow();
  transfer->body_limit = keepsWholeAnswer(*delivery, *spec_) ? kMaxSyncResponse : kBodyExcerpt;
  active_.push_back(transfer);
  if (closed_) {
    InvocationResult shutdown;
    shutdown.transport = InvocationResult::Transport::kShutdown;
    finish(transfer, std::move(shutdown));
    return;
  }

  transfer->header_lines.clear();
  std::string_view body =
      renderDeliveryRequest(*delivery, transfer->header_lines, transfer->batch_body);
  // One curl_slist entry per "Name: value" line; "Expect:" stops curl's 100-continue wait.
  std::string_view lines = transfer->header_lines;
  while (!lines.empty()) {
    size_t end = lines.find("\r\n");
    std::string line(lines.substr(0, end));
    transfer->headers = curl_slist_append(transfer->headers, line.c_str());
    lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 2);
  }
  transfer->headers = curl_slist_append(transfer->headers, "Expect:");

  const config::FunctionConfig& config = spec_->config;
  CURL* easy = transfer->easy;
  curl_easy_setopt(easy, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(easy, CURLOPT_POST, 1L);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->headers);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(config.timeout.count()));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &CurlInvoker::onBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &CurlInvoker::onHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer);
  if (!config.tls_ca_file.empty()) {
    curl_easy_setopt(easy, CURLOPT_CAINFO, config.tls_ca_file.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, config.tls_verify ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, config.tls_verify ? 2L : 0L);
  CURLMcode added = curl_multi_add_handle(multi_, easy);
  if (added != CURLM_OK) {
    InvocationResult failed;
    failed.transport = InvocationResult::Transport::kOverloaded;
    failed.detail = curl_multi_strerror(added);
    finish(transfer, std::move(failed));
  }
}

size_t CurlInvoker::onBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  std::string& body = transfer->result.body;
  if (body.size() < transfer->body_limit) {
    body.append(data, std::min(bytes, transfer->body_limit - body.size()));
  }
  return bytes;
}

size_t CurlInvoker::onHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {  // a new header block (after 100 Continue or a redirect)
    transfer->result.function_error.clear();
    transfer->result.content_type.clear();
    transfer->result.dead_letter.clear();
    return bytes;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    return bytes;
  }
  std::string_view name = line.substr(0, colon);
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  if (http::equalsIgnoreCase(name, "x-amz-function-error")) {
    transfer->result.function_error.assign(value);
  } else if (http::equalsIgnoreCase(name, "content-type")) {
    transfer->result.content_type.assign(value);
  } else if (http::equalsIgnoreCase(name, "x-switchyard-dead-letter")) {
    transfer->result.dead_letter.assign(value.empty() ? std::string_view("requested") : value);
  }
  return bytes;
}

int CurlInvoker::onSocket(CURL* /*easy*/, curl_socket_t fd, int what, void* user,
                          void* socket_data) {
  auto* self = static_cast<CurlInvoker*>(user);
  auto* socket = static_cast<Socket*>(socket_data);
  if (what == CURL_POLL_REMOVE) {
    if (socket != nullptr) {
      uv_poll_stop(&socket->poll);
      uv_close(reinterpret_cast<uv_handle_t*>(&socket->poll),
               [](uv_handle_t* handle) { delete static_cast<Socket*>(handle->data); });
      curl_multi_assign(self->multi_, fd, nullptr);
    }
    return 0;
  }
  if (socket == nullptr) {
    socket = new Socket;
    socket->fd = fd;
    socket->invoker = self;
    uv_poll_init_socket(self->loop_, &socket->poll, fd);
    socket->poll.data = socket;
    curl_multi_assign(self->multi_, fd, socket);
  }
  int events = 0;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) {
    events |= UV_READABLE;
  }
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) {
    events |= UV_WRITABLE;
  }
  uv_poll_start(&socket->poll, events, &CurlInvoker::onPoll);
  return 0;
}

int CurlInvoker::onCurlTimer(CURLM* /*multi*/, long timeout_ms, void* user) {
  auto* self = static_cast<CurlInvoker*>(user);
  if (self->timer_ == nullptr) {
    return 0;
  }
  if (timeout_ms < 0) {
    uv_timer_stop(self->timer_);
  } else {
    // curl must not be re-entered from this callback: act on the next loop turn.
    uv_timer_start(self->timer_, &CurlInvoker::onTimer, static_cast<uint64_t>(timeout_ms), 0);
  }
  return 0;
}

void CurlInvoker::onPoll(uv_poll_t* poll, int status, int events) {
  auto* socket = static_cast<Socket*>(poll->data);
  int flags = 0;
  if (status < 0) {
    flags = CURL_CSELECT_ERR;
  } else {
    flags |= (events & UV_READABLE) != 0 ? CURL_CSELECT_IN : 0;
    flags |= (events & UV_WRITABLE) != 0 ? CURL_CSELECT_OUT : 0;
  }
  socket->invoker->drive(socket->fd, flags);
}

void CurlInvoker::onTimer(uv_timer_t* timer) {
  static_cast<CurlInvoker*>(timer->data)->drive(CURL_SOCKET_TIMEOUT, 0);
}

void CurlInvoker::drive(curl_socket_t fd, int flags) {
  int running = 0;
  curl_multi_socket_action(multi_, fd, flags, &running);
  collectFinished();
}

void CurlInvoker::collectFinished() {
  int pending = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &pending)) {
    if (message->msg != CURLMSG_DONE) {
      continue;
    }
    Transfer* transfer = nullptr;
    curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
    CURLcode code = message->data.result;
    InvocationResult result = std::move(transfer->result);
    if (code == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &status);
      result.transport = InvocationResult::Transport::kResponse;
      result.status = static_cast<int>(status);
    } else {
      result.transport = transportFor(code);
      result.detail = curl_easy_strerror(code);
      result.body.clear();
    }
    curl_multi_remove_handle(multi_, transfer->easy);
    finish(transfer, std::move(result));
  }
}

void CurlInvoker::finish(Transfer* transfer, InvocationResult&& result) {
  result.latency_us = unixMicrosNow() - transfer->started_us;
  curl_slist_free_all(transfer->headers);
  transfer->headers = nullptr;
  Delivery* delivery = transfer->delivery;
  transfer->delivery = nullptr;
  active_.erase(std::find(active_.begin(), active_.end(), transfer));
  idle_.push_back(transfer);
  sink_->onInvocationDone(delivery, std::move(result));
}

void CurlInvoker::close() noexcept {
  if (closed_) {
    return;
  }
  closed_ = true;
  while (!active_.empty()) {
    Transfer* transfer = active_.back();
    curl_multi_remove_handle(multi_, transfer->easy);
    InvocationResult shutdown;
    shutdown.transport = InvocationResult::Transport::kShutdown;
    shutdown.detail = "the gateway stopped during the attempt";
    finish(transfer, std::move(shutdown));
  }
  for (Transfer* transfer : idle_) {
    curl_easy_cleanup(transfer->easy);
    delete transfer;
  }
  idle_.clear();
  curl_multi_cleanup(multi_);  // closes cached connections (their sockets report REMOVE)
  multi_ = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(timer_),
           [](uv_handle_t* handle) { delete reinterpret_cast<uv_timer_t*>(handle); });
  timer_ = nullptr;
}

}  // namespace switchyard::dispatcher
