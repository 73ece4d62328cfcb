#pragma once

#include "gateway/config/config.h"
#include "gateway/config/yaml_reader.h"

namespace switchyard::config {

// Reads `on_success` / `on_failure`: exactly one of `{ function: NAME }`, `{ topic: NAME }` or
// `{ dlq: true }`. Whether a named function exists is checked once all functions are read.
DestinationConfig readDestination(ErrorSink& errors, const ValueRef& ref);

}  // namespace switchyard::config
