#pragma once
// A map a person can read, drawn with PLplot from GDAL/OGR data: the layer's
// raster (downsampled by GDAL) in its ramp or palette, the region boundaries
// (regionOutlines), a title, a legend, a scale bar and a north arrow.
#include "raster/QgisStyle.h"

#include <filesystem>
#include <utility>
#include <string>
#include <vector>

namespace forestsink {

// Region boundaries in a map's CRS: rings of (x, y).
using MapOutlines = std::vector<std::vector<std::pair<double, double>>>;

// The boundaries of an integer region raster (any CRS) in the CRS of
// `mapRaster`: the raster taken (nearest cell) to at most two cells a map
// pixel across, polygonized by GDALPolygonize, its rings transformed.
// Worked out once for all the maps of a report.
MapOutlines regionOutlines(const std::filesystem::path& regions, const std::filesystem::path& mapRaster);

struct MapFigure {
    std::filesystem::path raster;   // the layer, one band
    const MapOutlines* outlines;    // region boundaries to draw, or none
    std::string title;
    std::string unit;                 // of a ramp, for its legend
    std::vector<RampStop> ramp;       // continuous values, or
    std::vector<PaletteEntry> palette;  // classes
};

void drawMap(const std::filesystem::path& png, const MapFigure& map);

}  // namespace forestsink
