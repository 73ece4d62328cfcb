#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/core/result.h"

// `${NAME}` references in config values (secrets stay out of the file).

namespace switchyard::config {

// The value of an environment variable, or nullopt when it is not set.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (getenv). Read at load time, on the control thread.
std::optional<std::string> processEnvironment(const std::string& name);

// Replaces each `${NAME}` in `text` by the variable's value; `$${` stands for a literal `${`.
// NAME is [A-Za-z_][A-Za-z0-9_]*. Errors (messages in the config error style, without values):
// an unset variable, an unterminated `${`, a malformed name.
Result<std::string> expandEnvironment(std::string_view text, const EnvironmentLookup& lookup);

}  // namespace switchyard::config
