#include "raster/PolygonLattice.h"

#include "common/Error.h"
#include "raster/Gdal.h"

#include <fmt/format.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <memory>

namespace forestsink {

std::optional<PolygonLattice> polygonLatticeUnder(const Grid& grid, const Grid& layerExtent,
                                                  std::vector<double> areas) {
    areas.erase(std::remove_if(areas.begin(), areas.end(), [](double a) { return !(a > 0); }), areas.end());
    if (areas.empty()) return std::nullopt;
    const auto tenth = areas.begin() + static_cast<std::ptrdiff_t>((areas.size() - 1) / 10);
    std::nth_element(areas.begin(), tenth, areas.end());
    const double smallPolygon = *tenth;
    const double side = std::sqrt(smallPolygon / kLatticeCellsPerSmallPolygon);
    const double w = grid.cellWidth(), h = grid.cellHeight();
    // The lattice's rows and columns must stay ints.
    const double fits = std::floor(static_cast<double>(INT_MAX) / std::max(grid.cols, grid.rows));
    const int k = static_cast<int>(
        std::min({std::ceil(std::max(w, h) / side - 1e-9), static_cast<double>(kMaxLatticeFactor), fits}));
    if (k < 2) return std::nullopt;

    const OGRSpatialReference from = layerExtent.spatialReference(), to = grid.spatialReference();
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&from, &to));
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    if (!t || !t->TransformBounds(layerExtent.minX(), layerExtent.minY(), layerExtent.maxX(), layerExtent.maxY(),
                                  &minX, &minY, &maxX, &maxY, 21))
        throw Error(fmt::format("the extent of the land-class polygons ({}) cannot be carried into the grid's CRS {}",
                                layerExtent.describe(), crsName(to)));
    // Whole lattice cells over the polygons, snapped outwards as gridCovering
    // snaps a grid, within the grid.
    const double lw = w / k, lh = h / k;
    const double cols = static_cast<double>(grid.cols) * k, rows = static_cast<double>(grid.rows) * k;
    const double left = std::clamp(std::floor((minX - grid.minX()) / lw), 0.0, cols);
    const double right = std::clamp(std::ceil((maxX - grid.minX()) / lw - 1e-9), 0.0, cols);
    const double top = std::clamp(std::floor((grid.maxY() - maxY) / lh), 0.0, rows);
    const double bottom = std::clamp(std::ceil((grid.maxY() - minY) / lh - 1e-9), 0.0, rows);
    if (right <= left || bottom <= top) return std::nullopt;

    PolygonLattice out;
    out.factor = k;
    out.smallPolygonCells = smallPolygon / (lw * lh);
    out.lattice.crsWkt = grid.crsWkt;
    out.lattice.geotransform = {grid.minX() + left * lw, lw, 0, grid.maxY() - top * lh, 0, -lh};
    out.lattice.cols = static_cast<int>(right - left);
    out.lattice.rows = static_cast<int>(bottom - top);
    return out;
}

}  // namespace forestsink
