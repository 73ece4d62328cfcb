#pragma once

#include <http_parser.h>
#include <uv.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/core/timer_wheel.h"
#include "gateway/http/http_request.h"

namespace switchyard::http {

class Http2Session;
class HttpListener;
struct HttpServerOptions;

// One accepted HTTP/1.1 connection: parses requests with http-parser, hands each to the service,
// and writes answers in request order. A connection that opens with the HTTP/2 preface (h2c with
// prior knowledge) is handed to an Http2Session instead, allocated only then; its answers are
// keyed by stream id and the HTTP/1.1 state stays unused.
//
// Pipelining is safe by construction: after each complete request the parser pauses until that
// request is answered; bytes that arrive meanwhile wait in `pending_input_` (and reading stops),
// so answers can never overtake each other. Synchronous answers to pipelined requests are batched
// into one write.
//
// Lifetime: the socket holds one reference and an outstanding HttpResponder another; the object is
// freed when both are gone, so an answer computed on another shard after the peer left is dropped
// safely.
//
// NOTE: thread-confined to the listener's loop.
class HttpConnection {
 public:
  HttpConnection(HttpListener* listener, uint64_t id);
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  int accept(uv_stream_t* server);
  void start();
  void close();
  // Draining: HTTP/1.1 closes now if idle; HTTP/2 sends GOAWAY and closes once its streams end.
  void drain();
  bool idle() const { return !in_message_ && awaiting_ == 0 && out_.empty() && !write_in_flight_; }

  // For HttpResponder.
  void addRef() { ++refs_; }
  void release();
  bool open() const { return !closed_; }
  void answer(uint64_t sequence, int status, std::span<const HttpHeader> headers,
              std::string_view content_type, std::string_view body);
  void abortRequest(uint64_t sequence);

  HttpConnection* next_ = nullptr;  // listener's list
  HttpConnection* prev_ = nullptr;

 private:
  friend class Http2Session;
  ~HttpConnection();

  static void onAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void onRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void onWrite(uv_write_t* request, int status);
  static void onClose(uv_handle_t* handle);
  static void onIdleTimeout(void* context);

  static int onMessageBegin(http_parser* parser);
  static int onUrl(http_parser* parser, const char* at, size_t length);
  static int onHeaderField(http_parser* parser, const char* at, size_t length);
  static int onHeaderValue(http_parser* parser, const char* at, size_t length);
  static int onHeadersComplete(http_parser* parser);
  static int onBody(http_parser* parser, const char* at, size_t length);
  static int onMessageComplete(http_parser* parser);
  static const http_parser_settings kSettings;

  void processInput(const char* data, size_t size);
  void dispatchRequest();
  bool countHeaderBytes(size_t length);
  void rejectAndClose(int status, std::string_view message);
  void resumeAfterAnswer();
  void lingerThenClose();
  void finishAfterWrite();
  void startHttp2(const char* data, size_t size);
  void receiveHttp2(const char* data, size_t size);
  void sendHttp2();
  void dispatchHttp2(const HttpRequest& request, uint64_t stream_id);
  const HttpServerOptions& options() const;
  void flush();
  void touch();

  HttpListener* listener_;
  uint64_t id_;
  uv_tcp_t tcp_{};
  http_parser parser_{};
  uv_write_t write_request_{};
  TimerEntry idle_timer_;
  int refs_ = 1;
  bool closed_ = false;
  bool reading_ = false;
  uint64_t bytes_received_ = 0;

  // The request being parsed. head_ holds the target and header bytes back to back.
  struct HeaderSpan {
    uint32_t name_offset, name_length, value_offset, value_length;
  };
  std::string head_;
  uint32_t target_length_ = 0;
  std::vector<HeaderSpan> header_spans_;
  bool last_was_value_ = false;
  bool in_message_ = false;
  size_t header_bytes_ = 0;
  int reject_status_ = 0;
  std::string_view body_view_;  // zero-copy while the body sits in one read buffer
  std::string body_buffer_;     // used when the body spans reads
  bool body_in_buffer_ = false;
  HttpRequest request_;  // reused; its vectors keep their capacity

  uint64_t next_sequence_ = 1;
  uint64_t awaiting_ = 0;      // sequence of the request waiting for its answer, 0 if none
  bool keep_alive_ = true;     // of the request being answered
  std::string pending_input_;  // received while awaiting an answer

  std::string out_;      // answers not yet handed to the kernel
  std::string writing_;  // bytes uv_write is sending
  bool write_in_flight_ = false;
  bool close_after_write_ = false;
  bool dispatching_ = false;    // inside service->handle(): answers are synchronous
  bool lingering_ = false;      // closing after an error answer: linger first
  bool shutting_down_ = false;  // write side shut, discarding input until close

  std::unique_ptr<Http2Session> http2_;  // set once the HTTP/2 preface was seen
};

}  // namespace switchyard::http
