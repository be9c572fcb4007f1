#pragma once
// QGIS layer styles (.qml) written beside rasters, so QGIS opens them styled:
// a continuous colour ramp with fixed breaks (the same every year, so years
// compare), or a palette of named classes. The same renderer XML goes into
// the project file.
#include <filesystem>
#include <string>
#include <vector>

namespace forestsink {

struct RampStop {
    double value;
    std::string colour;  // "#rrggbb"
    std::string label;
};

struct PaletteEntry {
    int value;
    std::string colour;
    std::string label;
};

// The <rasterrenderer> element of a style.
std::string rampRenderer(const std::vector<RampStop>& stops);
std::string paletteRenderer(const std::vector<PaletteEntry>& entries);
// The <pipe> of a raster layer around a renderer.
std::string rasterPipe(const std::string& renderer);
// A .qml file holding the renderer.
void writeQml(const std::filesystem::path& qml, const std::string& renderer);
std::string xmlEscape(const std::string& s);

}  // namespace forestsink
