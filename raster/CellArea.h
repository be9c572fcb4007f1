#pragma once
// Cell area in hectares for every row of a grid, from PROJ.
//
// - Geographic grid: a cell bounded by two meridians and two parallels maps to
//   an exact rectangle in the cylindrical equal-area projection (+proj=cea) of
//   the grid's own ellipsoid, so its area is Δx·Δy there: exact on the
//   ellipsoid, and it shrinks with latitude row by row.
// - Projected grid: must be equal-area (PROJ's areal scale factor = 1 at the
//   grid's corners and centre); the area is then the same for every cell.
//   Other projections are refused with a message naming the CRS.
#include "raster/Grid.h"

#include <vector>

namespace forestsink {

std::vector<double> cellAreaPerRowHa(const Grid& grid);

}  // namespace forestsink
