#pragma once
// Writes one band on the grid as a tiled, DEFLATE-compressed GeoTIFF with CRS,
// nodata, band description, units and metadata. The caller chooses the final
// name; this writes exactly the path it is given (see sim/OutputFolder for the
// temporary-name-then-rename rule).
#include "raster/Grid.h"

#include <gdal_priv.h>

#include <filesystem>
#include <map>
#include <string>

namespace forestsink {

struct BandInfo {
    std::string description;  // band description, e.g. "stand volume"
    std::string units;        // e.g. "m3/ha"
    double nodata = -9999.0;
    std::map<std::string, std::string> metadata;  // dataset metadata, e.g. YEAR
};

// `data` holds grid.cols × grid.rows values of `type`, row-major.
void writeGeoTiff(const std::filesystem::path& path, const Grid& grid, GDALDataType type, const void* data,
                  const BandInfo& info);

enum class OverviewResampling { Average, Mode };

// The same as a Cloud-Optimised GeoTIFF (GDAL's COG driver): 256 × 256 tiles,
// DEFLATE with a predictor, overviews down to one tile (averaged for
// continuous layers, the most common class for categorical ones), and the
// IFDs and tiles ordered for HTTP range reads.
void writeCog(const std::filesystem::path& path, const Grid& grid, GDALDataType type, const void* data,
              const BandInfo& info, OverviewResampling overviews);

}  // namespace forestsink
