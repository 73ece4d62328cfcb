#pragma once

#include "dispatcher/router/event_pattern.h"
#include "dispatcher/router/pattern_program.h"

namespace switchyard::router {

// EventPattern's private state, shared with PatternSet (a friend). The spec is kept besides the
// program so that a PatternSet can merge several patterns into one program.
struct EventPattern::Compiled {
  PatternSpec spec;
  PatternProgram program;
  bool matches_everything = false;
};

}  // namespace switchyard::router
