#pragma once
// QGIS layer styles (.qml) written beside rasters, so QGIS opens them styled:
// a continuous colour ramp with fixed breaks (the same every year, so years
// compare), or a palette of named classes.
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

void writeRampQml(const std::filesystem::path& qml, const std::vector<RampStop>& stops);
void writePaletteQml(const std::filesystem::path& qml, const std::vector<PaletteEntry>& entries);

}  // namespace forestsink
