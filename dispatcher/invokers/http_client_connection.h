#pragma once

#include <http_parser.h>
#include <uv.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "dispatcher/invocation_result.h"

namespace switchyard::dispatcher {

// A keep-alive HTTP/1.1 client connection on a loop: the lean path every delivery to an http://
// endpoint takes (libuv + the same http-parser as the server; see docs/ARCHITECTURE.md for the
// comparison with libcurl's multi interface). One request at a time; the invoker pools them.
//
// NOTE: thread-confined to its loop. Destroy with close(); the object frees itself once libuv has
// released the socket.
class HttpClientConnection {
 public:
  class Owner {
   public:
    virtual ~Owner() = default;
    // The connection is ready for send().
    virtual void onConnected(HttpClientConnection* connection) noexcept = 0;
    // The request ended: a full response (kResponse) or a transport failure. The connection is
    // idle again if `reusable`, else it is already closing.
    virtual void onRequestDone(HttpClientConnection* connection, InvocationResult&& result,
                               bool reusable) noexcept = 0;
    // An idle connection was closed by the peer.
    virtual void onIdleClosed(HttpClientConnection* connection) noexcept = 0;
  };

  HttpClientConnection(uv_loop_t* loop, Owner* owner);
  HttpClientConnection(const HttpClientConnection&) = delete;
  HttpClientConnection& operator=(const HttpClientConnection&) = delete;

  void connect(const sockaddr* address);
  // `head` and `body` must stay valid until onRequestDone. With `full_body` the response body is
  // kept whole (up to `max_body`), otherwise only an excerpt for logs.
  void send(std::string_view head, std::string_view body, bool full_body, size_t max_body);
  void close();
  // Hands a finished result back so that the next response reuses its strings' capacity: an
  // owner that recycles every result makes a steady stream of requests allocation-free.
  void recycle(InvocationResult&& spent) { result_ = std::move(spent); }

  bool busy() const { return busy_; }
  bool connected() const { return connected_; }
  // Served a request before this one: a failure with no response byte may just be the peer's
  // keep-alive timeout racing our reuse, and is safe to retry on a fresh connection.
  bool reused() const { return requests_sent_ > 1; }
  bool responseStarted() const { return response_bytes_ > 0; }

  void* user_data = nullptr;                  // the invoker's per-connection slot
  HttpClientConnection* pool_next = nullptr;  // invoker's idle list

 private:
  ~HttpClientConnection() = default;

  static void onConnect(uv_connect_t* request, int status);
  static void onAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void onRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void onWrite(uv_write_t* request, int status);
  static int onHeaderField(http_parser* parser, const char* at, size_t length);
  static int onHeaderValue(http_parser* parser, const char* at, size_t length);
  static int onHeadersComplete(http_parser* parser);
  static int onBody(http_parser* parser, const char* at, size_t length);
  static int onMessageComplete(http_parser* parser);
  static const http_parser_settings kSettings;

  void fail(InvocationResult::Transport transport, std::string detail);
  void finishResponse();

  uv_loop_t* loop_;
  Owner* owner_;
  uv_tcp_t tcp_{};
  uv_connect_t connect_request_{};
  uv_write_t write_request_{};
  http_parser parser_{};
  bool connected_ = false;
  bool busy_ = false;
  bool closing_ = false;
  bool message_complete_ = false;
  bool write_pending_ = false;
  bool full_body_ = false;
  size_t max_body_ = 0;
  uint64_t requests_sent_ = 0;
  uint64_t response_bytes_ = 0;

  enum class HeaderOfInterest { kNone, kFunctionError, kContentType, kDeadLetter, kRequestId };
  HeaderOfInterest current_header_ = HeaderOfInterest::kNone;
  bool last_was_value_ = false;
  std::string header_name_;
  InvocationResult result_;
  char read_buffer_[16 * 1024];
};

}  // namespace switchyard::dispatcher
