#pragma once

#include <map>
#include <string>

#include "gateway/config/config.h"
#include "gateway/config/function_reader.h"
#include "gateway/config/yaml_reader.h"

// The `triggers:` section (DESIGN.md §10): name → source, target functions, filter, format and
// batching. The source block is kept as a node for its connector to validate; only its `kind` is
// read here.

namespace switchyard::config {

using TriggerMap = std::map<std::string, TriggerConfig>;

// Reads every trigger; a target naming a function not in `functions` is an error at that name.
TriggerMap readTriggers(ErrorSink& errors, const ValueRef& triggers, const FunctionMap& functions);

}  // namespace switchyard::config
