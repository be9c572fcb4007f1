#pragma once
// The lattice a grid of stands is built on when the land class is polygons
// (issue 19; scenarios/README.md, "How each layer meets the grid"): cells k × k
// finer than the grid's and aligned with them, over the polygons' extent.
// The polygons are rasterised on it (a lattice cell takes the polygon holding
// its centre) and each grid cell keeps the stands of the lattice cells whose
// centres it holds, as it keeps those of a finer raster's cells.
//
// k follows the polygons, not the grid: a lattice cell's side is at most a
// quarter of a tenth-percentile polygon's (the square root of its area), so
// that nine polygons in ten span 16 lattice cells or more. A grid of cells
// that size or smaller keeps one polygon per cell, that under its centre.
#include "raster/Grid.h"

#include <optional>
#include <vector>

namespace forestsink {

constexpr double kLatticeCellsPerSmallPolygon = 16;  // in a tenth-percentile polygon, at least
constexpr int kMaxLatticeFactor = 64;                // bounds the lattice of a grid far coarser than the polygons

struct PolygonLattice {
    Grid lattice;
    int factor = 1;                 // k: lattice cells along a grid cell's side
    double smallPolygonCells = 0;   // lattice cells in a tenth-percentile polygon
};

// The lattice under `grid` for polygons of `areas` (in the grid's CRS units
// squared, as FeatureRaster::areasIn gives them) whose extent, in their own
// CRS, is `layerExtent`. None when k would be 1 or the polygons lie outside
// the grid.
std::optional<PolygonLattice> polygonLatticeUnder(const Grid& grid, const Grid& layerExtent,
                                                  std::vector<double> areas);

}  // namespace forestsink
