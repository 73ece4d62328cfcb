#pragma once

#include <uv.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "gateway/core/loop_timers.h"
#include "gateway/core/result.h"
#include "gateway/http/http_request.h"

namespace switchyard::http {

class HttpConnection;

struct HttpServerOptions {
  size_t max_header_bytes = 16 * 1024;      // request line + headers; beyond: 431
  size_t max_body_bytes = 6 * 1024 * 1024;  // beyond: 413
  int64_t idle_timeout_ms = 60'000;         // keep-alive and slow-client timeout
  std::string name = "http";                // for logs
};

// The way to answer one request, now or later. Move-only; answer exactly once. If the peer went
// away meanwhile the answer is dropped quietly. Dropping a responder unanswered sends a 500 (and
// is counted as a bug).
//
// NOTE: use on the connection's loop thread only. Another thread hands the result back by posting
// to that loop.
class HttpResponder {
 public:
  HttpResponder() = default;
  HttpResponder(HttpConnection* connection, uint64_t sequence);
  HttpResponder(HttpResponder&& other) noexcept;
  HttpResponder& operator=(HttpResponder&& other) noexcept;
  HttpResponder(const HttpResponder&) = delete;
  HttpResponder& operator=(const HttpResponder&) = delete;
  ~HttpResponder();

  // `headers` must not include Content-Length or Connection; they are added.
  void respond(int status, std::span<const HttpHeader> headers, std::string_view body);
  void respond(int status, std::string_view content_type, std::string_view body);
  // Sends nothing and closes the connection (protocol errors); on HTTP/2, resets only the stream.
  void abort();

  bool pending() const { return connection_ != nullptr; }
  // False once the peer has disconnected; the answer would be dropped.
  bool connected() const;

 private:
  HttpConnection* connection_ = nullptr;
  uint64_t sequence_ = 0;
};

// What a listener calls for each request, on the listener's loop thread.
class HttpService {
 public:
  virtual ~HttpService() = default;
  // Answer through `responder`, now or later. `request` views are valid only during this call.
  virtual void handle(const HttpRequest& request, HttpResponder responder) noexcept = 0;
};

// One listening socket on one loop, and every connection accepted on it. Shards each open one on
// the same address with SO_REUSEPORT, so the kernel spreads connections across loops.
//
// NOTE: thread-confined to its loop. close() before the loop stops.
class HttpListener {
 public:
  HttpListener(uv_loop_t* loop, LoopTimers* timers, HttpServerOptions options,
               HttpService* service);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // Binds and listens. Port 0 picks a free port; the bound port is returned. With `reuse_port`
  // several listeners (one per loop) share the address.
  Result<uint16_t> listen(const std::string& host, uint16_t port, bool reuse_port);
  // Fails if something already listens on host:port. SO_REUSEPORT would otherwise let a second
  // gateway silently share the port with a running one.
  static Status probeAvailable(const std::string& host, uint16_t port);
  // Stops accepting; open connections keep being served.
  void stopAccepting();
  // Closes idle connections now; busy ones close after their current response. HTTP/2 ones get a
  // GOAWAY and close once their open streams are answered.
  void closeIdleConnections();
  // Closes the listener and every connection.
  void close();

  size_t openConnections() const { return connection_count_; }
  uint64_t acceptedConnections() const { return accepted_; }

 private:
  friend class HttpConnection;
  static void onConnection(uv_stream_t* server, int status);
  void forget(HttpConnection* connection);

  uv_loop_t* loop_;
  LoopTimers* timers_;
  HttpServerOptions options_;
  HttpService* service_;
  uv_tcp_t* server_ = nullptr;
  HttpConnection* connections_ = nullptr;  // intrusive list of open connections
  size_t connection_count_ = 0;
  uint64_t accepted_ = 0;
  uint64_t next_connection_id_ = 1;
  // Reads are parsed synchronously, so every connection of this loop shares one buffer.
  static constexpr size_t kReadBufferSize = 64 * 1024;
  std::unique_ptr<char[]> read_buffer_;
  bool read_buffer_lent_ = false;
};

}  // namespace switchyard::http
