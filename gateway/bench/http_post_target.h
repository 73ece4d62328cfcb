#pragma once

#include <string>
#include <string_view>

#include "gateway/bench/bench_target.h"

namespace switchyard::bench {

// The request head of a target that POSTs: everything but Content-Length is built once, so a
// request costs one append and a number.
class HttpPostTarget : public BenchTarget {
 public:
  // `path` overrides the URL's (SQS posts to "/" whatever the queue URL); `extra_headers` are
  // complete "Name: value\r\n" lines.
  HttpPostTarget(const TargetUrl& url, std::string_view content_type,
                 std::string_view extra_headers, std::string_view bearer_token,
                 std::string_view path = {});
  void appendRequestHead(std::string& out, size_t body_size) const override;

 private:
  std::string prefix_;
};

}  // namespace switchyard::bench
