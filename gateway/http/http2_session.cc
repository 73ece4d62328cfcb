#include "gateway/http/http2_session.h"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include "gateway/core/log.h"
#include "gateway/http/http_connection.h"
#include "gateway/http/http_server.h"
#include "gateway/http/json_response.h"

namespace switchyard::http {
namespace {

constexpr uint32_t kMaxConcurrentStreams = 100;
// Large enough that a body up to a few MiB is not held up by WINDOW_UPDATE round trips.
constexpr int32_t kStreamWindow = 1 << 20;
constexpr int32_t kConnectionWindow = 8 << 20;

std::string_view view(const uint8_t* data, size_t length) {
  return {reinterpret_cast<const char*>(data), length};
}

// RFC 9113 §8.2.2: connection-specific fields must not appear in HTTP/2; clients treat them as a
// protocol error. Content-Length is added from the body.
bool droppedResponseHeader(std::string_view name) {
  for (std::string_view dropped : {"connection", "keep-alive", "transfer-encoding", "upgrade",
                                   "proxy-connection", "te", "content-length"}) {
    if (equalsIgnoreCase(name, dropped)) {
      return true;
    }
  }
  return false;
}

nghttp2_nv field(std::string_view name, std::string_view value) {
  // nghttp2 copies name/value pairs on submit (no NO_COPY flags), so views are enough.
  return {reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
          reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
          NGHTTP2_NV_FLAG_NONE};
}

}  // namespace

struct Http2Session::Stream {
  int32_t id = 0;
  std::string method;
  std::string target;
  std::string authority;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  size_t header_bytes = 0;
  int reject_status = 0;
  bool dispatched = false;  // handed to the service; the answer may come later
  bool answered = false;    // a response was submitted
  std::string response;     // the answer's body, read by the data provider
  size_t response_offset = 0;
};

// nghttp2's C callbacks; each forwards to the session (user_data). noexcept: C calls them.
struct Http2Callbacks {
  static Http2Session* self(void* user_data) { return static_cast<Http2Session*>(user_data); }

  static int onBeginHeaders(nghttp2_session*, const nghttp2_frame* frame,
                            void* user_data) noexcept {
    if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
      self(user_data)->beginStream(frame->hd.stream_id);
    }
    return 0;
  }

  static int onHeader(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                      size_t name_length, const uint8_t* value, size_t value_length, uint8_t,
                      void* user_data) noexcept {
    if (frame->hd.type == NGHTTP2_HEADERS) {
      bool trailer = frame->headers.cat != NGHTTP2_HCAT_REQUEST;
      self(user_data)->addHeader(frame->hd.stream_id, view(name, name_length),
                                 trailer ? std::string_view{} : view(value, value_length), trailer);
    }
    return 0;
  }

  static int onDataChunk(nghttp2_session*, uint8_t, int32_t stream_id, const uint8_t* data,
                         size_t length, void* user_data) noexcept {
    self(user_data)->addData(stream_id, data, length);
    return 0;
  }

  static int onFrame(nghttp2_session*, const nghttp2_frame* frame, void* user_data) noexcept {
    Http2Session* session = self(user_data);
    if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
      session->headersComplete(frame->hd.stream_id);
    }
    if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
        (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
      session->requestComplete(frame->hd.stream_id);
    }
    return 0;
  }

  static int onStreamClose(nghttp2_session*, int32_t stream_id, uint32_t,
                           void* user_data) noexcept {
    self(user_data)->streamClosed(stream_id);
    return 0;
  }

  static ssize_t readBody(nghttp2_session*, int32_t, uint8_t* buf, size_t length,
                          uint32_t* data_flags, nghttp2_data_source* source, void*) noexcept {
    auto* stream = static_cast<Http2Session::Stream*>(source->ptr);
    size_t left = stream->response.size() - stream->response_offset;
    size_t n = std::min(length, left);
    std::memcpy(buf, stream->response.data() + stream->response_offset, n);
    stream->response_offset += n;
    if (n == left) {
      *data_flags |= NGHTTP2_DATA_FLAG_EOF;
    }
    return static_cast<ssize_t>(n);
  }
};

Http2Session::Http2Session(HttpConnection* connection) : connection_(connection) {}

Http2Session::~Http2Session() {
  if (session_ != nullptr) {
    nghttp2_session_del(session_);
  }
}

bool Http2Session::start() {
  nghttp2_session_callbacks* callbacks = nullptr;
  if (nghttp2_session_callbacks_new(&callbacks) != 0) {
    return false;
  }
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks,
                                                          &Http2Callbacks::onBeginHeaders);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, &Http2Callbacks::onHeader);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks,
                                                            &Http2Callbacks::onDataChunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Http2Callbacks::onFrame);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Http2Callbacks::onStreamClose);
  int rc = nghttp2_session_server_new(&session_, callbacks, this);
  nghttp2_session_callbacks_del(callbacks);
  if (rc != 0) {
    session_ = nullptr;
    return false;
  }
  const nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, kMaxConcurrentStreams},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, static_cast<uint32_t>(kStreamWindow)},
  };
  if (nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, std::size(settings)) != 0 ||
      nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, kConnectionWindow) !=
          0) {
    return false;
  }
  return true;
}

void Http2Session::receive(const char* data, size_t size) {
  if (failed_) {
    return;
  }
  receiving_ = true;
  ssize_t rc = nghttp2_session_mem_recv(session_, reinterpret_cast<const uint8_t*>(data), size);
  receiving_ = false;
  if (rc < 0) {
    log::debug(connection_->options().name, "HTTP/2 input rejected; closing the connection.",
               {{"error", nghttp2_strerror(static_cast<int>(rc))}});
    if (nghttp2_is_fatal(static_cast<int>(rc)) != 0) {
      failed_ = true;
    } else {
      terminate(NGHTTP2_PROTOCOL_ERROR);
    }
  }
}

void Http2Session::send(std::string& out) {
  while (!failed_) {
    const uint8_t* data = nullptr;
    ssize_t n = nghttp2_session_mem_send(session_, &data);
    if (n < 0) {
      failed_ = true;
    } else if (n == 0) {
      return;
    } else {
      out.append(reinterpret_cast<const char*>(data), static_cast<size_t>(n));
    }
  }
}

bool Http2Session::finished() const {
  return failed_ ||
         (nghttp2_session_want_read(session_) == 0 && nghttp2_session_want_write(session_) == 0);
}

void Http2Session::goAway() {
  if (!failed_) {
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE,
                          nghttp2_session_get_last_proc_stream_id(session_), NGHTTP2_NO_ERROR,
                          nullptr, 0);
  }
}

void Http2Session::terminate(uint32_t error_code) {
  if (!failed_ && nghttp2_session_terminate_session(session_, error_code) != 0) {
    failed_ = true;
  }
}

Http2Session::Stream* Http2Session::find(int32_t stream_id) {
  auto it = streams_.find(stream_id);
  return it == streams_.end() ? nullptr : it->second.get();
}

void Http2Session::beginStream(int32_t stream_id) {
  auto stream = std::make_unique<Stream>();
  stream->id = stream_id;
  streams_[stream_id] = std::move(stream);
}

void Http2Session::addHeader(int32_t stream_id, std::string_view name, std::string_view value,
                             bool trailer) {
  Stream* stream = find(stream_id);
  if (stream == nullptr) {
    return;
  }
  // Counted like HTTP/1.1's head: names and values, trailers included.
  stream->header_bytes += name.size() + value.size();
  if (stream->header_bytes > connection_->options().max_header_bytes) {
    if (stream->reject_status == 0) {
      stream->reject_status = 431;
    }
    return;
  }
  if (trailer || stream->reject_status != 0) {
    return;
  }
  if (name == ":method") {
    stream->method = value;
  } else if (name == ":path") {
    stream->target = value;
  } else if (name == ":authority") {
    stream->authority = value;
  } else if (!name.starts_with(':')) {
    stream->headers.emplace_back(name, value);
  }
}

void Http2Session::headersComplete(int32_t stream_id) {
  Stream* stream = find(stream_id);
  if (stream == nullptr || stream->answered) {
    return;
  }
  if (stream->reject_status == 0) {
    // A declared length over the limit is refused before any of the body arrives.
    for (const auto& [name, value] : stream->headers) {
      uint64_t length = 0;
      if (name == "content-length" &&
          std::from_chars(value.data(), value.data() + value.size(), length).ec == std::errc{} &&
          length > connection_->options().max_body_bytes) {
        stream->reject_status = 413;
      }
    }
  }
  if (stream->reject_status != 0) {
    reject(*stream, stream->reject_status);
  }
}

void Http2Session::addData(int32_t stream_id, const uint8_t* data, size_t length) {
  Stream* stream = find(stream_id);
  if (stream == nullptr || stream->answered || stream->reject_status != 0) {
    return;  // rejected: the rest of the body is read and discarded
  }
  if (stream->body.size() + length > connection_->options().max_body_bytes) {
    reject(*stream, 413);
    return;
  }
  stream->body.append(reinterpret_cast<const char*>(data), length);
}

void Http2Session::requestComplete(int32_t stream_id) {
  Stream* stream = find(stream_id);
  if (stream == nullptr || stream->answered || stream->dispatched) {
    return;
  }
  if (stream->reject_status != 0) {
    reject(*stream, stream->reject_status);
    return;
  }
  dispatch(*stream);
}

// An error answer on this stream only; the connection keeps serving the others. Any body still
// coming is discarded (flow control keeps being granted so the peer is not stalled).
void Http2Session::reject(Stream& stream, int status) {
  stream.reject_status = status;
  stream.body = std::string();
  std::string body =
      jsonErrorBody(status == 413 ? "payload_too_large" : "headers_too_large",
                    status == 413 ? "request body too large" : "request headers too large");
  answer(static_cast<uint64_t>(stream.id), status, {}, "application/json", body);
}

void Http2Session::dispatch(Stream& stream) {
  HttpRequest& request = request_;
  request.method = stream.method;
  request.target = stream.target;
  size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  request.query =
      question == std::string_view::npos ? std::string_view{} : request.target.substr(question + 1);
  request.headers.clear();
  bool has_host = false;
  for (const auto& [name, value] : stream.headers) {
    request.headers.push_back({name, value});
    has_host = has_host || name == "host";
  }
  if (!has_host && !stream.authority.empty()) {
    request.headers.push_back({"host", stream.authority});
  }
  request.body = stream.body;
  request.keep_alive = true;
  request.connection_id = connection_->id_;
  stream.dispatched = true;
  ++awaiting_answers_;
  connection_->dispatchHttp2(request, static_cast<uint64_t>(stream.id));
  // The request's views were valid only during the call; free its bytes now, not at stream close.
  request.headers.clear();
  request.body = {};
  stream.body = std::string();
  stream.headers = {};
}

void Http2Session::answer(uint64_t stream_id, int status, std::span<const HttpHeader> headers,
                          std::string_view content_type, std::string_view body) {
  Stream* stream = find(static_cast<int32_t>(stream_id));
  if (stream == nullptr || stream->answered || failed_) {
    return;  // reset by the peer meanwhile: dropped
  }
  stream->answered = true;
  if (stream->dispatched) {
    --awaiting_answers_;
  }
  char status_text[8];
  auto status_end = std::to_chars(status_text, status_text + sizeof(status_text), status).ptr;
  char length_text[24];
  auto length_end = std::to_chars(length_text, length_text + sizeof(length_text), body.size()).ptr;

  std::vector<std::string> names;  // lower-cased copies: HTTP/2 field names are lower case
  names.reserve(headers.size());
  std::vector<nghttp2_nv> fields;
  fields.reserve(headers.size() + 3);
  fields.push_back(field(":status", {status_text, static_cast<size_t>(status_end - status_text)}));
  if (!content_type.empty()) {
    fields.push_back(field("content-type", content_type));
  }
  fields.push_back(
      field("content-length", {length_text, static_cast<size_t>(length_end - length_text)}));
  for (const HttpHeader& header : headers) {
    if (droppedResponseHeader(header.name)) {
      continue;
    }
    std::string& name = names.emplace_back(header.name);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    fields.push_back(field(name, header.value));
  }

  bool no_body = body.empty() || stream->method == "HEAD";
  nghttp2_data_provider provider{};
  if (!no_body) {
    stream->response.assign(body);
    provider.source.ptr = stream;
    provider.read_callback = &Http2Callbacks::readBody;
  }
  int rc = nghttp2_submit_response(session_, stream->id, fields.data(), fields.size(),
                                   no_body ? nullptr : &provider);
  if (rc != 0) {
    log::debug(connection_->options().name, "HTTP/2 answer not submitted; resetting the stream.",
               {{"error", nghttp2_strerror(rc)}});
    nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, stream->id, NGHTTP2_INTERNAL_ERROR);
  }
}

void Http2Session::resetStream(uint64_t stream_id) {
  Stream* stream = find(static_cast<int32_t>(stream_id));
  if (stream == nullptr || failed_) {
    return;
  }
  if (stream->dispatched && !stream->answered) {
    --awaiting_answers_;
  }
  stream->answered = true;
  nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, stream->id, NGHTTP2_INTERNAL_ERROR);
}

void Http2Session::streamClosed(int32_t stream_id) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) {
    return;
  }
  if (it->second->dispatched && !it->second->answered) {
    --awaiting_answers_;  // reset by the peer before its answer: the answer will be dropped
  }
  streams_.erase(it);
}

}  // namespace switchyard::http
