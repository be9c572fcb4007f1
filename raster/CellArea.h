#pragma once
// Cell areas in hectares for a grid in any CRS, from PROJ.
//
// - Geographic grid: a cell bounded by two meridians and two parallels maps to
//   an exact rectangle in the cylindrical equal-area projection (+proj=cea) of
//   the grid's own ellipsoid, so its area is Δx·Δy there: exact on the
//   ellipsoid, and it shrinks with latitude row by row.
// - Equal-area projection (PROJ's areal scale factor = 1 at the grid's corners
//   and centre): the same area Δx·Δy for every cell.
// - Any other projection (UTM, Gauss–Krüger, Lambert conformal conic…): a
//   cell's area is its true ellipsoidal area: its boundary (four points a
//   side) is projected to longitude/latitude and measured with PROJ's geodesic
//   polygon area (geod_polygonarea) on the CRS's ellipsoid; see CellAreas for
//   how these are held. Axis order is the grid's (easting first) whatever the
//   CRS's official order.
#include "raster/CellAreas.h"
#include "raster/Grid.h"

#include <vector>

namespace forestsink {

CellAreas cellAreasOf(const Grid& grid);

}  // namespace forestsink
