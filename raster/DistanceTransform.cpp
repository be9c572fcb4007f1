#include "raster/DistanceTransform.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace forestsink {

std::vector<uint16_t> distanceInEighths(const uint8_t* classes, int cols, int rows, uint8_t target,
                                        const ThreadRunner& runner) {
    constexpr uint16_t kNone = std::numeric_limits<uint16_t>::max();  // no target in the column
    std::vector<uint16_t> out(static_cast<std::size_t>(cols) * rows);

    // Pass 1: distance to the nearest target in the same column (in cells),
    // down then up, by strips of 256 columns (ThreadRunner tiles of "rows" of
    // the transposed problem).
    constexpr int kStrip = 256;
    const int strips = (cols + kStrip - 1) / kStrip;
    ThreadRunner(runner.threads(), 1).forEachTile(strips, [&](int firstStrip, int count) {
        for (int s = firstStrip; s < firstStrip + count; ++s) {
            const int c0 = s * kStrip, c1 = std::min(cols, c0 + kStrip);
            for (int r = 0; r < rows; ++r) {
                const std::size_t row = static_cast<std::size_t>(r) * cols;
                for (int c = c0; c < c1; ++c) {
                    const uint16_t above = r == 0 ? kNone : out[row - cols + c];
                    out[row + c] = classes[row + c] == target ? 0
                                   : above == kNone         ? kNone
                                                            : static_cast<uint16_t>(std::min(above + 1, kNone - 1));
                }
            }
            for (int r = rows - 2; r >= 0; --r) {
                const std::size_t row = static_cast<std::size_t>(r) * cols;
                for (int c = c0; c < c1; ++c) {
                    const uint16_t below = out[row + cols + c];
                    if (below != kNone && below + 1 < out[row + c])
                        out[row + c] = static_cast<uint16_t>(std::min(below + 1, kNone - 1));
                }
            }
        }
    });

    // Pass 2: along each row, the lower envelope of the parabolas
    // (x − q)² + g(q)², where g is the column distance of pass 1.
    runner.forEachTile(rows, [&](int firstRow, int count) {
        std::vector<double> f(cols), z(cols + 1);
        std::vector<int> v(cols);
        for (int r = firstRow; r < firstRow + count; ++r) {
            uint16_t* g = &out[static_cast<std::size_t>(r) * cols];
            int k = -1;  // parabolas in the envelope, minus one
            for (int q = 0; q < cols; ++q) {
                if (g[q] == kNone) continue;  // no target in this column: no parabola
                f[q] = static_cast<double>(g[q]) * g[q];
                double s = -std::numeric_limits<double>::infinity();
                while (k >= 0) {
                    const int p = v[k];
                    s = ((f[q] + static_cast<double>(q) * q) - (f[p] + static_cast<double>(p) * p)) / (2.0 * (q - p));
                    if (s > z[k]) break;
                    --k;
                }
                ++k;
                v[k] = q;
                z[k] = k == 0 ? -std::numeric_limits<double>::infinity() : s;
                z[k + 1] = std::numeric_limits<double>::infinity();
            }
            if (k < 0) {  // no target anywhere within reach of this row
                std::fill(g, g + cols, kNone);
                continue;
            }
            int j = 0;
            for (int x = 0; x < cols; ++x) {
                while (z[j + 1] < x) ++j;
                const double dx = x - v[j];
                const double d = std::sqrt(dx * dx + f[v[j]]);
                // f[] is read from its own array, so overwriting g[x] is safe.
                g[x] = static_cast<uint16_t>(std::min(d * 8.0 + 0.5, 65535.0));
            }
        }
    });
    return out;
}

}  // namespace forestsink
