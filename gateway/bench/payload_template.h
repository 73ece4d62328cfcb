#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/core/result.h"

namespace switchyard {
class Random;
}

namespace switchyard::bench {

// A request body with placeholders, compiled once and expanded per request into a reused buffer
// (no allocation once the buffer has grown): {{seq}} the request's sequence number, {{rand}} 16
// random hex digits, {{time}} the Unix time in microseconds when the request is built.
//
// NOTE: immutable after compile(); expand() may run on several threads at once.
class PayloadTemplate {
 public:
  // Fails on an unknown {{placeholder}}, naming it and the ones that exist.
  static Result<PayloadTemplate> compile(std::string_view text);
  // About 300 bytes of JSON, shaped like a typical webhook event.
  static std::string_view defaultBody();

  // Appends the body for request `sequence`. `unix_micros` is read only if {{time}} is used.
  void expand(std::string& out, uint64_t sequence, Random& random, int64_t unix_micros) const;
  bool usesTime() const { return uses_time_; }
  // An upper bound on an expanded body's size (for reserving buffers).
  size_t maxSize() const;

 private:
  enum class Part : uint8_t { kLiteral, kSequence, kRandom, kTime };
  struct Segment {
    Part part;
    size_t offset = 0;  // literal bytes in text_
    size_t length = 0;
  };

  std::string text_;
  std::vector<Segment> segments_;
  bool uses_time_ = false;
};

}  // namespace switchyard::bench
