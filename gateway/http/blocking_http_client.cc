#include "gateway/http/blocking_http_client.h"

#include <arpa/inet.h>
#include <http_parser.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstring>

namespace switchyard::http {
namespace {

std::string lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

struct ParseState {
  explicit ParseState(ClientResponse* response_in) : response(response_in) {}
  ClientResponse* response;
  std::string field;
  std::string value;
  bool in_value = false;
  bool complete = false;
};

void flushHeader(ParseState* state) {
  if (!state->field.empty()) {
    state->response->headers[lower(state->field)] = state->value;
  }
  state->field.clear();
  state->value.clear();
  state->in_value = false;
}

const http_parser_settings& settings() {
  static const http_parser_settings kSettings = [] {
    http_parser_settings s{};
    s.on_header_field = [](http_parser* p, const char* at, size_t n) {
      auto* state = static_cast<ParseState*>(p->data);
      if (state->in_value) {
        flushHeader(state);
      }
      state->field.append(at, n);
      return 0;
    };
    s.on_header_value = [](http_parser* p, const char* at, size_t n) {
      auto* state = static_cast<ParseState*>(p->data);
      state->in_value = true;
      state->value.append(at, n);
      return 0;
    };
    s.on_headers_complete = [](http_parser* p) {
      auto* state = static_cast<ParseState*>(p->data);
      flushHeader(state);
      state->response->status = p->status_code;
      return 0;
    };
    s.on_body = [](http_parser* p, const char* at, size_t n) {
      static_cast<ParseState*>(p->data)->response->body.append(at, n);
      return 0;
    };
    s.on_message_complete = [](http_parser* p) {
      auto* state = static_cast<ParseState*>(p->data);
      state->complete = true;
      http_parser_pause(p, 1);
      return 0;
    };
    return s;
  }();
  return kSettings;
}

}  // namespace

std::string ClientResponse::header(const std::string& name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

BlockingHttpClient::BlockingHttpClient(uint16_t port, std::string host)
    : port_(port), host_(std::move(host)) {}

BlockingHttpClient::~BlockingHttpClient() { close(); }

void BlockingHttpClient::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  buffer_.clear();
}

bool BlockingHttpClient::ensureConnected() {
  if (fd_ >= 0) {
    return true;
  }
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  ::inet_pton(AF_INET, host_.c_str(), &address.sin_addr);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close();
    return false;
  }
  int on = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  timeval timeout{30, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  return true;
}

bool BlockingHttpClient::readResponse(ClientResponse* response) {
  http_parser parser;
  http_parser_init(&parser, HTTP_RESPONSE);
  ParseState state(response);
  parser.data = &state;
  while (true) {
    if (!buffer_.empty()) {
      size_t used = http_parser_execute(&parser, &settings(), buffer_.data(), buffer_.size());
      buffer_.erase(0, used);
      if (state.complete) {
        // An interim 100 Continue is followed by the real answer.
        if (response->status == 100) {
          *response = ClientResponse{};
          http_parser_init(&parser, HTTP_RESPONSE);
          state = ParseState(response);
          parser.data = &state;
          continue;
        }
        return true;
      }
      if (HTTP_PARSER_ERRNO(&parser) != HPE_OK) {
        return false;
      }
    }
    char chunk[65536];
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) {
      if (n == 0) {
        http_parser_execute(&parser, &settings(), nullptr, 0);  // EOF-delimited bodies
      }
      return state.complete;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

ClientResponse BlockingHttpClient::request(
    const std::string& method, const std::string& path, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string bytes = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  bool has_length = false;
  for (const auto& [name, value] : headers) {
    bytes += name + ": " + value + "\r\n";
    has_length =
        has_length || lower(name) == "content-length" || lower(name) == "transfer-encoding";
  }
  if (!has_length) {
    bytes += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  bytes += "\r\n" + body;
  std::vector<ClientResponse> responses = sendRaw(bytes, 1);
  return responses.empty() ? ClientResponse{} : responses[0];
}

std::vector<ClientResponse> BlockingHttpClient::sendRaw(const std::string& bytes, int responses) {
  std::vector<ClientResponse> out;
  if (!ensureConnected()) {
    return out;
  }
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      break;  // the server may answer (413) and close before taking it all
    }
    sent += static_cast<size_t>(n);
  }
  for (int i = 0; i < responses; ++i) {
    ClientResponse response;
    if (!readResponse(&response)) {
      close();
      break;
    }
    out.push_back(std::move(response));
    if (lower(out.back().header("connection")) == "close") {
      close();
      break;
    }
  }
  return out;
}

bool BlockingHttpClient::peerClosed(int timeout_ms, std::string* leftover) {
  if (fd_ < 0) {
    return true;
  }
  if (leftover != nullptr) {
    *leftover = buffer_;
  }
  while (true) {
    pollfd poll_fd{fd_, POLLIN, 0};
    if (::poll(&poll_fd, 1, timeout_ms) <= 0) {
      return false;
    }
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) {
      return true;
    }
    if (leftover != nullptr) {
      leftover->append(chunk, static_cast<size_t>(n));
    }
  }
}

ClientResponse httpRequest(uint16_t port, const std::string& method, const std::string& path,
                           const std::string& body,
                           const std::vector<std::pair<std::string, std::string>>& headers) {
  BlockingHttpClient client(port);
  return client.request(method, path, body, headers);
}

}  // namespace switchyard::http
