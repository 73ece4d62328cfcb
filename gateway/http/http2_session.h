#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/http/http_request.h"

struct nghttp2_session;

namespace switchyard::http {

class HttpConnection;

// The HTTP/2 side of one connection that opened with the h2c preface (prior knowledge): an
// nghttp2 server session turning streams into HttpRequests for the same HttpService as HTTP/1.1.
// Each stream's responder carries the stream id as its sequence; answers may come in any order.
//
// Bytes go through the owning connection: receive() is fed every read, and send() appends what
// nghttp2 has to say to the connection's output (the caller flushes). Requests are dispatched
// from inside receive(), so an answer given synchronously only queues frames there.
//
// Lifetime: owned by the HttpConnection and freed with it, after its socket closed.
// NOTE: thread-confined to the connection's loop.
class Http2Session {
 public:
  explicit Http2Session(HttpConnection* connection);
  ~Http2Session();
  Http2Session(const Http2Session&) = delete;
  Http2Session& operator=(const Http2Session&) = delete;

  // Queues our SETTINGS. False if nghttp2 could not be set up (out of memory).
  bool start();
  // Feeds received bytes (the first read includes the client preface). On a protocol error a
  // GOAWAY is queued and finished() turns true.
  void receive(const char* data, size_t size);
  // Appends pending frames to `out`.
  void send(std::string& out);
  // True once nothing more will be read or written: close after flushing.
  bool finished() const;
  // Inside receive(): sending must wait until it returns.
  bool receiving() const { return receiving_; }
  // Streams dispatched to the service and not answered yet.
  bool awaitingAnswers() const { return awaiting_answers_ > 0; }

  // An answer for stream `stream_id`; dropped if the peer reset the stream meanwhile.
  void answer(uint64_t stream_id, int status, std::span<const HttpHeader> headers,
              std::string_view content_type, std::string_view body);
  void resetStream(uint64_t stream_id);
  // Graceful GOAWAY (draining): streams already begun are finished, no new ones are taken.
  void goAway();
  // GOAWAY now, dropping every stream (idle timeout, errors). 0 is NO_ERROR.
  void terminate(uint32_t error_code = 0);

 private:
  struct Stream;
  friend struct Http2Callbacks;
  void beginStream(int32_t stream_id);
  void addHeader(int32_t stream_id, std::string_view name, std::string_view value, bool trailer);
  void addData(int32_t stream_id, const uint8_t* data, size_t length);
  void headersComplete(int32_t stream_id);
  void requestComplete(int32_t stream_id);
  void streamClosed(int32_t stream_id);
  void reject(Stream& stream, int status);
  void dispatch(Stream& stream);
  Stream* find(int32_t stream_id);

  HttpConnection* connection_;
  nghttp2_session* session_ = nullptr;
  std::map<int32_t, std::unique_ptr<Stream>> streams_;
  size_t awaiting_answers_ = 0;
  bool receiving_ = false;
  bool failed_ = false;  // nghttp2 reported a fatal error: nothing more can be sent
  HttpRequest request_;  // reused; its headers vector keeps its capacity
};

}  // namespace switchyard::http
