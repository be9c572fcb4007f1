#include "raster/DistanceTransform.h"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

namespace forestsink {

constexpr uint16_t kNone = std::numeric_limits<uint16_t>::max();  // no target in the column
constexpr uint16_t kFarthest = kNone - 1;                          // column distances saturate here
constexpr int32_t kNoTargetAbove = std::numeric_limits<int32_t>::min() / 2;
constexpr int32_t kNoTargetBelow = std::numeric_limits<int32_t>::max() / 2;

// Builds a row's lower envelope of the parabolas (x − q)² + g(q)², where g
// is the column distance. Where two parabolas cross is a fraction num / den
// (den > 0) of whole numbers; fractions are compared by cross-multiplying,
// exactly, without a division (products stay below 2^63: num < 2^34,
// den < 2^17).
class DistanceRowBuilder {
public:
    explicit DistanceRowBuilder(int cols) : envelope_(cols) {}

    // The envelope of the parabolas of every column.
    DistanceRow build(const uint16_t* g, int cols) { return build(g, {{0, cols - 1}}); }

    // The envelope of the parabolas of the columns in `spans` ([first, last],
    // ascending, apart).
    DistanceRow build(const uint16_t* g, const std::vector<std::pair<int, int>>& spans) {
        DistanceRow::Parabola* envelope = envelope_.data();
        int k = -1;
        for (const auto& [first, last] : spans)
            for (int q = first; q <= last; ++q) {
                if (g[q] == kNone) continue;  // no target in this column: no parabola
                const int64_t fq = static_cast<int64_t>(g[q]) * g[q];
                const int64_t hq = fq + int64_t{q} * q;
                int64_t sNum = 0, sDen = 1;
                while (k >= 0) {
                    const DistanceRow::Parabola& top = envelope[k];
                    sNum = hq - top.h;
                    sDen = 2 * int64_t{q - top.v};
                    if (k == 0 || sNum * top.den > top.num * sDen) break;  // parabola 0 is lowest from −∞
                    --k;
                }
                ++k;
                envelope[k] = {fq, hq, sNum, sDen, q};
            }
        DistanceRow row;
        row.envelope_ = envelope;
        row.last_ = k;
        return row;
    }

private:
    std::vector<DistanceRow::Parabola> envelope_;
};

namespace {

// fn(col) for every set bit of a mask row in columns [c0, c1), c0 a multiple of 8.
template <typename Fn>
void forEachSetBit(const uint8_t* maskRow, int c0, int c1, Fn&& fn) {
    for (int byte = c0 / 8, end = (c1 + 7) / 8; byte < end; ++byte)
        for (unsigned bits = maskRow[byte]; bits != 0; bits &= bits - 1) {
            const int c = byte * 8 + __builtin_ctz(bits);
            if (c < c1) fn(c);
        }
}

// For each tile of rows [firstRow, firstRow + rowCount) (ThreadRunner tiles),
// the row of the last target above it and of the first below it, in each
// column: one sweep down and one up the mask's set bits, by strips of 512
// columns in parallel.
struct TileCarries {
    std::vector<int32_t> above, below;  // tiles × cols
};

TileCarries findTileCarries(const uint8_t* mask, int cols, int rows, int firstRow, int rowCount,
                            const ThreadRunner& runner) {
    constexpr int kStrip = 512;
    const int tileRows = runner.tileRows();
    const int tiles = (rowCount + tileRows - 1) / tileRows;
    const std::size_t rowBytes = maskRowBytes(cols);
    TileCarries carries;
    carries.above.resize(static_cast<std::size_t>(tiles) * cols);
    carries.below.resize(static_cast<std::size_t>(tiles) * cols);
    const int strips = (cols + kStrip - 1) / kStrip;
    ThreadRunner(runner.threads(), 1).forEachTile(strips, [&](int firstStrip, int count) {
        int32_t near[kStrip];
        for (int s = firstStrip; s < firstStrip + count; ++s) {
            const int c0 = s * kStrip, c1 = std::min(cols, c0 + kStrip), width = c1 - c0;
            std::fill(near, near + width, kNoTargetAbove);
            for (int r = 0; r < firstRow + rowCount; ++r) {
                if (r >= firstRow && (r - firstRow) % tileRows == 0)
                    std::copy(near, near + width, &carries.above[static_cast<std::size_t>((r - firstRow) / tileRows) * cols + c0]);
                forEachSetBit(mask + r * rowBytes, c0, c1, [&](int c) { near[c - c0] = r; });
            }
            std::fill(near, near + width, kNoTargetBelow);
            for (int r = rows - 1; r >= firstRow; --r) {
                const int local = r - firstRow;
                if (local < rowCount && (local % tileRows == tileRows - 1 || local == rowCount - 1))
                    std::copy(near, near + width, &carries.below[static_cast<std::size_t>(local / tileRows) * cols + c0]);
                forEachSetBit(mask + r * rowBytes, c0, c1, [&](int c) { near[c - c0] = r; });
            }
        }
    });
    return carries;
}

// What a thread keeps from tile to tile.
struct TileBuffers {
    std::vector<uint16_t> columnDistance;  // the tile's rows × cols
    std::vector<int32_t> near;             // cols: the target row nearest above, then below
    DistanceRowBuilder envelope;
    AskedCells asked;                      // the row's cells asked for (distancesOfAskedCells)
    std::vector<std::pair<int, int>> spans;  // the columns within their reach
    TileBuffers(int cols, int tileRows)
        : columnDistance(static_cast<std::size_t>(cols) * tileRows), near(cols), envelope(cols) {}
};

// The columns whose parabolas may be lowest at the asked columns of a row
// with column distances g, as ascending spans apart. A cell in column c is
// no farther from the nearest target than d² + g(c + d)² for any nearby
// column c + d (here |d| <= 2), so the parabola lowest at c lies within the
// square root of the least of these. A cell with no target in those columns
// may be reached from anywhere: the whole row.
void reachOfAskedColumns(const uint16_t* g, int cols, const std::vector<int>& asked,
                         std::vector<std::pair<int, int>>& spans) {
    constexpr int kNearby = 2;
    spans.clear();
    for (const int c : asked) {
        int64_t bound = std::numeric_limits<int64_t>::max();
        for (int d = -kNearby; d <= kNearby; ++d) {
            const int q = c + d;
            if (q >= 0 && q < cols && g[q] != kNone) bound = std::min(bound, int64_t{d} * d + int64_t{g[q]} * g[q]);
        }
        if (bound == std::numeric_limits<int64_t>::max()) {
            spans.assign(1, {0, cols - 1});
            return;
        }
        int64_t reach = static_cast<int64_t>(std::sqrt(static_cast<double>(bound)));
        while (reach * reach > bound) --reach;  // the whole square root, exactly
        while ((reach + 1) * (reach + 1) <= bound) ++reach;
        spans.emplace_back(static_cast<int>(std::max<int64_t>(0, c - reach)),
                           static_cast<int>(std::min<int64_t>(cols - 1, c + reach)));
    }
    std::sort(spans.begin(), spans.end());
    std::size_t merged = 0;
    for (const auto& span : spans) {
        if (merged > 0 && span.first <= spans[merged - 1].second + 1)
            spans[merged - 1].second = std::max(spans[merged - 1].second, span.second);
        else
            spans[merged++] = span;
    }
    spans.resize(merged);
}

// Into g (count rows × cols), the distance of each cell of the tile's rows
// to the nearest target in its column, down from the carry above, then up
// from the carry below.
void tileColumnDistances(const uint8_t* mask, int cols, int firstRow, int count, const int32_t* above,
                         const int32_t* below, std::vector<int32_t>& near, uint16_t* g) {
    const std::size_t rowBytes = maskRowBytes(cols);
    std::copy(above, above + cols, near.begin());
    for (int k = 0; k < count; ++k) {
        const int r = firstRow + k;
        forEachSetBit(mask + r * rowBytes, 0, cols, [&](int c) { near[c] = r; });
        uint16_t* gr = g + static_cast<std::size_t>(k) * cols;
        for (int c = 0; c < cols; ++c)
            gr[c] = near[c] == kNoTargetAbove ? kNone : static_cast<uint16_t>(std::min(r - near[c], int32_t{kFarthest}));
    }
    std::copy(below, below + cols, near.begin());
    for (int k = count - 1; k >= 0; --k) {
        const int r = firstRow + k;
        forEachSetBit(mask + r * rowBytes, 0, cols, [&](int c) { near[c] = r; });
        uint16_t* gr = g + static_cast<std::size_t>(k) * cols;
        for (int c = 0; c < cols; ++c)
            if (near[c] != kNoTargetBelow)
                gr[c] = std::min(gr[c], static_cast<uint16_t>(std::min(near[c] - r, int32_t{kFarthest})));
    }
}

}  // namespace

namespace {

// rowFn(row, g, buffers) for every row of [firstRow, firstRow + rowCount), on
// any thread, g the row's column distances (cols values) and buffers the
// thread's own: the tiles' carries first, then each tile's column distances.
template <typename RowFn>
void forEachRowOfColumnDistances(const uint8_t* mask, int cols, int rows, int firstRow, int rowCount,
                                 const ThreadRunner& runner, RowFn&& rowFn) {
    if (rowCount <= 0 || cols <= 0) return;
    const TileCarries carries = findTileCarries(mask, cols, rows, firstRow, rowCount, runner);
    const int tileRows = runner.tileRows();
    tbb::enumerable_thread_specific<TileBuffers> buffers([&] { return TileBuffers(cols, tileRows); });
    runner.forEachTile(rowCount, [&](int first, int count) {
        TileBuffers& b = buffers.local();
        const std::size_t carry = static_cast<std::size_t>(first / tileRows) * cols;
        tileColumnDistances(mask, cols, firstRow + first, count, &carries.above[carry], &carries.below[carry], b.near,
                            b.columnDistance.data());
        for (int k = 0; k < count; ++k)
            rowFn(firstRow + first + k, &b.columnDistance[static_cast<std::size_t>(k) * cols], b);
    });
}

}  // namespace

void forEachDistanceRow(const uint8_t* mask, int cols, int rows, int firstRow, int rowCount,
                        const ThreadRunner& runner, const std::function<void(int, DistanceRow&)>& fn) {
    forEachRowOfColumnDistances(mask, cols, rows, firstRow, rowCount, runner,
                                [&](int row, const uint16_t* g, TileBuffers& b) {
                                    DistanceRow distances = b.envelope.build(g, cols);
                                    fn(row, distances);
                                });
}

void distancesOfAskedCells(const uint8_t* mask, int cols, int rows, int firstRow, int rowCount,
                           const ThreadRunner& runner, const std::function<void(int, AskedCells&)>& ask,
                           uint16_t* out) {
    forEachRowOfColumnDistances(mask, cols, rows, firstRow, rowCount, runner,
                                [&](int row, const uint16_t* g, TileBuffers& b) {
                                    b.asked.clear();
                                    ask(row, b.asked);
                                    if (b.asked.cols.empty()) return;
                                    reachOfAskedColumns(g, cols, b.asked.cols, b.spans);
                                    DistanceRow distances = b.envelope.build(g, b.spans);
                                    for (std::size_t j = 0; j < b.asked.cols.size(); ++j)
                                        out[b.asked.slots[j]] = distances.at(b.asked.cols[j]);
                                });
}

std::vector<uint16_t> distanceInEighthsOfRows(const uint8_t* mask, int cols, int rows, int firstRow, int rowCount,
                                              const ThreadRunner& runner) {
    std::vector<uint16_t> out(static_cast<std::size_t>(cols) * std::max(rowCount, 0));
    forEachDistanceRow(mask, cols, rows, firstRow, rowCount, runner, [&](int row, DistanceRow& d) {
        uint16_t* o = &out[static_cast<std::size_t>(row - firstRow) * cols];
        for (int x = 0; x < cols; ++x) o[x] = d.at(x);
    });
    return out;
}

std::vector<uint16_t> distanceInEighths(const uint8_t* classes, int cols, int rows, uint8_t target,
                                        const ThreadRunner& runner) {
    std::vector<uint8_t> mask(maskRowBytes(cols) * rows, 0);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            if (classes[static_cast<std::size_t>(r) * cols + c] == target) setMaskBit(mask.data(), cols, r, c);
    return distanceInEighthsOfRows(mask.data(), cols, rows, 0, rows, runner);
}

}  // namespace forestsink
