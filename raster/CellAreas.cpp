#include "raster/CellAreas.h"

#include <cassert>

namespace forestsink {

std::vector<CellAreas::Knot> CellAreas::knotsOf(int n, const std::vector<int>& knots) {
    std::vector<Knot> out(n);
    std::size_t k = 0;
    for (int i = 0; i < n; ++i) {
        while (k + 1 < knots.size() && knots[k + 1] <= i) ++k;
        out[i].index = static_cast<int>(k);
        if (k + 1 < knots.size())
            out[i].weight = static_cast<double>(i - knots[k]) / (knots[k + 1] - knots[k]);
    }
    return out;
}

CellAreas CellAreas::lattice(int rows, int cols, const std::vector<int>& knotRows, const std::vector<int>& knotCols,
                             std::vector<double> values) {
    assert(values.size() == knotRows.size() * knotCols.size());
    CellAreas a;
    a.rowKnot_ = knotsOf(rows, knotRows);
    a.colKnot_ = knotsOf(cols, knotCols);
    a.knotValues_ = std::move(values);
    a.knotColCount_ = knotCols.size();
    return a;
}

}  // namespace forestsink
