#pragma once
// A read-only, single-band GDAL dataset whose blocks are computed on demand by
// a callback. GDAL's drivers (the COG driver's CreateCopy) then stream a model
// layer block by block, with no whole-grid buffer: the raster's values never
// exist all at once outside the model's own state.
#include "raster/GeoTiffWriter.h"
#include "raster/Grid.h"

#include <gdal_priv.h>

#include <functional>
#include <memory>

namespace forestsink {

// fill(firstCol, firstRow, cols, rows, out): writes cols × rows values of the
// raster's type, row-major, into `out`. Called from the thread that reads.
using BlockFill = std::function<void(int, int, int, int, void*)>;

// 256 × 256 blocks, the tile size of the outputs, so each block is computed once.
std::unique_ptr<GDALDataset> makeComputedRaster(const Grid& grid, GDALDataType type, const BandInfo& info,
                                                BlockFill fill);

}  // namespace forestsink
