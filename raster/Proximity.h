#pragma once
// Distance from every cell to the nearest cell of a class, by GDAL's
// proximity algorithm (GDALComputeProximity), without whole-grid float
// buffers: the classes are read in place and the distances are stored as
// 2 bytes per cell, in eighths of a cell.
#include <cstdint>
#include <vector>

namespace forestsink {

// Largest distance stored, in cells; farther cells (or no target at all) get it.
constexpr double kMaxProximityCells = 65535.0 / 8.0;

// `classes` holds cols × rows values, row-major. Returns distances in eighths
// of a cell (Euclidean, in pixel units), rounded to nearest, at most 65535.
std::vector<uint16_t> proximityInEighths(const uint8_t* classes, int cols, int rows, uint8_t target);

}  // namespace forestsink
