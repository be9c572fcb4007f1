#pragma once
// Thin ownership helpers around GDAL's C++ API and the one-time driver set-up.
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cstddef>
#include <filesystem>
#include <string>

namespace forestsink {

// Registers GDAL drivers once and routes GDAL errors to exceptions' text
// instead of stderr noise. Safe to call many times. Unless GDAL_CACHEMAX is
// set, GDAL's block cache is 5 % of the memory this process may use
// (common/MemoryUse.h), rather than GDAL's 5 % of the machine: MPI ranks
// sharing a machine then share its 5 %.
void initGdal();

// The most GDAL's block cache may hold, in bytes.
std::size_t gdalBlockCacheBytes();

// Opens a raster read-only; throws Error naming the file when it is missing or
// not a raster GDAL can read.
GDALDatasetUniquePtr openRaster(const std::filesystem::path& path, const std::string& what);

// The last GDAL error message, or "" if none.
std::string lastGdalError();

// Short human name of a CRS: "EPSG:4326" when it has an authority code,
// otherwise its name ("unnamed" if it has none).
std::string crsName(const OGRSpatialReference& srs);

}  // namespace forestsink
