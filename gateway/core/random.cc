#include "gateway/core/random.h"

#include <random>

namespace switchyard {
namespace {

uint64_t splitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

__extension__ using Uint128 = unsigned __int128;

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Random::Random(uint64_t seed) {
  for (uint64_t& word : state_) {
    word = splitMix64(seed);
  }
}

uint64_t Random::next() {
  const uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

uint64_t Random::below(uint64_t bound) {
  // Lemire's multiply-shift; the bias is < bound / 2^64, irrelevant for jitter and ids.
  return static_cast<uint64_t>((static_cast<Uint128>(next()) * bound) >> 64);
}

Random& Random::local() {
  thread_local Random random([] {
    std::random_device device;
    return (static_cast<uint64_t>(device()) << 32) ^ device();
  }());
  return random;
}

}  // namespace switchyard
