#include "dispatcher/invokers/http_client_connection.h"

#include "gateway/http/http_request.h"

namespace switchyard::dispatcher {
namespace {

constexpr size_t kBodyExcerpt = 1024;

HttpClientConnection* self(http_parser* parser) {
  return static_cast<HttpClientConnection*>(parser->data);
}

}  // namespace

const http_parser_settings HttpClientConnection::kSettings = [] {
  http_parser_settings settings{};
  settings.on_header_field = &HttpClientConnection::onHeaderField;
  settings.on_header_value = &HttpClientConnection::onHeaderValue;
  settings.on_headers_complete = &HttpClientConnection::onHeadersComplete;
  settings.on_body = &HttpClientConnection::onBody;
  settings.on_message_complete = &HttpClientConnection::onMessageComplete;
  return settings;
}();

HttpClientConnection::HttpClientConnection(uv_loop_t* loop, Owner* owner)
    : loop_(loop), owner_(owner) {
  uv_tcp_init(loop_, &tcp_);
  tcp_.data = this;
  connect_request_.data = this;
  write_request_.data = this;
  parser_.data = this;
}

void HttpClientConnection::connect(const sockaddr* address) {
  int rc = uv_tcp_connect(&connect_request_, &tcp_, address, &HttpClientConnection::onConnect);
  if (rc != 0) {
    busy_ = true;  // fail() reports only for a connection with a request
    fail(InvocationResult::Transport::kConnectFailed, uv_strerror(rc));
  }
}

void HttpClientConnection::onConnect(uv_connect_t* request, int status) {
  auto* connection = static_cast<HttpClientConnection*>(request->data);
  if (connection->closing_) {
    return;
  }
  if (status != 0) {
    connection->busy_ = true;
    connection->fail(InvocationResult::Transport::kConnectFailed, uv_strerror(status));
    return;
  }
  connection->connected_ = true;
  uv_tcp_nodelay(&connection->tcp_, 1);
  uv_read_start(reinterpret_cast<uv_stream_t*>(&connection->tcp_), &HttpClientConnection::onAlloc,
                &HttpClientConnection::onRead);
  connection->owner_->onConnected(connection);
}

void HttpClientConnection::send(std::string_view head, std::string_view body, bool full_body,
                                size_t max_body) {
  busy_ = true;
  message_complete_ = false;
  full_body_ = full_body;
  max_body_ = max_body;
  response_bytes_ = 0;
  ++requests_sent_;
  result_.clear();
  current_header_ = HeaderOfInterest::kNone;
  last_was_value_ = false;
  http_parser_init(&parser_, HTTP_RESPONSE);
  parser_.data = this;
  uv_buf_t buffers[2] = {
      uv_buf_init(const_cast<char*>(head.data()), static_cast<unsigned>(head.size())),
      uv_buf_init(const_cast<char*>(body.data()), static_cast<unsigned>(body.size()))};
  write_pending_ = true;
  int rc = uv_write(&write_request_, reinterpret_cast<uv_stream_t*>(&tcp_), buffers,
                    body.empty() ? 1 : 2, &HttpClientConnection::onWrite);
  if (rc != 0) {
    write_pending_ = false;
    fail(InvocationResult::Transport::kConnectionLost, uv_strerror(rc));
  }
}

void HttpClientConnection::onWrite(uv_write_t* request, int status) {
  auto* connection = static_cast<HttpClientConnection*>(request->data);
  connection->write_pending_ = false;
  if (connection->closing_) {
    return;  // cancelled by close()
  }
  if (status != 0 && connection->busy_) {
    connection->fail(InvocationResult::Transport::kConnectionLost, uv_strerror(status));
    return;
  }
  if (connection->message_complete_) {
    // The answer came before our write finished (a server that answers early): done now.
    connection->finishResponse();
  }
}

void HttpClientConnection::onAlloc(uv_handle_t* handle, size_t /*suggested*/, uv_buf_t* buf) {
  auto* connection = static_cast<HttpClientConnection*>(handle->data);
  buf->base = connection->read_buffer_;
  buf->len = sizeof(connection->read_buffer_);
}

void HttpClientConnection::onRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* connection = static_cast<HttpClientConnection*>(stream->data);
  if (connection->closing_) {
    return;
  }
  if (nread < 0) {
    if (!connection->busy_) {
      connection->close();
      connection->owner_->onIdleClosed(connection);
      return;
    }
    if (nread == UV_EOF && connection->response_bytes_ > 0) {
      // A response delimited by the connection's end (no Content-Length): EOF completes it.
      http_parser_execute(&connection->parser_, &kSettings, nullptr, 0);
      if (connection->message_complete_) {
        connection->finishResponse();
        return;
      }
    }
    connection->fail(InvocationResult::Transport::kConnectionLost,
                     nread == UV_EOF ? "the function closed the connection without an answer"
                                     : uv_strerror(static_cast<int>(nread)));
    return;
  }
  if (nread == 0) {
    return;
  }
  if (!connection->busy_) {
    // Bytes nobody asked for: the connection is no longer in a known state.
    connection->close();
    connection->owner_->onIdleClosed(connection);
    return;
  }
  connection->response_bytes_ += static_cast<uint64_t>(nread);
  http_parser_execute(&connection->parser_, &kSettings, buf->base, static_cast<size_t>(nread));
  if (connection->closing_ || !connection->busy_) {
    return;
  }
  if (connection->message_complete_) {
    // Reported here, outside the parser: the owner may send the next request on this very
    // connection, which re-initializes the parser.
    if (!connection->write_pending_) {
      connection->finishResponse();
    }
    return;
  }
  http_errno error = HTTP_PARSER_ERRNO(&connection->parser_);
  if (error != HPE_OK) {
    connection->fail(InvocationResult::Transport::kBadResponse, http_errno_description(error));
  }
}

int HttpClientConnection::onHeaderField(http_parser* parser, const char* at, size_t length) {
  HttpClientConnection* connection = self(parser);
  if (connection->last_was_value_ || connection->header_name_.empty()) {
    connection->header_name_.assign(at, length);
  } else {
    connection->header_name_.append(at, length);
  }
  connection->last_was_value_ = false;
  return 0;
}

int HttpClientConnection::onHeaderValue(http_parser* parser, const char* at, size_t length) {
  HttpClientConnection* connection = self(parser);
  if (!connection->last_was_value_) {
    if (http::equalsIgnoreCase(connection->header_name_, "x-amz-function-error")) {
      connection->current_header_ = HeaderOfInterest::kFunctionError;
    } else if (http::equalsIgnoreCase(connection->header_name_, "content-type")) {
      connection->current_header_ = HeaderOfInterest::kContentType;
    } else if (http::equalsIgnoreCase(connection->header_name_, "x-switchyard-dead-letter")) {
      connection->current_header_ = HeaderOfInterest::kDeadLetter;
    } else if (http::equalsIgnoreCase(connection->header_name_, "x-amzn-requestid")) {
      connection->current_header_ = HeaderOfInterest::kRequestId;
    } else {
      connection->current_header_ = HeaderOfInterest::kNone;
    }
    connection->header_name_.clear();
  }
  connection->last_was_value_ = true;
  if (connection->current_header_ == HeaderOfInterest::kFunctionError) {
    connection->result_.function_error.append(at, length);
  } else if (connection->current_header_ == HeaderOfInterest::kContentType) {
    connection->result_.content_type.append(at, length);
  } else if (connection->current_header_ == HeaderOfInterest::kDeadLetter) {
    connection->result_.dead_letter.append(at, length);
  } else if (connection->current_header_ == HeaderOfInterest::kRequestId) {
    connection->result_.request_id.append(at, length);
  }
  return 0;
}

int HttpClientConnection::onHeadersComplete(http_parser* parser) {
  HttpClientConnection* connection = self(parser);
  connection->header_name_.clear();
  connection->result_.status = parser->status_code;
  return 0;
}

int HttpClientConnection::onBody(http_parser* parser, const char* at, size_t length) {
  HttpClientConnection* connection = self(parser);
  std::string& body = connection->result_.body;
  size_t limit = connection->full_body_ ? connection->max_body_ : kBodyExcerpt;
  if (body.size() < limit) {
    body.append(at, std::min(length, limit - body.size()));
  }
  return 0;
}

int HttpClientConnection::onMessageComplete(http_parser* parser) {
  self(parser)->message_complete_ = true;
  http_parser_pause(parser, 1);  // one response per request; bytes after it are not parsed
  return 0;
}

void HttpClientConnection::finishResponse() {
  busy_ = false;
  bool reusable = http_should_keep_alive(&parser_) != 0 && !closing_;
  InvocationResult result = std::move(result_);
  result.transport = InvocationResult::Transport::kResponse;
  if (!reusable) {
    close();
  }
  owner_->onRequestDone(this, std::move(result), reusable);
}

void HttpClientConnection::fail(InvocationResult::Transport transport, std::string detail) {
  if (!busy_) {
    close();
    return;
  }
  busy_ = false;
  InvocationResult result;
  result.transport = transport;
  result.detail = std::move(detail);
  close();
  owner_->onRequestDone(this, std::move(result), false);
}

void HttpClientConnection::close() {
  if (closing_) {
    return;
  }
  closing_ = true;
  uv_close(reinterpret_cast<uv_handle_t*>(&tcp_),
           [](uv_handle_t* handle) { delete static_cast<HttpClientConnection*>(handle->data); });
}

}  // namespace switchyard::dispatcher
