#pragma once

#include <atomic>
#include <cstdint>

// Three tiers of checks (Envoy, Redpanda). Never assert on what the network controls.
//   SY_DEBUG_ASSERT(cond)   invariant checked in debug builds only.
//   SY_ASSERT(cond)         release-fatal: continuing would corrupt state.
//   SY_BUG_IF(cond, what)   a bug that the process survives: logged (rate-limited) and counted.

namespace switchyard::detail {
[[noreturn]] void assertFailed(const char* expression, const char* file, int line);
void bugDetected(const char* what, const char* file, int line);
}  // namespace switchyard::detail

namespace switchyard {
// How many SY_BUG_IF checks fired since start; exported as a metric.
uint64_t bugCount();
}  // namespace switchyard

#define SY_ASSERT(cond)                                              \
  do {                                                               \
    if (!(cond)) [[unlikely]] {                                      \
      ::switchyard::detail::assertFailed(#cond, __FILE__, __LINE__); \
    }                                                                \
  } while (false)

#ifdef NDEBUG
#define SY_DEBUG_ASSERT(cond) \
  do {                        \
  } while (false && (cond))
#else
#define SY_DEBUG_ASSERT(cond) SY_ASSERT(cond)
#endif

#define SY_BUG_IF(cond, what) \
  ((cond) ? (::switchyard::detail::bugDetected(what, __FILE__, __LINE__), true) : false)
