#pragma once
// The area of every cell of a grid, in hectares, held compactly.
//
// Equal-area and geographic grids have one area per row (constant along a
// row). Other projections (UTM, Gauss–Krüger, Lambert conformal conic…) have
// an area that changes along rows too; there the exact ellipsoidal area is
// computed at the knots of a coarse lattice (every few kilometres, and at the
// last row and column) and interpolated bilinearly in between. The lattice is
// refined until the interpolation stays within 1e-7 of the exact area at the
// centres of its quads, where a smooth area's interpolation error peaks.
#include <cstddef>
#include <initializer_list>
#include <vector>

namespace forestsink {

class CellAreas {
public:
    CellAreas() = default;
    // One area per row, the same for every cell of that row.
    CellAreas(std::vector<double> perRowHa) : perRow_(std::move(perRowHa)) {}  // NOLINT: implicit on purpose
    CellAreas(std::initializer_list<double> perRowHa) : perRow_(perRowHa) {}
    void assign(std::size_t rows, double ha) { perRow_.assign(rows, ha), knotValues_.clear(); }

    // Exact areas at the lattice knots: `knotRows` and `knotCols` ascending,
    // from 0 to the last row and column; `values` row-major, knotRows × knotCols.
    static CellAreas lattice(int rows, int cols, const std::vector<int>& knotRows, const std::vector<int>& knotCols,
                             std::vector<double> values);

    double at(int row, int col) const {
        if (knotValues_.empty()) return perRow_[row];
        const Knot& r = rowKnot_[row];
        const Knot& c = colKnot_[col];
        const double* top = &knotValues_[static_cast<std::size_t>(r.index) * knotColCount_ + c.index];
        const double* bottom = top + (r.weight > 0 ? knotColCount_ : 0);
        const int right = c.weight > 0 ? 1 : 0;
        const double upper = top[0] + c.weight * (top[right] - top[0]);
        const double lower = bottom[0] + c.weight * (bottom[right] - bottom[0]);
        return upper + r.weight * (lower - upper);
    }
    // A row's sums of per-hectare values: Σ v·weightInRow, times rowScale, is
    // Σ v·at(row, col). On a grid constant along rows the weight is 1 and the
    // scale the row's area, so sums stay what they were before lattices.
    double weightInRow(int row, int col) const { return knotValues_.empty() ? 1.0 : at(row, col); }
    double rowScale(int row) const { return knotValues_.empty() ? perRow_[row] : 1.0; }
    // True when every cell of a row has the same area (equal-area or geographic grid).
    bool constantAlongRows() const { return knotValues_.empty(); }
    // Knots of the lattice (0 when constant along rows), for notes and run.json.
    std::size_t knotCount() const { return knotValues_.size(); }

private:
    struct Knot {
        int index = 0;      // the knot at or before this row / column
        double weight = 0;  // towards the next knot
    };
    static std::vector<Knot> knotsOf(int n, const std::vector<int>& knots);

    std::vector<double> perRow_;
    std::vector<Knot> rowKnot_, colKnot_;
    std::vector<double> knotValues_;
    std::size_t knotColCount_ = 0;
};

}  // namespace forestsink
