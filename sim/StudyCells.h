#pragma once
// Which cells of the grid are in the study area, and where each one's state
// is: the state holds study cells only, in row-major order, so a row's cells
// are one contiguous range of state indices. A row is described by its runs
// of consecutive study cells (first column, count, first state index).
//
// Cells outside the study area take no state bytes; the index costs one
// 16-byte run per stretch of study cells (a few per row) and 8 bytes per row.
// A cell's place on the grid is still known (row, column), so rules that
// depend on it (the allocation's tie-break, the cell's area, distance to
// forest) give the same answer whatever the layout.
//
// On a grid coarser than the data a cell may hold several stands
// (sim/Stands.h): they are consecutive state entries, described by a run of
// their own whose entries all lie in the run's one column (`stands`).
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace forestsink {

// 16 bytes: whether a run is a cell's stands takes a bit of its first index.
struct CellRun {
    int32_t col = 0;                 // first column
    int32_t count = 0;               // state entries in the run
    uint64_t first : 63 = 0;         // state index of the first
    uint64_t stands : 1 = 0;         // 1: the stands of one cell; 0: one entry per cell, cells side by side

    CellRun() = default;
    CellRun(int32_t col, int32_t count, std::size_t first, bool stands = false)
        : col(col), count(count), first(first), stands(stands) {}
    int32_t colStep() const { return stands ? 0 : 1; }
    int32_t columnOf(int k) const { return col + k * colStep(); }
    int32_t endCol() const { return stands ? col + 1 : col + count; }  // one past its last column
};
static_assert(sizeof(CellRun) == 16);

class StudyCells {
public:
    StudyCells() = default;

    // Every cell of a rows × cols grid is a study cell: state index = grid index.
    static StudyCells wholeGrid(int rows, int cols) {
        StudyCells s;
        s.cols_ = cols;
        std::vector<uint8_t> all(static_cast<std::size_t>(std::max(cols, 0)), 1);
        for (int row = 0; row < rows; ++row) s.addRow(all.data());
        s.finish();
        return s;
    }

    // Builds the index row by row: call addRow for rows 0, 1, … in order with
    // that row's study mask (one byte per column, non-zero for a study cell).
    explicit StudyCells(int cols) : cols_(cols) {}
    void addRow(const uint8_t* mask) {
        rowRun_.push_back(runs_.size());
        rowStart_.push_back(size_);
        for (int col = 0; col < cols_;) {
            if (!mask[col]) {
                ++col;
                continue;
            }
            CellRun run{col, 0, size_};
            while (col < cols_ && mask[col]) ++col, ++run.count;
            size_ += static_cast<std::size_t>(run.count);
            cellCount_ += static_cast<std::size_t>(run.count);
            runs_.push_back(run);
        }
    }
    // The same with the row's runs given as (first column, count), in column order.
    void addRow(const std::vector<std::pair<int, int>>& runs) {
        rowRun_.push_back(runs_.size());
        rowStart_.push_back(size_);
        for (const auto& [col, count] : runs) {
            runs_.push_back(CellRun{col, count, size_});
            size_ += static_cast<std::size_t>(count);
            cellCount_ += static_cast<std::size_t>(count);
        }
    }
    // The same with the row's cells given as (column, stands), in column
    // order: cells of one stand side by side make one run, a cell of several
    // stands a run of its own.
    void addRowOfStands(const std::vector<std::pair<int, int>>& cells) {
        rowRun_.push_back(runs_.size());
        rowStart_.push_back(size_);
        for (const auto& [col, stands] : cells) {
            if (stands > 1) {
                runs_.push_back(CellRun{col, stands, size_, true});
                multiStandCells_ += 1;
            } else if (!runs_.empty() && runs_.size() > rowRun_.back() && !runs_.back().stands &&
                       runs_.back().col + runs_.back().count == col) {
                ++runs_.back().count;
            } else {
                runs_.push_back(CellRun{col, 1, size_});
            }
            size_ += static_cast<std::size_t>(stands);
            cellCount_ += 1;
        }
    }
    // The same with another index's runs of a row (their state indices renumbered).
    void addRow(const CellRun* begin, const CellRun* end) {
        rowRun_.push_back(runs_.size());
        rowStart_.push_back(size_);
        for (const CellRun* r = begin; r != end; ++r) {
            runs_.push_back(CellRun{r->col, r->count, size_, r->stands == 1});
            size_ += static_cast<std::size_t>(r->count);
            multiStandCells_ += r->stands;
            cellCount_ += r->stands ? 1 : static_cast<std::size_t>(r->count);
        }
    }
    // Closes the index after the last addRow.
    void finish() {
        rowRun_.push_back(runs_.size());
        rowStart_.push_back(size_);
    }

    std::size_t size() const { return size_; }   // state entries: study cells, or their stands
    std::size_t multiStandCells() const { return multiStandCells_; }  // cells of more than one stand
    std::size_t cellCount() const { return cellCount_; }  // study cells of the grid
    int rows() const { return rowRun_.empty() ? 0 : static_cast<int>(rowRun_.size()) - 1; }
    int cols() const { return cols_; }
    std::size_t runCount() const { return runs_.size(); }
    std::size_t indexBytes() const {
        return runs_.capacity() * sizeof(CellRun) + (rowRun_.capacity() + rowStart_.capacity()) * sizeof(std::size_t);
    }

    const CellRun* runsBegin(int row) const { return runs_.data() + rowRun_[row]; }
    const CellRun* runsEnd(int row) const { return runs_.data() + rowRun_[row + 1]; }
    // The row's state indices: [rowBegin, rowEnd).
    std::size_t rowBegin(int row) const { return rowStart_[row]; }
    std::size_t rowEnd(int row) const { return rowStart_[row + 1]; }

    // fn(stateIndex, col) for every study cell of a row, in column order.
    template <typename Fn>
    void forEachInRow(int row, Fn&& fn) const {
        for (const CellRun* r = runsBegin(row), *end = runsEnd(row); r != end; ++r)
            for (int k = 0; k < r->count; ++k) fn(r->first + static_cast<std::size_t>(k), r->columnOf(k));
    }

    // fn(firstStateIndex, firstCol, count, colStep) for every run of a row.
    template <typename Fn>
    void forEachRunInRow(int row, Fn&& fn) const {
        for (const CellRun* r = runsBegin(row), *end = runsEnd(row); r != end; ++r)
            fn(static_cast<std::size_t>(r->first), r->col, r->count, r->colStep());
    }

    // The state index of cell (row, col) (of its first stand), or none outside the study area.
    std::optional<std::size_t> find(int row, int col) const {
        for (const CellRun* r = runsBegin(row), *end = runsEnd(row); r != end; ++r)
            if (col >= r->col && col < r->endCol())
                return r->first + static_cast<std::size_t>((col - r->col) * r->colStep());
        return std::nullopt;
    }

    // The grid cell (row, column) of state index `index` (< size()).
    std::pair<int, int> locate(std::size_t index) const {
        const auto next = std::upper_bound(rowStart_.begin(), rowStart_.end() - 1, index);
        const int row = static_cast<int>(next - rowStart_.begin()) - 1;
        for (const CellRun* r = runsBegin(row), *end = runsEnd(row); r != end; ++r)
            if (index < r->first + static_cast<std::size_t>(r->count))
                return {row, r->columnOf(static_cast<int>(index - r->first))};
        return {row, -1};  // not reached for index < size()
    }

    // The cell's place on the grid, row-major: what ties are hashed on.
    std::size_t gridCell(int row, int col) const {
        return static_cast<std::size_t>(row) * static_cast<std::size_t>(cols_) + static_cast<std::size_t>(col);
    }

private:
    int cols_ = 0;
    std::size_t size_ = 0;
    std::size_t multiStandCells_ = 0;
    std::size_t cellCount_ = 0;
    std::vector<CellRun> runs_;
    std::vector<std::size_t> rowRun_;    // rows + 1: each row's first run
    std::vector<std::size_t> rowStart_;  // rows + 1: each row's first state index
};

// The row and column of increasing state indices from `firstRow` on, found by
// walking the rows' runs once (for lists of cells kept in row-major order).
class StudyCellCursor {
public:
    StudyCellCursor(const StudyCells& cells, int firstRow)
        : cells_(cells), row_(firstRow), run_(cells.runsBegin(firstRow)) {}

    // `index` must not be less than the one before.
    std::pair<int, int> locate(std::size_t index) {
        while (index >= cells_.rowEnd(row_)) run_ = cells_.runsBegin(++row_);
        while (index >= run_->first + static_cast<std::size_t>(run_->count)) ++run_;
        return {row_, run_->columnOf(static_cast<int>(index - run_->first))};
    }

private:
    const StudyCells& cells_;
    int row_;
    const CellRun* run_;
};

}  // namespace forestsink
