#pragma once
// Deterministic hashing and smooth value noise, as functions of map
// coordinates in metres: the same province comes out at any resolution.
#include "common/SplitMix.h"

#include <cmath>
#include <cstdint>

namespace forestsink::demo {

using forestsink::mix64;

inline uint64_t hash3(uint64_t seed, int64_t a, int64_t b, uint64_t salt = 0) {
    return mix64(mix64(mix64(seed ^ salt) ^ static_cast<uint64_t>(a)) ^ static_cast<uint64_t>(b));
}

// Uniform in [0, 1).
inline double unit(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

// Smooth value noise in [-1, 1] with features of about `wavelength` metres.
inline double valueNoise(uint64_t seed, double x, double y, double wavelength) {
    const double gx = x / wavelength, gy = y / wavelength;
    const double fx = std::floor(gx), fy = std::floor(gy);
    const auto ix = static_cast<int64_t>(fx), iy = static_cast<int64_t>(fy);
    const double tx = gx - fx, ty = gy - fy;
    const double sx = tx * tx * (3 - 2 * tx), sy = ty * ty * (3 - 2 * ty);
    auto corner = [&](int64_t i, int64_t j) { return 2.0 * unit(hash3(seed, i, j)) - 1.0; };
    const double top = corner(ix, iy) + (corner(ix + 1, iy) - corner(ix, iy)) * sx;
    const double bottom = corner(ix, iy + 1) + (corner(ix + 1, iy + 1) - corner(ix, iy + 1)) * sx;
    return top + (bottom - top) * sy;
}

// Fractal sum of `octaves` value noises, halving wavelength and amplitude; in [-1, 1].
inline double fractalNoise(uint64_t seed, double x, double y, double wavelength, int octaves) {
    double sum = 0, amplitude = 1, norm = 0;
    for (int o = 0; o < octaves; ++o) {
        sum += amplitude * valueNoise(mix64(seed + o), x, y, wavelength);
        norm += amplitude;
        amplitude *= 0.5;
        wavelength *= 0.5;
    }
    return sum / norm;
}

// Maps fractal noise (roughly normal, sd ≈ 0.3) to a roughly uniform [0, 1].
inline double toUniform(double noise) { return 0.5 * (1.0 + std::erf(noise / (0.3 * std::sqrt(2.0)))); }

// Standard normal from a hash (inverse CDF by Box–Muller on two hashes).
inline double normal(uint64_t h) {
    const double u1 = (static_cast<double>(h >> 32) + 0.5) / 4294967296.0;
    const double u2 = (static_cast<double>(h & 0xffffffffULL) + 0.5) / 4294967296.0;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

inline double clamp01(double v) { return v < 0 ? 0 : (v > 1 ? 1 : v); }

}  // namespace forestsink::demo
