#pragma once

#include <string_view>

#include "gateway/config/config.h"
#include "gateway/core/result.h"

namespace switchyard::connectors {

// Checks a trigger's `source:` map for a connector whose source names at most one thing: it may
// hold `kind` and `name_key` only, and `name_key` (unless empty) must be a non-empty scalar.
// `described` starts the error sentences: "an sqs source". Errors carry file:line:column.
Status validateSourceKeys(const config::Config& config, const config::TriggerConfig& trigger,
                          std::string_view described, std::string_view name_key);

}  // namespace switchyard::connectors
