#include "gateway/core/assert.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "gateway/core/log.h"

namespace switchyard {
namespace {
std::atomic<uint64_t> g_bugs{0};
}

uint64_t bugCount() { return g_bugs.load(std::memory_order_relaxed); }

namespace detail {

void assertFailed(const char* expression, const char* file, int line) {
  std::fprintf(stderr, "FATAL assertion failed: %s at %s:%d\n", expression, file, line);
  std::abort();
}

void bugDetected(const char* what, const char* file, int line) {
  uint64_t count = g_bugs.fetch_add(1, std::memory_order_relaxed) + 1;
  // Only the first few are logged: the counter carries the rest.
  if (count <= 16) {
    log::error("bug", "An internal invariant failed; the process continues.",
               {{"what", what}, {"at", std::string(file) + ":" + std::to_string(line)}});
  }
}

}  // namespace detail
}  // namespace switchyard
