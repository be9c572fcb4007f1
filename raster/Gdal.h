#pragma once
// Thin ownership helpers around GDAL's C++ API and the one-time driver set-up.
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <filesystem>
#include <string>

namespace forestsink {

// Registers GDAL drivers once and routes GDAL errors to exceptions' text
// instead of stderr noise. Safe to call many times.
void initGdal();

// Opens a raster read-only; throws Error naming the file when it is missing or
// not a raster GDAL can read.
GDALDatasetUniquePtr openRaster(const std::filesystem::path& path, const std::string& what);

// The last GDAL error message, or "" if none.
std::string lastGdalError();

// Short human name of a CRS: "EPSG:4326" when it has an authority code,
// otherwise its name ("unnamed" if it has none).
std::string crsName(const OGRSpatialReference& srs);

}  // namespace forestsink
