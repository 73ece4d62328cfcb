#include "gateway/http/http_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <utility>

#include "gateway/core/assert.h"
#include "gateway/core/log.h"
#include "gateway/http/http_connection.h"

namespace switchyard::http {

// ---- HttpResponder ----

HttpResponder::HttpResponder(HttpConnection* connection, uint64_t sequence)
    : connection_(connection), sequence_(sequence) {
  connection_->addRef();
}

HttpResponder::HttpResponder(HttpResponder&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)), sequence_(other.sequence_) {}

HttpResponder& HttpResponder::operator=(HttpResponder&& other) noexcept {
  if (this != &other) {
    if (connection_ != nullptr) {
      respond(500, "application/json", R"({"error":"internal","message":"request dropped"})");
    }
    connection_ = std::exchange(other.connection_, nullptr);
    sequence_ = other.sequence_;
  }
  return *this;
}

HttpResponder::~HttpResponder() {
  if (connection_ != nullptr) {
    SY_BUG_IF(connection_->open(), "an HTTP request was dropped without an answer");
    respond(500, "application/json", R"({"error":"internal","message":"request dropped"})");
  }
}

bool HttpResponder::connected() const { return connection_ != nullptr && connection_->open(); }

void HttpResponder::respond(int status, std::span<const HttpHeader> headers,
                            std::string_view body) {
  if (connection_ == nullptr) {
    return;
  }
  HttpConnection* connection = std::exchange(connection_, nullptr);
  connection->answer(sequence_, status, headers, {}, body);
  connection->release();
}

void HttpResponder::respond(int status, std::string_view content_type, std::string_view body) {
  if (connection_ == nullptr) {
    return;
  }
  HttpConnection* connection = std::exchange(connection_, nullptr);
  connection->answer(sequence_, status, {}, content_type, body);
  connection->release();
}

void HttpResponder::abort() {
  if (connection_ == nullptr) {
    return;
  }
  HttpConnection* connection = std::exchange(connection_, nullptr);
  connection->abortRequest(sequence_);
  connection->release();
}

// ---- HttpListener ----

HttpListener::HttpListener(uv_loop_t* loop, LoopTimers* timers, HttpServerOptions options,
                           HttpService* service)
    : loop_(loop),
      timers_(timers),
      options_(std::move(options)),
      service_(service),
      read_buffer_(new char[kReadBufferSize]) {}

HttpListener::~HttpListener() { close(); }

namespace {

// libuv 1.44 has no UV_TCP_REUSEPORT (1.49 does), so the socket is made by hand and adopted.
Result<int> openListeningSocket(const std::string& host, uint16_t port, bool reuse_port) {
  sockaddr_storage address{};
  int family = AF_INET;
  if (uv_ip4_addr(host.c_str(), port, reinterpret_cast<sockaddr_in*>(&address)) != 0) {
    if (uv_ip6_addr(host.c_str(), port, reinterpret_cast<sockaddr_in6*>(&address)) != 0) {
      return makeError(Errc::kInvalidArgument,
                       "listen address \"" + host + "\" is not an IPv4 or IPv6 address");
    }
    family = AF_INET6;
  }
  int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return makeError(Errc::kIo, std::string("socket: ") + std::strerror(errno));
  }
  int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  if (reuse_port && ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) != 0) {
    int saved = errno;
    ::close(fd);
    return makeError(Errc::kIo, std::string("SO_REUSEPORT: ") + std::strerror(saved));
  }
  socklen_t length = family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0) {
    int saved = errno;
    ::close(fd);
    return makeError(Errc::kUnavailable, "cannot listen on " + host + ":" + std::to_string(port) +
                                             ": " + std::strerror(saved));
  }
  return fd;
}

}  // namespace

Status HttpListener::probeAvailable(const std::string& host, uint16_t port) {
  if (port == 0) {
    return okStatus();
  }
  Result<int> fd = openListeningSocket(host, port, false);
  if (!fd.ok()) {
    return fd.error();
  }
  ::close(*fd);
  return okStatus();
}

Result<uint16_t> HttpListener::listen(const std::string& host, uint16_t port, bool reuse_port) {
  Result<int> fd = openListeningSocket(host, port, reuse_port);
  if (!fd.ok()) {
    return fd.error();
  }
  server_ = new uv_tcp_t{};
  SY_ASSERT(uv_tcp_init(loop_, server_) == 0);
  server_->data = this;
  int rc = uv_tcp_open(server_, *fd);
  if (rc == 0) {
    rc = uv_listen(reinterpret_cast<uv_stream_t*>(server_), 1024, &HttpListener::onConnection);
  }
  if (rc != 0) {
    stopAccepting();
    return makeError(Errc::kUnavailable, std::string("listen: ") + uv_strerror(rc));
  }
  sockaddr_storage bound{};
  int bound_length = sizeof(bound);
  uv_tcp_getsockname(server_, reinterpret_cast<sockaddr*>(&bound), &bound_length);
  uint16_t bound_port = bound.ss_family == AF_INET6
                            ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                            : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return bound_port;
}

void HttpListener::onConnection(uv_stream_t* server, int status) {
  auto* listener = static_cast<HttpListener*>(server->data);
  if (status != 0) {
    log::warn(listener->options_.name, "Accept failed.", {{"error", uv_strerror(status)}});
    return;
  }
  auto* connection = new HttpConnection(listener, listener->next_connection_id_++);
  if (connection->accept(server) != 0) {
    connection->close();
    return;
  }
  ++listener->accepted_;
  ++listener->connection_count_;
  connection->next_ = listener->connections_;
  if (listener->connections_ != nullptr) {
    listener->connections_->prev_ = connection;
  }
  listener->connections_ = connection;
  connection->start();
}

void HttpListener::forget(HttpConnection* connection) {
  if (connection->prev_ == nullptr && connections_ != connection) {
    return;  // never listed (failed accept)
  }
  if (connection->prev_ != nullptr) {
    connection->prev_->next_ = connection->next_;
  } else {
    connections_ = connection->next_;
  }
  if (connection->next_ != nullptr) {
    connection->next_->prev_ = connection->prev_;
  }
  connection->prev_ = connection->next_ = nullptr;
  --connection_count_;
}

void HttpListener::stopAccepting() {
  if (server_ != nullptr) {
    uv_close(reinterpret_cast<uv_handle_t*>(server_),
             [](uv_handle_t* handle) { delete reinterpret_cast<uv_tcp_t*>(handle); });
    server_ = nullptr;
  }
}

void HttpListener::closeIdleConnections() {
  HttpConnection* connection = connections_;
  while (connection != nullptr) {
    HttpConnection* next = connection->next_;
    connection->drain();
    connection = next;
  }
}

void HttpListener::close() {
  stopAccepting();
  while (connections_ != nullptr) {
    connections_->close();  // unlinks itself
  }
}

}  // namespace switchyard::http
