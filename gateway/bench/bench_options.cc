#include "gateway/bench/bench_options.h"

#include <charconv>
#include <string>

namespace switchyard::bench {

Result<double> parseRate(std::string_view text) {
  auto malformed = [text] {
    return makeError(Errc::kInvalidArgument, "expected a rate like 1000/s, 2k/s or 600/m, got \"" +
                                                 std::string(text) + "\"");
  };
  double per = 1;  // seconds per unit
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    std::string_view unit = text.substr(slash + 1);
    if (unit == "s") {
      per = 1;
    } else if (unit == "m" || unit == "min") {
      per = 60;
    } else if (unit == "h") {
      per = 3600;
    } else {
      return malformed();
    }
    text = text.substr(0, slash);
  }
  double scale = 1;
  if (text.ends_with('k')) {
    scale = 1'000;
    text.remove_suffix(1);
  } else if (text.ends_with('M')) {
    scale = 1'000'000;
    text.remove_suffix(1);
  }
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || !(value > 0)) {
    return malformed();
  }
  return value * scale / per;
}

}  // namespace switchyard::bench
