#include "tests/support/function_server.h"

#include <arpa/inet.h>
#include <http_parser.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <csignal>
#include <cstdio>

#include "tests/support/gateway_process.h"

namespace switchyard::testing {
namespace {

std::string lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

struct RequestParse {
  ReceivedRequest request;
  std::string field;
  std::string value;
  bool in_value = false;
  bool complete = false;
  bool keep_alive = true;
};

void flush(RequestParse* parse) {
  if (!parse->field.empty()) {
    parse->request.headers[lower(parse->field)] = parse->value;
  }
  parse->field.clear();
  parse->value.clear();
  parse->in_value = false;
}

const http_parser_settings& settings() {
  static const http_parser_settings kSettings = [] {
    http_parser_settings s{};
    s.on_url = [](http_parser* p, const char* at, size_t n) {
      static_cast<RequestParse*>(p->data)->request.path.append(at, n);
      return 0;
    };
    s.on_header_field = [](http_parser* p, const char* at, size_t n) {
      auto* parse = static_cast<RequestParse*>(p->data);
      if (parse->in_value) {
        flush(parse);
      }
      parse->field.append(at, n);
      return 0;
    };
    s.on_header_value = [](http_parser* p, const char* at, size_t n) {
      auto* parse = static_cast<RequestParse*>(p->data);
      parse->in_value = true;
      parse->value.append(at, n);
      return 0;
    };
    s.on_headers_complete = [](http_parser* p) {
      auto* parse = static_cast<RequestParse*>(p->data);
      flush(parse);
      parse->request.method = http_method_str(static_cast<http_method>(p->method));
      return 0;
    };
    s.on_body = [](http_parser* p, const char* at, size_t n) {
      static_cast<RequestParse*>(p->data)->request.body.append(at, n);
      return 0;
    };
    s.on_message_complete = [](http_parser* p) {
      auto* parse = static_cast<RequestParse*>(p->data);
      parse->complete = true;
      parse->keep_alive = http_should_keep_alive(p) != 0;
      http_parser_pause(p, 1);
      return 0;
    };
    return s;
  }();
  return kSettings;
}

// Reads and writes one connection, in the clear or through TLS.
class Stream {
 public:
  Stream(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  ~Stream() {
    if (ssl_ != nullptr) {
      SSL_free(ssl_);
    }
  }
  ssize_t read(char* buffer, size_t size) {
    if (ssl_ != nullptr) {
      int n = SSL_read(ssl_, buffer, static_cast<int>(size));
      return n > 0 ? n : -1;
    }
    return ::recv(fd_, buffer, size, 0);
  }
  void writeAll(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ssl_ != nullptr
                      ? SSL_write(ssl_, bytes.data() + sent, static_cast<int>(bytes.size() - sent))
                      : ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        return;
      }
      sent += static_cast<size_t>(n);
    }
  }

 private:
  int fd_;
  SSL* ssl_;
};

}  // namespace

std::string ReceivedRequest::header(const std::string& name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

FunctionServer::FunctionServer(Handler handler, Transport transport)
    : transport_(transport), handler_(std::move(handler)) {
  // SSL_write to a peer that left raises SIGPIPE (it has no MSG_NOSIGNAL); a test server must
  // not die of it.
  ::signal(SIGPIPE, SIG_IGN);
  if (transport_ == Transport::kTls) {
    setUpTls();
  }
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int on = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  ::listen(listen_fd_, 512);
  socklen_t length = sizeof(address);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  accept_thread_ = std::thread([this] { acceptLoop(); });
}

FunctionServer::~FunctionServer() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  accept_thread_.join();
  ::close(listen_fd_);
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int fd : connection_fds_) {
      ::shutdown(fd, SHUT_RDWR);
    }
    threads.swap(connection_threads_);
  }
  for (auto& thread : threads) {
    thread.join();
  }
  // Sockets are closed only here: a number closed earlier could be reused by someone else's
  // socket while another thread still shuts "it" down.
  for (int fd : connection_fds_) {
    ::close(fd);
  }
  if (tls_context_ != nullptr) {
    SSL_CTX_free(static_cast<SSL_CTX*>(tls_context_));
    std::remove(ca_file_.c_str());
  }
}

std::string FunctionServer::url(const std::string& path) const {
  return std::string(transport_ == Transport::kTls ? "https" : "http") +
         "://127.0.0.1:" + std::to_string(port_) + path;
}

// A self-signed P-256 certificate for IP 127.0.0.1, written as PEM for the client to trust.
void FunctionServer::setUpTls() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* certificate = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
  X509_gmtime_adj(X509_getm_notBefore(certificate), -3600);
  X509_gmtime_adj(X509_getm_notAfter(certificate), 24 * 3600);
  X509_set_pubkey(certificate, key);
  X509_NAME* name = X509_get_subject_name(certificate);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(certificate, name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, "IP:127.0.0.1");
  X509_add_ext(certificate, san, -1);
  X509_EXTENSION_free(san);
  X509_EXTENSION* basic = X509V3_EXT_conf_nid(nullptr, &context, NID_basic_constraints, "CA:TRUE");
  X509_add_ext(certificate, basic, -1);
  X509_EXTENSION_free(basic);
  X509_sign(certificate, key, EVP_sha256());

  ca_file_ = writeTempFile("ca.pem", "");
  FILE* file = std::fopen(ca_file_.c_str(), "w");
  PEM_write_X509(file, certificate);
  std::fclose(file);

  SSL_CTX* ssl_context = SSL_CTX_new(TLS_server_method());
  SSL_CTX_use_certificate(ssl_context, certificate);
  SSL_CTX_use_PrivateKey(ssl_context, key);
  tls_context_ = ssl_context;
  X509_free(certificate);
  EVP_PKEY_free(key);
}

void FunctionServer::setHandler(Handler handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  handler_ = std::move(handler);
}

std::vector<ReceivedRequest> FunctionServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

size_t FunctionServer::count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_.size();
}

bool FunctionServer::waitForCount(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

void FunctionServer::acceptLoop() {
  while (!stopping_) {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (stopping_) {
        return;
      }
      continue;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    connection_fds_.push_back(fd);
    connection_threads_.emplace_back([this, fd] { serve(fd); });
  }
}

void FunctionServer::serve(int fd) {
  SSL* ssl = nullptr;
  if (tls_context_ != nullptr) {
    ssl = SSL_new(static_cast<SSL_CTX*>(tls_context_));
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) {
      SSL_free(ssl);
      ::shutdown(fd, SHUT_RDWR);
      return;
    }
  }
  Stream stream(fd, ssl);
  std::string buffer;
  while (!stopping_) {
    http_parser parser;
    http_parser_init(&parser, HTTP_REQUEST);
    RequestParse parse;
    parser.data = &parse;
    while (!parse.complete) {
      if (!buffer.empty()) {
        size_t used = http_parser_execute(&parser, &settings(), buffer.data(), buffer.size());
        buffer.erase(0, used);
        if (parse.complete) {
          break;
        }
        if (HTTP_PARSER_ERRNO(&parser) != HPE_OK) {
          ::shutdown(fd, SHUT_RDWR);
          return;
        }
      }
      char chunk[65536];
      ssize_t n = stream.read(chunk, sizeof(chunk));
      if (n <= 0) {
        ::shutdown(fd, SHUT_RDWR);
        return;
      }
      buffer.append(chunk, static_cast<size_t>(n));
    }
    int now = ++in_progress_;
    int seen = max_in_progress_.load();
    while (now > seen && !max_in_progress_.compare_exchange_weak(seen, now)) {
    }
    Handler handler;
    int index;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      handler = handler_;
      index = static_cast<int>(requests_.size());
      requests_.push_back(parse.request);
    }
    arrived_.notify_all();
    FunctionReply reply = handler ? handler(parse.request, index) : FunctionReply{};
    if (reply.delay_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(reply.delay_ms));
    }
    --in_progress_;
    if (reply.close_without_answer) {
      ::shutdown(fd, SHUT_RDWR);
      return;
    }
    std::string response = "HTTP/1.1 " + std::to_string(reply.status) + " X\r\n";
    for (const auto& [name, value] : reply.headers) {
      response += name + ": " + value + "\r\n";
    }
    response += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n\r\n" + reply.body;
    stream.writeAll(response);
    if (!parse.keep_alive) {
      ::shutdown(fd, SHUT_RDWR);
      return;
    }
  }
  ::shutdown(fd, SHUT_RDWR);
}

}  // namespace switchyard::testing
