#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/http/http_request.h"

namespace switchyard::aws::testing {

// An HTTP request that owns its bytes; view() gives the HttpRequest the gateway would see (its
// views point into this object: rebuild after changing it).
class OwnedRequest {
 public:
  OwnedRequest(std::string method, std::string target,
               std::vector<std::pair<std::string, std::string>> headers, std::string body)
      : method_(std::move(method)),
        target_(std::move(target)),
        headers_(std::move(headers)),
        body_(std::move(body)) {}

  // "POST /path?q HTTP/1.1\nname: value\n...\n\nbody" (CR LF shown as newlines, as in the wire
  // notes). Header values lose the whitespace after the colon, as the HTTP parser drops it.
  static OwnedRequest fromCapture(std::string_view text) {
    size_t blank = text.find("\n\n");
    std::string_view head = text.substr(0, blank);
    std::string body(blank == std::string_view::npos ? std::string_view{} : text.substr(blank + 2));
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start <= head.size()) {
      size_t end = head.find('\n', start);
      lines.push_back(head.substr(start, end == std::string_view::npos ? end : end - start));
      start = end == std::string_view::npos ? head.size() + 1 : end + 1;
    }
    std::string_view request_line = lines.front();
    size_t first_space = request_line.find(' ');
    size_t second_space = request_line.find(' ', first_space + 1);
    std::vector<std::pair<std::string, std::string>> headers;
    for (size_t i = 1; i < lines.size(); ++i) {
      size_t colon = lines[i].find(':');
      std::string_view value = lines[i].substr(colon + 1);
      while (!value.empty() && value.front() == ' ') {
        value.remove_prefix(1);
      }
      headers.emplace_back(std::string(lines[i].substr(0, colon)), std::string(value));
    }
    return OwnedRequest(
        std::string(request_line.substr(0, first_space)),
        std::string(request_line.substr(first_space + 1, second_space - first_space - 1)),
        std::move(headers), std::move(body));
  }

  http::HttpRequest view() const {
    http::HttpRequest request;
    request.method = method_;
    request.target = target_;
    std::string_view target = target_;
    size_t question = target.find('?');
    request.path = target.substr(0, question);
    request.query =
        question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
    for (const auto& [name, value] : headers_) {
      request.headers.push_back({name, value});
    }
    request.body = body_;
    return request;
  }

  // Replaces every header `name` (case-insensitive) with one, or adds it.
  void setHeader(std::string_view name, std::string value) {
    removeHeader(name);
    headers_.emplace_back(std::string(name), std::move(value));
  }
  void addHeader(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
  }
  void removeHeader(std::string_view name) {
    std::erase_if(headers_,
                  [&](const auto& header) { return http::equalsIgnoreCase(header.first, name); });
  }
  std::string header(std::string_view name) const {
    for (const auto& [key, value] : headers_) {
      if (http::equalsIgnoreCase(key, name)) {
        return value;
      }
    }
    return {};
  }
  void setBody(std::string body) { body_ = std::move(body); }
  void setTarget(std::string target) { target_ = std::move(target); }
  void setMethod(std::string method) { method_ = std::move(method); }
  const std::string& body() const { return body_; }

 private:
  std::string method_;
  std::string target_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string body_;
};

}  // namespace switchyard::aws::testing
