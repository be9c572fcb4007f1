#pragma once
// Seeded random numbers and distributions for Monte Carlo draws, implemented
// here (splitmix64, Box–Muller, inverse CDFs) so that a seed gives the same
// draws with any compiler or standard library.
#include "scenarios/Uncertainty.h"

#include <cstdint>
#include <vector>

namespace forestsink {

class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}
    uint64_t next();
    double uniform();  // in (0, 1)
    double normal();   // standard normal

private:
    uint64_t state_;
};

// One value from the distribution, truncated to [min, max] by redrawing.
double sample(const Distribution& d, Rng& rng);

// The p-th percentile (0–100) of sorted values, interpolating linearly
// between order statistics (Hyndman & Fan type 7, as numpy and R's default).
double percentile(const std::vector<double>& sorted, double p);

}  // namespace forestsink
