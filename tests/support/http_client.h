#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace switchyard::testing {

struct HttpResponse {
  int status = 0;                              // 0: no response (connection failed or closed)
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::string header(const std::string& name) const;
};

// A small blocking HTTP/1.1 client for tests, independent of Switchyard's own HTTP code.
class TestHttpClient {
 public:
  explicit TestHttpClient(uint16_t port, std::string host = "127.0.0.1");
  ~TestHttpClient();

  HttpResponse request(const std::string& method, const std::string& path,
                       const std::string& body = {},
                       const std::vector<std::pair<std::string, std::string>>& headers = {});
  // Sends raw bytes on the (kept-alive) connection and reads `responses` answers.
  std::vector<HttpResponse> sendRaw(const std::string& bytes, int responses = 1);
  // True if the peer closes the connection within the timeout (bytes before that are read into
  // `*leftover` if given).
  bool peerClosed(int timeout_ms = 2000, std::string* leftover = nullptr);
  void close();

 private:
  bool ensureConnected();
  bool readResponse(HttpResponse* response);

  uint16_t port_;
  std::string host_;
  int fd_ = -1;
  std::string buffer_;  // bytes read but not yet parsed
};

// One-shot convenience: new connection, one request.
HttpResponse httpRequest(uint16_t port, const std::string& method, const std::string& path,
                         const std::string& body = {},
                         const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace switchyard::testing
