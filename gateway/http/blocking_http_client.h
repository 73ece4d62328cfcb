#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace switchyard::http {

struct ClientResponse {
  int status = 0;                              // 0: no response (connection failed or closed)
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::string header(const std::string& name) const;
};

// A small blocking HTTP/1.1 client (sockets + http-parser) for the CLI talking to the admin API
// and for tests; independent of the gateway's event-loop HTTP code.
class BlockingHttpClient {
 public:
  explicit BlockingHttpClient(uint16_t port, std::string host = "127.0.0.1");
  ~BlockingHttpClient();

  ClientResponse request(const std::string& method, const std::string& path,
                         const std::string& body = {},
                         const std::vector<std::pair<std::string, std::string>>& headers = {});
  // Sends raw bytes on the (kept-alive) connection and reads `responses` answers.
  std::vector<ClientResponse> sendRaw(const std::string& bytes, int responses = 1);
  // True if the peer closes the connection within the timeout (bytes before that are read into
  // `*leftover` if given).
  bool peerClosed(int timeout_ms = 2000, std::string* leftover = nullptr);
  void close();

 private:
  bool ensureConnected();
  bool readResponse(ClientResponse* response);

  uint16_t port_;
  std::string host_;
  int fd_ = -1;
  std::string buffer_;  // bytes read but not yet parsed
};

// One-shot convenience: new connection, one request.
ClientResponse httpRequest(uint16_t port, const std::string& method, const std::string& path,
                           const std::string& body = {},
                           const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace switchyard::http
