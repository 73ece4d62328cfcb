#include "gateway/bench/http_post_target.h"

#include "gateway/core/append_decimal.h"

namespace switchyard::bench {

HttpPostTarget::HttpPostTarget(const TargetUrl& url, std::string_view content_type,
                               std::string_view extra_headers, std::string_view bearer_token,
                               std::string_view path) {
  prefix_ = "POST ";
  prefix_.append(path.empty() ? std::string_view(url.path) : path);
  prefix_ += " HTTP/1.1\r\nHost: " + url.host + ":" + std::to_string(url.port) + "\r\n";
  prefix_ += "Content-Type: ";
  prefix_.append(content_type);
  prefix_ += "\r\nUser-Agent: switchyard-bench\r\n";
  prefix_.append(extra_headers);
  if (!bearer_token.empty()) {
    prefix_ += "Authorization: Bearer " + std::string(bearer_token) + "\r\n";
  }
  prefix_.append("Content-Length: ");
}

void HttpPostTarget::appendRequestHead(std::string& out, size_t body_size) const {
  out.append(prefix_);
  appendDecimal(out, body_size);
  out.append("\r\n\r\n");
}

}  // namespace switchyard::bench
