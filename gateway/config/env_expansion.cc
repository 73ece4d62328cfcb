#include "gateway/config/env_expansion.h"

#include <algorithm>
#include <cstdlib>

#include "gateway/config/value_parsers.h"

namespace switchyard::config {

namespace {

bool isNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool isNameChar(char c) { return isNameStart(c) || (c >= '0' && c <= '9'); }

bool isVariableName(std::string_view name) {
  return !name.empty() && isNameStart(name.front()) &&
         std::all_of(name.begin(), name.end(), isNameChar);
}

}  // namespace

std::optional<std::string> processEnvironment(const std::string& name) {
  const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): control thread
  if (value == nullptr) {
    return std::nullopt;
  }
  return std::string(value);
}

Result<std::string> expandEnvironment(std::string_view text, const EnvironmentLookup& lookup) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const size_t dollar = text.find('$');
    out.append(text.substr(0, dollar));
    if (dollar == std::string_view::npos) {
      break;
    }
    text.remove_prefix(dollar);
    if (text.starts_with("$${")) {
      out.append("${");
      text.remove_prefix(3);
      continue;
    }
    if (!text.starts_with("${")) {
      out.push_back('$');
      text.remove_prefix(1);
      continue;
    }
    const size_t close = text.find('}');
    if (close == std::string_view::npos) {
      return makeError(Errc::kInvalidArgument,
                       "unterminated ${ (write ${NAME} for an environment variable, $${ for a "
                       "literal ${)");
    }
    const std::string name(text.substr(2, close - 2));
    if (!isVariableName(name)) {
      return makeError(Errc::kInvalidArgument,
                       "expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*) in ${...}, "
                       "got " +
                           quote(name));
    }
    std::optional<std::string> value = lookup(name);
    if (!value) {
      return makeError(Errc::kInvalidArgument, "environment variable " + name + " is not set");
    }
    out.append(*value);
    text.remove_prefix(close + 1);
  }
  return out;
}

}  // namespace switchyard::config
