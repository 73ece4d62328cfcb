#include "gateway/bench/payload_template.h"

#include "gateway/core/append_decimal.h"
#include "gateway/core/random.h"

namespace switchyard::bench {

Result<PayloadTemplate> PayloadTemplate::compile(std::string_view text) {
  PayloadTemplate compiled;
  compiled.text_ = std::string(text);
  size_t literal_start = 0;
  size_t position = 0;
  while ((position = text.find("{{", position)) != std::string_view::npos) {
    size_t close = text.find("}}", position + 2);
    if (close == std::string_view::npos) {
      break;  // an unmatched "{{" is literal text
    }
    std::string_view name = text.substr(position + 2, close - position - 2);
    Part part;
    if (name == "seq") {
      part = Part::kSequence;
    } else if (name == "rand") {
      part = Part::kRandom;
    } else if (name == "time") {
      part = Part::kTime;
      compiled.uses_time_ = true;
    } else {
      return makeError(Errc::kInvalidArgument,
                       "unknown placeholder {{" + std::string(name) +
                           "}} in the body template (known: {{seq}}, {{rand}}, {{time}})");
    }
    if (position > literal_start) {
      compiled.segments_.push_back({Part::kLiteral, literal_start, position - literal_start});
    }
    compiled.segments_.push_back({part});
    position = close + 2;
    literal_start = position;
  }
  if (literal_start < text.size()) {
    compiled.segments_.push_back({Part::kLiteral, literal_start, text.size() - literal_start});
  }
  return compiled;
}

std::string_view PayloadTemplate::defaultBody() {
  return R"({"source":"switchyard-bench","seq":{{seq}},"nonce":"{{rand}}","sent_at_us":{{time}},)"
         R"("detail":{"type":"order.created","customer":{"id":"c-004217","tier":"gold"},)"
         R"("items":[{"sku":"A-1001","qty":2,"price":19.99},{"sku":"B-2203","qty":1,)"
         R"("price":5.25}],"currency":"EUR","total":45.23,"note":"load test event from )"
         R"(switchyard bench"}})";
}

void PayloadTemplate::expand(std::string& out, uint64_t sequence, Random& random,
                             int64_t unix_micros) const {
  static constexpr char kHex[] = "0123456789abcdef";
  for (const Segment& segment : segments_) {
    switch (segment.part) {
      case Part::kLiteral:
        out.append(text_, segment.offset, segment.length);
        break;
      case Part::kSequence:
        appendDecimal(out, sequence);
        break;
      case Part::kRandom: {
        uint64_t value = random.next();
        char digits[16];
        for (int i = 15; i >= 0; --i) {
          digits[i] = kHex[value & 0xf];
          value >>= 4;
        }
        out.append(digits, sizeof(digits));
        break;
      }
      case Part::kTime:
        appendDecimal(out, static_cast<uint64_t>(unix_micros < 0 ? 0 : unix_micros));
        break;
    }
  }
}

size_t PayloadTemplate::maxSize() const {
  size_t size = 0;
  for (const Segment& segment : segments_) {
    size += segment.part == Part::kLiteral ? segment.length : 20;  // 20: the longest uint64
  }
  return size;
}

}  // namespace switchyard::bench
