// Seeded draws from the uncertainty distributions, and percentiles.
#include "sim/programmes/ProgrammeKinds.h"
#include "CsvTable.h"
#include "SyntheticInputs.h"
#include "common/Error.h"
#include "app/BatchCommand.h"
#include "sim/MonteCarlo.h"
#include "sim/Sampling.h"
#include "sim/StateLoader.h"
#include <gtest/gtest.h>
#include <cmath>
#include <fstream>
#include <sstream>

namespace forestsink {
namespace {

namespace fs = std::filesystem;

struct Moments {
    double mean = 0, variance = 0, min = 1e300, max = -1e300;
};
Moments momentsOf(const Distribution& d, int n = 400000) {
    Rng rng(12345);
    std::vector<double> v(n);
    Moments m;
    for (double& x : v) x = sample(d, rng), m.mean += x, m.min = std::min(m.min, x), m.max = std::max(m.max, x);
    m.mean /= n;
    for (double x : v) m.variance += (x - m.mean) * (x - m.mean);
    m.variance /= n - 1;
    return m;
}

TEST(Distributions, NormalHasItsMeanAndSd) {
    const Moments m = momentsOf(Distribution{Distribution::Normal, 1.0, 0.1});
    EXPECT_NEAR(m.mean, 1.0, 0.001);
    EXPECT_NEAR(std::sqrt(m.variance), 0.1, 0.001);
}

TEST(Distributions, LogNormalHasItsMeanAndVariance) {
    // median m, sdlog s: mean = m·e^(s²/2), variance = (e^(s²) − 1)·m²·e^(s²).
    const double med = 2.0, s = 0.3;
    const Moments m = momentsOf(Distribution{Distribution::LogNormal, med, s});
    EXPECT_NEAR(m.mean, med * std::exp(s * s / 2), 0.005);
    EXPECT_NEAR(m.variance, (std::exp(s * s) - 1) * med * med * std::exp(s * s), 0.01);
}

TEST(Distributions, UniformHasItsMeanAndVarianceAndStaysInside) {
    const Moments m = momentsOf(Distribution{Distribution::Uniform, 0.95, 1.05});
    EXPECT_NEAR(m.mean, 1.0, 0.0005);
    EXPECT_NEAR(m.variance, 0.1 * 0.1 / 12, 2e-5);
    EXPECT_GE(m.min, 0.95);
    EXPECT_LE(m.max, 1.05);
}

TEST(Distributions, TriangularHasItsMeanAndVariance) {
    const double a = 0.67, c = 1.0, b = 1.21;  // low, mode, high
    const Moments m = momentsOf(Distribution{Distribution::Triangular, a, c, b});
    EXPECT_NEAR(m.mean, (a + b + c) / 3, 0.001);
    EXPECT_NEAR(m.variance, (a * a + b * b + c * c - a * b - a * c - b * c) / 18, 1e-4);
}

TEST(Distributions, TruncationKeepsDrawsWithinTheBounds) {
    Distribution d{Distribution::Normal, 1.0, 0.5};
    d.min = 0.8, d.max = 1.1;
    const Moments m = momentsOf(d, 100000);
    EXPECT_GE(m.min, 0.8);
    EXPECT_LE(m.max, 1.1);
    // Truncated normal: mean = μ + σ(φ(α) − φ(β))/(Φ(β) − Φ(α)).
    auto phi = [](double x) { return std::exp(-x * x / 2) / std::sqrt(2 * M_PI); };
    auto Phi = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2)); };
    const double alpha = (0.8 - 1) / 0.5, beta = (1.1 - 1) / 0.5;
    EXPECT_NEAR(m.mean, 1 + 0.5 * (phi(alpha) - phi(beta)) / (Phi(beta) - Phi(alpha)), 0.002);
}

TEST(Percentiles, InterpolateLikeNumpy) {
    const std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    EXPECT_DOUBLE_EQ(percentile(v, 5), 1.45);   // numpy.percentile(range(1, 11), 5)
    EXPECT_DOUBLE_EQ(percentile(v, 50), 5.5);
    EXPECT_DOUBLE_EQ(percentile(v, 95), 9.55);
    EXPECT_DOUBLE_EQ(percentile(v, 0), 1);
    EXPECT_DOUBLE_EQ(percentile(v, 100), 10);
    EXPECT_DOUBLE_EQ(percentile({7}, 95), 7);
}

}  // namespace
}  // namespace forestsink
