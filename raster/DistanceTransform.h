#pragma once
// Distance from every cell to the nearest cell of a class: the exact
// Euclidean distance transform of Felzenszwalb and Huttenlocher (2012,
// "Distance transforms of sampled functions", Theory of Computing 8), in
// two separable passes: vertical distances, then the lower envelope of
// parabolas row by row. Both run a tile of rows at a time, in parallel: the
// vertical distances start from the nearest targets above and below the
// tile, found first in one sweep of the mask's set bits.
//
// It replaces GDAL's GDALComputeProximity here because that one is single-
// threaded: on the Yunnan plan at 250 m it took a third of the simulation.
// The result is stored in place as 2 bytes per cell, in eighths of a cell.
#include "common/ThreadRunner.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace forestsink {

// Largest distance stored, in cells; farther cells (or no target at all) get it.
constexpr double kMaxDistanceCells = 65535.0 / 8.0;

// `classes` holds cols × rows values, row-major. Returns the Euclidean
// distance (in cells) of every cell to the nearest cell whose class is
// `target`, in eighths of a cell rounded to nearest, at most 65535.
std::vector<uint16_t> distanceInEighths(const uint8_t* classes, int cols, int rows, uint8_t target,
                                        const ThreadRunner& runner);

// One bit per cell: bit c % 8 of byte c / 8 of a row of (cols + 7) / 8 bytes.
// A whole grid's target mask in an eighth of the bytes (a run split into
// bands shares it between the ranks).
inline std::size_t maskRowBytes(int cols) { return (static_cast<std::size_t>(cols) + 7) / 8; }
inline void setMaskBit(uint8_t* mask, int cols, int row, int col) {
    mask[static_cast<std::size_t>(row) * maskRowBytes(cols) + col / 8] |= static_cast<uint8_t>(1u << (col % 8));
}

// The lower envelope of one row's parabolas: the distance of any of its
// cells, asked column by column from left to right (columns may be skipped).
class DistanceRow {
public:
    // The distance of the row's cell in column `col` (not less than the
    // column asked before), in eighths of a cell, at most 65535.
    uint16_t at(int col) {
        if (last_ < 0) return 65535;  // no target within reach of this row
        while (j_ < last_ && envelope_[j_ + 1].num < int64_t{col} * envelope_[j_ + 1].den) ++j_;
        const Parabola& p = envelope_[j_];
        const int64_t dx = col - p.v;
        const double d = std::sqrt(static_cast<double>(dx * dx + p.f));  // exact below 2^53
        return static_cast<uint16_t>(std::min(d * 8.0 + 0.5, 65535.0));
    }

private:
    friend class DistanceRowBuilder;
    // A parabola of the envelope, its fields side by side (one pointer in
    // the build's loop instead of four).
    struct Parabola {
        int64_t f;         // its squared column distance
        int64_t h;         // f + v²: what crossings are worked out from
        int64_t num, den;  // it is lowest from num / den on
        int v;             // its column
    };
    const Parabola* envelope_ = nullptr;
    int last_ = -1;                   // parabolas in the envelope, minus one
    int j_ = 0;                       // the parabola lowest at the column asked last
};

// fn(row, distances) for every row of [firstRow, firstRow + rowCount), on
// any thread, where `distances` gives the distance of the row's cells to the
// nearest set bit of `mask` anywhere on the grid of cols × rows. Only a
// tile's rows of column distances are held at a time (and two carries a
// tile), and a distance is computed when it is asked for, so that a caller
// keeping only some cells' distances needs no buffer of the whole grid.
void forEachDistanceRow(const uint8_t* mask, int cols, int rows, int firstRow, int rowCount,
                        const ThreadRunner& runner, const std::function<void(int, DistanceRow&)>& fn);

// The cells of one row whose distances a caller wants: their columns in
// ascending order (a column may repeat: the stands of one cell), and the
// slot of the caller's array each distance goes to.
struct AskedCells {
    std::vector<int> cols;
    std::vector<std::size_t> slots;
    void add(int col, std::size_t slot) { cols.push_back(col), slots.push_back(slot); }
    void clear() { cols.clear(), slots.clear(); }
};

// out[slot] = the distance (eighths, as forEachDistanceRow gives it) of each
// cell that ask(row, cells) names, for the rows [firstRow, firstRow +
// rowCount), on any thread. A row's envelope holds only the parabolas within
// reach of the cells asked (a cell is no farther from the nearest target than
// from one in its own or a nearby column, so no parabola beyond that distance
// is lowest at it); a row where nothing is asked builds none. So a caller that
// needs the distances of a few cells pays for their neighbourhoods, not for
// every column of every row.
void distancesOfAskedCells(const uint8_t* mask, int cols, int rows, int firstRow, int rowCount,
                           const ThreadRunner& runner, const std::function<void(int, AskedCells&)>& ask,
                           uint16_t* out);

// The distances of rows [firstRow, firstRow + rowCount) only (rowCount × cols
// values, row-major), to the nearest set bit of `mask` anywhere on the grid
// of cols × rows: the same values as distanceInEighths gives those rows.
std::vector<uint16_t> distanceInEighthsOfRows(const uint8_t* mask, int cols, int rows, int firstRow, int rowCount,
                                              const ThreadRunner& runner);

}  // namespace forestsink
