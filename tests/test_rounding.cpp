// roundHalfAwayFromZero is std::llround without the call: the allocation's
// amounts must be the same whole units as before, to the unit.
#include "common/Rounding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace forestsink {
namespace {

TEST(Rounding, HalvesGoAwayFromZeroAsLlroundDoes) {
    const std::vector<double> values = {0.0,  -0.0, 0.5,  -0.5, 1.5,  -1.5, 2.5,    -2.5,   0.49999999999999994,
                                        -0.49999999999999994, 2.4999999999999996, 4503599627370495.5,
                                        4503599627370496.0, 9007199254740993.0, -9007199254740993.0, 1e18, -1e18,
                                        9.2e18, -9.2e18, std::nextafter(0.5, 0.0), std::nextafter(0.5, 1.0),
                                        std::numeric_limits<double>::denorm_min(), 900.0 * 1e4, 123456.5};
    for (double x : values) EXPECT_EQ(roundHalfAwayFromZero(x), std::llround(x)) << x;
}

TEST(Rounding, AgreesWithLlroundOnAmountsOfEveryScale) {
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
    std::uniform_int_distribution<int> exponent(-4, 62);
    for (int n = 0; n < 1'000'000; ++n) {
        const double x = std::ldexp(mantissa(random), exponent(random));
        ASSERT_EQ(roundHalfAwayFromZero(x), std::llround(x)) << x;
        const double half = std::floor(x) + 0.5;  // halves, where the two roundings could part
        if (std::abs(half) < 9.2e18) ASSERT_EQ(roundHalfAwayFromZero(half), std::llround(half)) << half;
    }
}

}  // namespace
}  // namespace forestsink
