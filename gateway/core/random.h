#pragma once

#include <cstdint>

namespace switchyard {

// Fast per-thread pseudo-random numbers (xoshiro256**), seeded once per thread from the OS.
// Not for secrets. Tests may seed explicitly for reproducibility.
class Random {
 public:
  explicit Random(uint64_t seed);
  uint64_t next();
  // Uniform in [0, bound); bound > 0.
  uint64_t below(uint64_t bound);

  // The calling thread's generator.
  static Random& local();

 private:
  uint64_t state_[4];
};

}  // namespace switchyard
