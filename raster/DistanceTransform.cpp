#include "raster/DistanceTransform.h"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <limits>

namespace forestsink {
namespace {

constexpr uint16_t kNone = std::numeric_limits<uint16_t>::max();  // no target in the column

uint16_t oneFurther(uint16_t d) { return d == kNone ? kNone : static_cast<uint16_t>(std::min(d + 1, kNone - 1)); }

// Pass 1: into out (rowCount × cols), the distance of each cell of rows
// [firstRow, firstRow + rowCount) to the nearest target in its column, in
// cells: down the whole column, then up, by strips of 256 columns
// (ThreadRunner tiles of "rows" of the transposed problem).
template <typename IsTarget>
void columnDistances(IsTarget isTarget, int cols, int rows, int firstRow, int rowCount, const ThreadRunner& runner,
                     uint16_t* out) {
    constexpr int kStrip = 256;
    const int strips = (cols + kStrip - 1) / kStrip;
    const int lastRow = firstRow + rowCount - 1;
    ThreadRunner(runner.threads(), 1).forEachTile(strips, [&](int firstStrip, int count) {
        uint16_t run[kStrip];
        for (int s = firstStrip; s < firstStrip + count; ++s) {
            const int c0 = s * kStrip, c1 = std::min(cols, c0 + kStrip);
            std::fill(run, run + kStrip, kNone);
            for (int r = 0; r <= lastRow; ++r)  // nearest target above (or here)
                for (int c = c0; c < c1; ++c) {
                    run[c - c0] = isTarget(r, c) ? 0 : oneFurther(run[c - c0]);
                    if (r >= firstRow) out[static_cast<std::size_t>(r - firstRow) * cols + c] = run[c - c0];
                }
            std::fill(run, run + kStrip, kNone);
            for (int r = rows - 1; r >= firstRow; --r)  // nearest target below
                for (int c = c0; c < c1; ++c) {
                    run[c - c0] = isTarget(r, c) ? 0 : oneFurther(run[c - c0]);
                    if (r > lastRow) continue;
                    uint16_t& d = out[static_cast<std::size_t>(r - firstRow) * cols + c];
                    d = std::min(d, run[c - c0]);
                }
        }
    });
}

// Pass 2: along each of the rowCount rows of `out`, the lower envelope of the
// parabolas (x − q)² + g(q)², where g is the column distance of pass 1.
// Where two parabolas cross is a fraction num / den (den > 0) of whole
// numbers; fractions are compared by cross-multiplying, exactly, without a
// division (products stay below 2^63: num < 2^34, den < 2^17).
void rowEnvelopes(uint16_t* out, int cols, int rowCount, const ThreadRunner& runner) {
    runner.forEachTile(rowCount, [&](int firstRow, int count) {
        std::vector<int64_t> f(cols), num(cols), den(cols);
        std::vector<int> v(cols);
        for (int r = firstRow; r < firstRow + count; ++r) {
            uint16_t* g = &out[static_cast<std::size_t>(r) * cols];
            int k = -1;  // parabolas in the envelope, minus one; parabola k is lowest from num[k] / den[k] on
            for (int q = 0; q < cols; ++q) {
                if (g[q] == kNone) continue;  // no target in this column: no parabola
                f[q] = static_cast<int64_t>(g[q]) * g[q];
                int64_t sNum = 0, sDen = 1;
                while (k >= 0) {
                    const int p = v[k];
                    sNum = (f[q] + int64_t{q} * q) - (f[p] + int64_t{p} * p);
                    sDen = 2 * int64_t{q - p};
                    if (k == 0 || sNum * den[k] > num[k] * sDen) break;  // parabola 0 is lowest from −∞
                    --k;
                }
                ++k;
                v[k] = q, num[k] = sNum, den[k] = sDen;
            }
            if (k < 0) {  // no target anywhere within reach of this row
                std::fill(g, g + cols, kNone);
                continue;
            }
            int j = 0;
            for (int x = 0; x < cols; ++x) {
                while (j < k && num[j + 1] < int64_t{x} * den[j + 1]) ++j;
                const int64_t dx = x - v[j];
                const double d = std::sqrt(static_cast<double>(dx * dx + f[v[j]]));  // exact below 2^53
                // f[] is read from its own array, so overwriting g[x] is safe.
                g[x] = static_cast<uint16_t>(std::min(d * 8.0 + 0.5, 65535.0));
            }
        }
    });
}

}  // namespace

std::vector<uint16_t> distanceInEighths(const uint8_t* classes, int cols, int rows, uint8_t target,
                                        const ThreadRunner& runner) {
    std::vector<uint16_t> out(static_cast<std::size_t>(cols) * rows);
    const auto isTarget = [&](int r, int c) { return classes[static_cast<std::size_t>(r) * cols + c] == target; };
    columnDistances(isTarget, cols, rows, 0, rows, runner, out.data());
    rowEnvelopes(out.data(), cols, rows, runner);
    return out;
}

std::vector<uint16_t> distanceInEighthsOfRows(const uint8_t* mask, int cols, int rows, int firstRow, int rowCount,
                                              const ThreadRunner& runner) {
    std::vector<uint16_t> out(static_cast<std::size_t>(cols) * rowCount);
    if (rowCount <= 0) return out;
    const std::size_t rowBytes = maskRowBytes(cols);
    const auto isTarget = [&](int r, int c) {
        return (mask[static_cast<std::size_t>(r) * rowBytes + c / 8] >> (c % 8)) & 1u;
    };
    columnDistances(isTarget, cols, rows, firstRow, rowCount, runner, out.data());
    rowEnvelopes(out.data(), cols, rowCount, runner);
    return out;
}

}  // namespace forestsink
