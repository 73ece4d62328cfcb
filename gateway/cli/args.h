#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/core/result.h"

namespace switchyard::cli {

// A command's options: `--name value`, `--name=value`, `-c value`, boolean `--flag`.
struct OptionSpec {
  std::string long_name;  // "config"
  char short_name = 0;    // 'c'
  bool takes_value = true;
  std::string value_name;  // "FILE", for --help
  std::string help;
};

class ParsedArgs {
 public:
  bool has(std::string_view name) const { return values_.count(std::string(name)) > 0; }
  std::string get(std::string_view name, std::string fallback = {}) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  friend Result<ParsedArgs> parseArgs(const std::vector<std::string>& args,
                                      const std::vector<OptionSpec>& specs);
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

// Errors name the offending argument and what was expected.
Result<ParsedArgs> parseArgs(const std::vector<std::string>& args,
                             const std::vector<OptionSpec>& specs);

// "Options:" block for --help.
std::string describeOptions(const std::vector<OptionSpec>& specs);

}  // namespace switchyard::cli
