#pragma once
// Writes one band on the grid as a tiled, DEFLATE-compressed GeoTIFF with CRS,
// nodata, band description, units and metadata. The caller chooses the final
// name; this writes exactly the path it is given (see sim/OutputFolder for the
// temporary-name-then-rename rule).
#include "raster/Grid.h"

#include <gdal_priv.h>

#include <filesystem>
#include <map>
#include <optional>
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

// How overviews summarise a block of cells: the mean (continuous layers),
// the most common class (categorical layers), or one of the cells (sparse
// categorical layers, where the most common class would hide the rare ones).
enum class OverviewResampling { Average, Mode, Nearest };
// GDAL's name of it ("AVERAGE", "MODE", "NEAREST"), and back (nullopt if unknown).
const char* overviewResamplingName(OverviewResampling r);
std::optional<OverviewResampling> overviewResamplingOf(const std::string& name);

// Copies `source` (one band, e.g. a ComputedRaster streaming from the model)
// to a Cloud-Optimised GeoTIFF with GDAL's COG driver: 256 × 256 tiles,
// the outputs' compression (cogCreationOptions), overviews down to one
// tile (averaged for continuous layers, the most common class for
// categorical ones), and the IFDs and tiles ordered for HTTP range reads.
// The source is read block by block; GDAL's own threading stays off, so
// callers may write several files at once, one per thread.
void writeCog(const std::filesystem::path& path, GDALDataset& source, OverviewResampling overviews);

// The creation options of every output COG, for benchmarks that time GDAL
// alone on the same work.
std::map<std::string, std::string> cogCreationOptions(OverviewResampling overviews);

// A tiled GeoTIFF with fast compression, for values the run reads back
// (the carbon a year before a report year).
void writeScratchGeoTiff(const std::filesystem::path& path, GDALDataset& source);

}  // namespace forestsink
