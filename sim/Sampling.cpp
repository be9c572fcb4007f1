#include "sim/Sampling.h"

#include "common/Error.h"
#include "common/SplitMix.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace forestsink {

uint64_t Rng::next() {
    return splitmixFinalise(state_ += kSplitMixGamma);
}

double Rng::uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }

double Rng::normal() {
    const double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586476925 * u2);
}

namespace {

double untruncated(const Distribution& d, Rng& rng) {
    switch (d.kind) {
        case Distribution::Normal: return d.a + d.b * rng.normal();
        case Distribution::LogNormal: return d.a * std::exp(d.b * rng.normal());
        case Distribution::Uniform: return d.a + (d.b - d.a) * rng.uniform();
        case Distribution::Triangular: {
            const double u = rng.uniform(), low = d.a, mode = d.b, high = d.c;
            if (high <= low) return low;
            const double f = (mode - low) / (high - low);
            return u < f ? low + std::sqrt(u * (high - low) * (mode - low))
                         : high - std::sqrt((1 - u) * (high - low) * (high - mode));
        }
    }
    return d.a;
}

}  // namespace

double sample(const Distribution& d, Rng& rng) {
    for (int attempt = 0; attempt < 100000; ++attempt) {
        const double v = untruncated(d, rng);
        if (v >= d.min && v <= d.max) return v;
    }
    throw Error(fmt::format("{}: the distribution almost never falls within [{}, {}]; check its bounds", d.where,
                            d.min, d.max));
}

double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return std::nan("");
    const double h = (static_cast<double>(sorted.size()) - 1) * p / 100.0;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace forestsink
