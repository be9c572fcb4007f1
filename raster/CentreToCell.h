#pragma once
// Which cell of a grid holds the centre of each cell of another lattice (the
// data's cells under a coarser grid, sim/Stands.h). In one CRS it is
// arithmetic on the two geotransforms. Across CRSs each centre is carried by
// PROJ (GDAL's image-to-image transformer), a whole row at a time through
// GDAL's approximate transformer: within a thousandth of a grid cell of the
// exact position, so only a centre that near an edge may go to the
// neighbouring cell; each centre goes to one cell whatever the threads.
#include "raster/Grid.h"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace forestsink {

class CentreToCell {
public:
    CentreToCell(const Grid& source, const Grid& grid);
    ~CentreToCell();
    CentreToCell(const CentreToCell&) = delete;
    CentreToCell& operator=(const CentreToCell&) = delete;

    bool sameCrs() const { return sameCrs_; }
    const Grid& source() const { return source_; }
    const Grid& grid() const { return grid_; }

    // The grid row and column of the cell holding the centre of each cell of
    // `source` row `sourceRow` (−1 and −1 outside the grid). Any thread (each
    // keeps its own transformer); the answer depends on the row alone.
    void row(int sourceRow, std::vector<int32_t>& gridRows, std::vector<int32_t>& gridCols) const;

    // A grid cell's sides measured in source cells: the lengths of the source
    // pixel vectors of the grid's middle cell's two edges (exact transforms).
    std::pair<double, double> gridCellInSourceCells() const;

    // The source cells (a window of `source`, snapped outwards, clipped to it)
    // that can hold a centre of the grid: the grid's edges, densified, carried
    // into the source's pixels, widened by a cell.
    struct Window {
        int firstCol = 0, firstRow = 0, cols = 0, rows = 0;
    };
    Window sourceWindow() const;

private:
    struct Transformers;
    Transformers& transformers() const;

    Grid source_, grid_;
    bool sameCrs_ = true;
    std::vector<int32_t> colOfSourceCol_;  // the same CRS: by column, then by row
    std::vector<int32_t> rowOfSourceRow_;
    struct PerThread;
    std::unique_ptr<PerThread> perThread_;
};

}  // namespace forestsink
