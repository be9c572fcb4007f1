#pragma once
// splitmix64 (Steele, Lea & Flood 2014): the one mixer behind the tie-break
// hashes of allocation, the Monte Carlo streams and the demo generator's noise.
#include <cstdint>

namespace forestsink {

inline constexpr uint64_t kSplitMixGamma = 0x9e3779b97f4a7c15ULL;

// The output function, applied to a state already advanced by the gamma.
inline uint64_t splitmixFinalise(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// A 64-bit hash of x: one splitmix64 step from state x.
inline uint64_t mix64(uint64_t x) { return splitmixFinalise(x + kSplitMixGamma); }

}  // namespace forestsink
