#include "gateway/http/http_connection.h"

#include <cstring>

#include "gateway/core/append_decimal.h"
#include "gateway/core/assert.h"
#include "gateway/core/log.h"
#include "gateway/http/http2_session.h"
#include "gateway/http/http_server.h"
#include "gateway/http/http_status.h"
#include "gateway/http/json_response.h"

namespace switchyard::http {
namespace {

constexpr std::string_view kHttp2Preface = "PRI * HTTP/2.0\r\n";
constexpr size_t kMaxBufferedOutput = 4 * 1024 * 1024;
constexpr int64_t kLingerMs = 2000;

HttpConnection* self(http_parser* parser) { return static_cast<HttpConnection*>(parser->data); }

}  // namespace

const http_parser_settings HttpConnection::kSettings = [] {
  http_parser_settings settings{};
  settings.on_message_begin = &HttpConnection::onMessageBegin;
  settings.on_url = &HttpConnection::onUrl;
  settings.on_header_field = &HttpConnection::onHeaderField;
  settings.on_header_value = &HttpConnection::onHeaderValue;
  settings.on_headers_complete = &HttpConnection::onHeadersComplete;
  settings.on_body = &HttpConnection::onBody;
  settings.on_message_complete = &HttpConnection::onMessageComplete;
  return settings;
}();

HttpConnection::HttpConnection(HttpListener* listener, uint64_t id)
    : listener_(listener), id_(id), idle_timer_(&HttpConnection::onIdleTimeout, this) {
  http_parser_init(&parser_, HTTP_REQUEST);
  parser_.data = this;
  tcp_.data = this;
  write_request_.data = this;
}

HttpConnection::~HttpConnection() = default;

const HttpServerOptions& HttpConnection::options() const { return listener_->options_; }

int HttpConnection::accept(uv_stream_t* server) {
  int rc = uv_tcp_init(listener_->loop_, &tcp_);
  if (rc != 0) {
    return rc;
  }
  rc = uv_accept(server, reinterpret_cast<uv_stream_t*>(&tcp_));
  if (rc == 0) {
    uv_tcp_nodelay(&tcp_, 1);
  }
  return rc;
}

void HttpConnection::start() {
  reading_ = true;
  uv_read_start(reinterpret_cast<uv_stream_t*>(&tcp_), &HttpConnection::onAlloc,
                &HttpConnection::onRead);
  touch();
}

void HttpConnection::touch() {
  listener_->timers_->scheduleAfter(&idle_timer_, listener_->options_.idle_timeout_ms);
}

void HttpConnection::onIdleTimeout(void* context) {
  auto* connection = static_cast<HttpConnection*>(context);
  if (connection->http2_ != nullptr) {
    if (connection->http2_->awaitingAnswers()) {
      connection->touch();  // as for HTTP/1.1, the answers' own deadlines govern
      return;
    }
    connection->http2_->terminate();
    connection->sendHttp2();
    connection->close_after_write_ = true;
    connection->flush();
    return;
  }
  if (connection->awaiting_ != 0 && !connection->shutting_down_) {
    return;  // the answer's own deadline (the function timeout) governs
  }
  connection->close();
}

void HttpConnection::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  listener_->timers_->cancel(&idle_timer_);
  listener_->forget(this);
  uv_close(reinterpret_cast<uv_handle_t*>(&tcp_), &HttpConnection::onClose);
}

void HttpConnection::onClose(uv_handle_t* handle) {
  static_cast<HttpConnection*>(handle->data)->release();
}

void HttpConnection::release() {
  SY_DEBUG_ASSERT(refs_ > 0);
  if (--refs_ == 0) {
    delete this;
  }
}

void HttpConnection::onAlloc(uv_handle_t* handle, size_t /*suggested*/, uv_buf_t* buf) {
  HttpListener* listener = static_cast<HttpConnection*>(handle->data)->listener_;
  if (listener->read_buffer_lent_) {  // never expected: reads are handled one at a time
    buf->base = nullptr;
    buf->len = 0;
    return;
  }
  listener->read_buffer_lent_ = true;
  buf->base = listener->read_buffer_.get();
  buf->len = HttpListener::kReadBufferSize;
}

void HttpConnection::onRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* connection = static_cast<HttpConnection*>(stream->data);
  connection->listener_->read_buffer_lent_ = false;
  if (nread < 0) {
    connection->close();  // EOF or reset: nothing more can be answered
    return;
  }
  if (nread == 0 || connection->closed_ || connection->shutting_down_) {
    return;  // lingering: discard
  }
  size_t size = static_cast<size_t>(nread);
  if (connection->http2_ != nullptr) {
    connection->receiveHttp2(buf->base, size);
    return;
  }
  if (connection->bytes_received_ == 0 && size >= kHttp2Preface.size() &&
      std::memcmp(buf->base, kHttp2Preface.data(), kHttp2Preface.size()) == 0) {
    connection->startHttp2(buf->base, size);
    return;
  }
  connection->bytes_received_ += size;
  connection->touch();
  connection->processInput(buf->base, size);
  connection->flush();
}

// h2c with prior knowledge: from here on every byte of this connection goes to nghttp2.
void HttpConnection::startHttp2(const char* data, size_t size) {
  http2_ = std::make_unique<Http2Session>(this);
  if (!http2_->start()) {
    close();
    return;
  }
  receiveHttp2(data, size);
}

void HttpConnection::receiveHttp2(const char* data, size_t size) {
  bytes_received_ += size;
  touch();
  http2_->receive(data, size);
  sendHttp2();
}

// Moves nghttp2's pending frames to out_ and writes them. Not while nghttp2 is calling us back
// (a synchronous answer): receiveHttp2 sends once nghttp2_session_mem_recv has returned.
void HttpConnection::sendHttp2() {
  if (closed_ || http2_->receiving()) {
    return;
  }
  http2_->send(out_);
  if (http2_->finished()) {
    close_after_write_ = true;
  }
  flush();
}

void HttpConnection::dispatchHttp2(const HttpRequest& request, uint64_t stream_id) {
  listener_->service_->handle(request, HttpResponder(this, stream_id));
}

void HttpConnection::drain() {
  if (closed_) {
    return;
  }
  if (http2_ != nullptr) {
    http2_->goAway();
    sendHttp2();
  } else if (idle()) {
    close();
  }
}

void HttpConnection::processInput(const char* data, size_t size) {
  size_t offset = 0;
  while (offset < size && !closed_ && !close_after_write_ && awaiting_ == 0) {
    size_t consumed = http_parser_execute(&parser_, &kSettings, data + offset, size - offset);
    offset += consumed;
    http_errno error = HTTP_PARSER_ERRNO(&parser_);
    if (error == HPE_PAUSED) {
      http_parser_pause(&parser_, 0);
      dispatchRequest();
      continue;
    }
    if (error != HPE_OK) {
      if (reject_status_ != 0) {
        rejectAndClose(reject_status_, reject_status_ == 413 ? "request body too large"
                                                             : "request headers too large");
      } else {
        rejectAndClose(400, http_errno_description(error));
      }
      return;
    }
    if (parser_.upgrade != 0) {
      rejectAndClose(400, "protocol upgrade is not supported");
      return;
    }
  }
  if (offset < size && !closed_ && awaiting_ != 0) {
    // Pipelined bytes behind a request still being answered: keep them, stop reading.
    pending_input_.append(data + offset, size - offset);
    if (reading_) {
      uv_read_stop(reinterpret_cast<uv_stream_t*>(&tcp_));
      reading_ = false;
    }
  }
  if (in_message_ && !body_in_buffer_ && !body_view_.empty()) {
    // The shared read buffer is about to be reused: keep the partial body.
    body_buffer_.assign(body_view_);
    body_in_buffer_ = true;
  }
}

bool HttpConnection::countHeaderBytes(size_t length) {
  header_bytes_ += length;
  if (header_bytes_ > listener_->options_.max_header_bytes) {
    reject_status_ = 431;
    return false;
  }
  return true;
}

int HttpConnection::onMessageBegin(http_parser* parser) {
  HttpConnection* connection = self(parser);
  connection->in_message_ = true;
  connection->head_.clear();
  connection->target_length_ = 0;
  connection->header_spans_.clear();
  connection->last_was_value_ = false;
  connection->header_bytes_ = 0;
  connection->body_view_ = {};
  connection->body_buffer_.clear();
  connection->body_in_buffer_ = false;
  return 0;
}

int HttpConnection::onUrl(http_parser* parser, const char* at, size_t length) {
  HttpConnection* connection = self(parser);
  if (!connection->countHeaderBytes(length)) {
    return -1;
  }
  connection->head_.append(at, length);
  connection->target_length_ += static_cast<uint32_t>(length);
  return 0;
}

int HttpConnection::onHeaderField(http_parser* parser, const char* at, size_t length) {
  HttpConnection* connection = self(parser);
  if (!connection->countHeaderBytes(length)) {
    return -1;
  }
  auto offset = static_cast<uint32_t>(connection->head_.size());
  connection->head_.append(at, length);
  if (connection->header_spans_.empty() || connection->last_was_value_) {
    connection->header_spans_.push_back({offset, static_cast<uint32_t>(length), offset, 0});
  } else {  // continuation of a name split across reads
    connection->header_spans_.back().name_length += static_cast<uint32_t>(length);
  }
  connection->last_was_value_ = false;
  return 0;
}

int HttpConnection::onHeaderValue(http_parser* parser, const char* at, size_t length) {
  HttpConnection* connection = self(parser);
  if (!connection->countHeaderBytes(length)) {
    return -1;
  }
  auto offset = static_cast<uint32_t>(connection->head_.size());
  connection->head_.append(at, length);
  HeaderSpan& span = connection->header_spans_.back();
  if (!connection->last_was_value_) {
    span.value_offset = offset;
    span.value_length = 0;
  }
  span.value_length += static_cast<uint32_t>(length);
  connection->last_was_value_ = true;
  return 0;
}

int HttpConnection::onHeadersComplete(http_parser* parser) {
  HttpConnection* connection = self(parser);
  const HttpServerOptions& options = connection->listener_->options_;
  // Content-Length is known up front; chunked bodies are checked as they arrive (onBody).
  if ((parser->flags & F_CONTENTLENGTH) != 0 && parser->content_length > options.max_body_bytes) {
    connection->reject_status_ = 413;
    return -1;
  }
  std::string_view head = connection->head_;
  for (const HeaderSpan& span : connection->header_spans_) {
    std::string_view name = head.substr(span.name_offset, span.name_length);
    if (equalsIgnoreCase(name, "expect")) {
      std::string_view value = head.substr(span.value_offset, span.value_length);
      if (!equalsIgnoreCase(value, "100-continue")) {
        connection->reject_status_ = 417;
        return -1;
      }
      // The client holds the body until it hears this (the AWS SDK waits up to 6 s).
      if (parser->http_minor >= 1) {
        connection->out_.append("HTTP/1.1 100 Continue\r\n\r\n");
        connection->flush();
      }
    }
  }
  return 0;
}

int HttpConnection::onBody(http_parser* parser, const char* at, size_t length) {
  HttpConnection* connection = self(parser);
  size_t so_far =
      connection->body_in_buffer_ ? connection->body_buffer_.size() : connection->body_view_.size();
  if (so_far + length > connection->listener_->options_.max_body_bytes) {
    connection->reject_status_ = 413;
    return -1;
  }
  if (connection->body_in_buffer_) {
    connection->body_buffer_.append(at, length);
  } else if (connection->body_view_.empty()) {
    connection->body_view_ = {at, length};
  } else if (connection->body_view_.data() + connection->body_view_.size() == at) {
    connection->body_view_ = {connection->body_view_.data(),
                              connection->body_view_.size() + length};
  } else {  // chunked: pieces are not adjacent
    connection->body_buffer_.assign(connection->body_view_);
    connection->body_buffer_.append(at, length);
    connection->body_in_buffer_ = true;
  }
  return 0;
}

int HttpConnection::onMessageComplete(http_parser* parser) {
  // Pause: the request is dispatched outside the parser, and the next pipelined one waits.
  http_parser_pause(parser, 1);
  return 0;
}

void HttpConnection::dispatchRequest() {
  in_message_ = false;
  std::string_view head = head_;
  HttpRequest& request = request_;
  request.method = http_method_str(static_cast<http_method>(parser_.method));
  request.target = head.substr(0, target_length_);
  size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  request.query =
      question == std::string_view::npos ? std::string_view{} : request.target.substr(question + 1);
  request.headers.clear();
  for (const HeaderSpan& span : header_spans_) {
    request.headers.push_back({head.substr(span.name_offset, span.name_length),
                               head.substr(span.value_offset, span.value_length)});
  }
  request.body = body_in_buffer_ ? std::string_view(body_buffer_) : body_view_;
  request.keep_alive = http_should_keep_alive(&parser_) != 0;
  request.connection_id = id_;
  keep_alive_ = request.keep_alive;
  uint64_t sequence = next_sequence_++;
  awaiting_ = sequence;
  listener_->timers_->cancel(&idle_timer_);
  dispatching_ = true;
  listener_->service_->handle(request, HttpResponder(this, sequence));
  dispatching_ = false;
  if (awaiting_ == 0 && !closed_) {
    touch();
  }
}

void HttpConnection::answer(uint64_t sequence, int status, std::span<const HttpHeader> headers,
                            std::string_view content_type, std::string_view body) {
  if (closed_ || sequence != awaiting_) {
    // HTTP/2 answers never match awaiting_ (always 0 there), so HTTP/1.1 pays nothing for them.
    if (http2_ != nullptr && !closed_) {
      http2_->answer(sequence, status, headers, content_type, body);
      touch();
      sendHttp2();
    }
    return;
  }
  out_.append("HTTP/1.1 ");
  appendDecimal(out_, static_cast<size_t>(status));
  out_.push_back(' ');
  out_.append(reasonPhrase(status));
  out_.append("\r\n");
  for (const HttpHeader& header : headers) {
    out_.append(header.name);
    out_.append(": ");
    out_.append(header.value);
    out_.append("\r\n");
  }
  if (!content_type.empty()) {
    out_.append("Content-Type: ");
    out_.append(content_type);
    out_.append("\r\n");
  }
  out_.append("Content-Length: ");
  appendDecimal(out_, body.size());
  out_.append("\r\n");
  if (!keep_alive_) {
    out_.append("Connection: close\r\n");
    close_after_write_ = true;
  } else if (parser_.http_minor == 0) {
    out_.append("Connection: keep-alive\r\n");
  }
  out_.append("\r\n");
  out_.append(body);
  resumeAfterAnswer();
}

void HttpConnection::abortRequest(uint64_t sequence) {
  if (http2_ != nullptr) {
    if (!closed_) {
      http2_->resetStream(sequence);
      sendHttp2();
    }
    return;
  }
  if (sequence == awaiting_) {
    awaiting_ = 0;
    close();
  }
}

// After an answer. A synchronous one (given inside dispatchRequest) lets processInput's loop go
// on to the next pipelined request, and onRead flushes the batch. A later one is flushed here,
// and whatever was pipelined meanwhile is parsed now.
void HttpConnection::resumeAfterAnswer() {
  awaiting_ = 0;
  if (dispatching_) {
    return;
  }
  if (!close_after_write_) {
    touch();
    if (!pending_input_.empty()) {
      std::string input = std::move(pending_input_);
      pending_input_.clear();
      processInput(input.data(), input.size());
    }
    if (!closed_ && awaiting_ == 0 && !reading_ && !close_after_write_) {
      reading_ = true;
      uv_read_start(reinterpret_cast<uv_stream_t*>(&tcp_), &HttpConnection::onAlloc,
                    &HttpConnection::onRead);
    }
  }
  flush();
}

void HttpConnection::rejectAndClose(int status, std::string_view message) {
  std::string body = jsonErrorBody(status == 413   ? "payload_too_large"
                                   : status == 431 ? "headers_too_large"
                                   : status == 417 ? "expectation_failed"
                                                   : "bad_request",
                                   message);
  awaiting_ = next_sequence_;  // answer() checks the sequence
  keep_alive_ = false;
  lingering_ = true;
  answer(next_sequence_++, status, {}, "application/json", body);
}

// Closing right after an error answer while the client is still sending its body makes the
// kernel reset the connection, and the client may never read the answer. So shut down our side,
// read and discard for a short while, then close (nginx's lingering close).
void HttpConnection::lingerThenClose() {
  if (closed_ || shutting_down_) {
    return;
  }
  shutting_down_ = true;
  auto* request = new uv_shutdown_t;
  request->data = this;
  addRef();
  int rc =
      uv_shutdown(request, reinterpret_cast<uv_stream_t*>(&tcp_), [](uv_shutdown_t* done, int) {
        auto* connection = static_cast<HttpConnection*>(done->data);
        delete done;
        connection->release();
      });
  if (rc != 0) {
    delete request;
    release();
    close();
    return;
  }
  if (!reading_) {
    reading_ = true;
    uv_read_start(reinterpret_cast<uv_stream_t*>(&tcp_), &HttpConnection::onAlloc,
                  &HttpConnection::onRead);
  }
  listener_->timers_->scheduleAfter(&idle_timer_, kLingerMs);
}

void HttpConnection::flush() {
  if (closed_ || write_in_flight_) {
    return;
  }
  if (out_.empty()) {
    if (close_after_write_) {
      finishAfterWrite();
    }
    return;
  }
  uv_buf_t buf = uv_buf_init(out_.data(), static_cast<unsigned>(out_.size()));
  int written = uv_try_write(reinterpret_cast<uv_stream_t*>(&tcp_), &buf, 1);
  if (written == static_cast<int>(out_.size())) {
    out_.clear();
    if (close_after_write_) {
      finishAfterWrite();
    }
    return;
  }
  if (written < 0 && written != UV_EAGAIN) {
    close();
    return;
  }
  size_t done = written > 0 ? static_cast<size_t>(written) : 0;
  writing_.assign(out_, done);
  out_.clear();
  buf = uv_buf_init(writing_.data(), static_cast<unsigned>(writing_.size()));
  write_in_flight_ = true;
  addRef();  // the write request needs the connection until its callback
  uv_write(&write_request_, reinterpret_cast<uv_stream_t*>(&tcp_), &buf, 1,
           &HttpConnection::onWrite);
  if (writing_.size() > kMaxBufferedOutput && reading_) {
    // The peer is not reading its answers; stop taking requests until it does.
    uv_read_stop(reinterpret_cast<uv_stream_t*>(&tcp_));
    reading_ = false;
  }
}

void HttpConnection::finishAfterWrite() {
  if (lingering_) {
    lingerThenClose();
  } else {
    close();
  }
}

void HttpConnection::onWrite(uv_write_t* request, int status) {
  auto* connection = static_cast<HttpConnection*>(request->data);
  connection->write_in_flight_ = false;
  connection->writing_.clear();
  if (status != 0) {
    connection->close();
  } else if (!connection->closed_) {
    if (!connection->reading_ && connection->awaiting_ == 0 && !connection->close_after_write_ &&
        connection->pending_input_.empty()) {
      connection->reading_ = true;
      uv_read_start(reinterpret_cast<uv_stream_t*>(&connection->tcp_), &HttpConnection::onAlloc,
                    &HttpConnection::onRead);
    }
    connection->flush();
  }
  connection->release();
}

}  // namespace switchyard::http
