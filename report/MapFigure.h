#pragma once
// A map a person can read, drawn with PLplot from GDAL/OGR data: the layer's
// raster (downsampled by GDAL) in its ramp or palette, the region boundaries
// (the region raster polygonized by GDALPolygonize, in the map's CRS), a
// title, a legend, a scale bar and a north arrow.
#include "raster/QgisStyle.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace forestsink {

struct MapFigure {
    std::filesystem::path raster;                 // the layer, one band
    std::optional<std::filesystem::path> regions;  // an integer region raster, any CRS
    std::string title;
    std::string unit;                 // of a ramp, for its legend
    std::vector<RampStop> ramp;       // continuous values, or
    std::vector<PaletteEntry> palette;  // classes
};

void drawMap(const std::filesystem::path& png, const MapFigure& map);

}  // namespace forestsink
