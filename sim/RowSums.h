#pragma once
// Per-row partial sums by region, reduced in row order: totals that do not
// depend on the thread count or the tile size. Each row is written by one
// tile at a time; several passes may add to the same row.
#include "common/ProcessGroup.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace forestsink {

class RowSums {
public:
    RowSums(int rows, std::size_t regions, int metrics)
        : regions_(regions), metrics_(metrics), sums_(static_cast<std::size_t>(rows) * regions * metrics, 0.0) {}

    // The sums of one row: [region * metrics + metric].
    double* row(int r) { return &sums_[static_cast<std::size_t>(r) * regions_ * metrics_]; }
    void add(int r, std::size_t region, int metric, double v) { row(r)[region * metrics_ + metric] += v; }
    void clear() { std::fill(sums_.begin(), sums_.end(), 0.0); }

    // Totals [region][metric], summed over rows in row order. `ranks`: in a
    // run split into bands, each rank adds its band's rows [firstRow,
    // firstRow + rowCount) in turn, so the totals are still those of one
    // process (ProcessGroup::addInRankOrder).
    std::vector<std::vector<double>> reduce(const ProcessGroup& ranks = singleProcess(), int firstRow = 0,
                                            int rowCount = -1) const {
        const std::size_t rowSize = regions_ * metrics_;
        if (rowCount < 0) rowCount = rowSize ? static_cast<int>(sums_.size() / rowSize) : 0;
        std::vector<double> total(rowSize, 0.0);
        ranks.addInRankOrder(total, [&](std::vector<double>& running) {
            for (int row = firstRow; row < firstRow + rowCount; ++row)
                for (std::size_t k = 0; k < rowSize; ++k) running[k] += sums_[row * rowSize + k];
        });
        std::vector<std::vector<double>> out(regions_, std::vector<double>(metrics_, 0.0));
        for (std::size_t r = 0; r < regions_; ++r)
            for (int m = 0; m < metrics_; ++m) out[r][m] = total[r * metrics_ + m];
        return out;
    }

private:
    std::size_t regions_;
    int metrics_;
    std::vector<double> sums_;
};

// Region id → index into CellState::regions (-1 for unknown ids).
std::vector<int32_t> regionIndexTable(const std::vector<struct Region>& regions);

}  // namespace forestsink
