#pragma once
// The reference grid every layer is aligned to: CRS, north-up geotransform and size.
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <array>
#include <cstddef>
#include <filesystem>
#include <string>

namespace forestsink {

struct Grid {
    std::string crsWkt;                  // WKT2 of the grid's CRS
    std::array<double, 6> geotransform{};  // GDAL order; north-up (no rotation)
    int cols = 0;
    int rows = 0;

    std::size_t cellCount() const { return static_cast<std::size_t>(cols) * rows; }
    double cellWidth() const { return geotransform[1]; }
    double cellHeight() const { return -geotransform[5]; }
    double minX() const { return geotransform[0]; }
    double maxY() const { return geotransform[3]; }
    double maxX() const { return geotransform[0] + cols * geotransform[1]; }
    double minY() const { return geotransform[3] + rows * geotransform[5]; }
    double centreX(int col) const { return geotransform[0] + (col + 0.5) * geotransform[1]; }
    double centreY(int row) const { return geotransform[3] + (row + 0.5) * geotransform[5]; }

    OGRSpatialReference spatialReference() const;
    bool isGeographic() const;
    // Same CRS, geotransform (to 1e-9 of a cell) and size.
    bool sameAs(const Grid& other) const;
    // "1000 × 900 cells of 1000 m, CRS …" for messages and run.json.
    std::string describe() const;
};

// The grid of an open raster. Throws Error naming `path` when the raster has no
// CRS or is rotated.
Grid gridOfDataset(GDALDataset& ds, const std::filesystem::path& path, const std::string& what);

// A grid in `crsWkt` with cells of `cellWidth` × `cellHeight` (CRS units)
// covering `layer`'s extent: the extent is carried into the CRS (edges
// densified) and its corners snapped outwards to whole multiples of the cell
// size. Throws Error when the extent cannot be carried into the CRS.
Grid gridCovering(const Grid& layer, const std::string& crsWkt, double cellWidth, double cellHeight);

// WKT2 of a CRS given as anything GDAL's SetFromUserInput reads (EPSG:…, a
// PROJ string, WKT). Throws Error with `what` and examples that work.
std::string crsWktOf(const std::string& userCrs, const std::string& what);

// Applies a grid (CRS and geotransform) to a dataset being created.
// A CRS's own name, or for an unnamed one (a PROJ string gives "unknown") its
// projection and ellipsoid, so that GIS software does not list it as "unknown".
std::string crsDisplayName(const OGRSpatialReference& srs);
// Sets the dataset's CRS (named) and geotransform to the grid's.
void applyGrid(GDALDataset& ds, const Grid& grid);

}  // namespace forestsink
