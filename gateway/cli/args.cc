#include "gateway/cli/args.h"

#include <algorithm>

namespace switchyard::cli {

std::string ParsedArgs::get(std::string_view name, std::string fallback) const {
  auto it = values_.find(std::string(name));
  return it == values_.end() ? fallback : it->second;
}

Result<ParsedArgs> parseArgs(const std::vector<std::string>& args,
                             const std::vector<OptionSpec>& specs) {
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 2 || arg[0] != '-') {
      parsed.positional_.push_back(arg);
      continue;
    }
    const OptionSpec* spec = nullptr;
    std::string inline_value;
    bool has_inline = false;
    if (arg.starts_with("--")) {
      std::string name = arg.substr(2);
      if (size_t eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_inline = true;
      }
      auto it = std::find_if(specs.begin(), specs.end(),
                             [&](const OptionSpec& s) { return s.long_name == name; });
      spec = it == specs.end() ? nullptr : &*it;
    } else if (arg.size() == 2) {
      auto it = std::find_if(specs.begin(), specs.end(),
                             [&](const OptionSpec& s) { return s.short_name == arg[1]; });
      spec = it == specs.end() ? nullptr : &*it;
    }
    if (spec == nullptr) {
      return makeError(Errc::kInvalidArgument, "unknown option \"" + arg + "\" (see --help)");
    }
    if (!spec->takes_value) {
      if (has_inline) {
        return makeError(Errc::kInvalidArgument, "--" + spec->long_name + " takes no value");
      }
      parsed.values_[spec->long_name] = "true";
      continue;
    }
    if (!has_inline) {
      if (i + 1 >= args.size()) {
        return makeError(Errc::kInvalidArgument,
                         "--" + spec->long_name + " needs a value (" + spec->value_name + ")");
      }
      inline_value = args[++i];
    }
    parsed.values_[spec->long_name] = inline_value;
  }
  return parsed;
}

std::string describeOptions(const std::vector<OptionSpec>& specs) {
  std::string out = "Options:\n";
  for (const OptionSpec& spec : specs) {
    std::string left = "  ";
    left += spec.short_name != 0 ? std::string("-") + spec.short_name + ", " : "    ";
    left += "--" + spec.long_name;
    if (spec.takes_value) {
      left += " " + spec.value_name;
    }
    if (left.size() < 30) {
      left.resize(30, ' ');
    } else {
      left += "\n" + std::string(30, ' ');
    }
    out += left + spec.help + "\n";
  }
  return out;
}

}  // namespace switchyard::cli
