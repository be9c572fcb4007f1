#pragma once
// A small synthetic province written to a temporary folder: every input layer
// as a GeoTIFF on a 1 km Albers grid, a region-names file and a scenario file
// using the shipped Yunnan species table. Tests change one thing and write.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace forestsink::test {

std::filesystem::path sourceDir();
// A fresh, empty folder under the test temp dir.
std::filesystem::path freshDir(const std::string& name);

struct SyntheticInputs {
    std::filesystem::path dir;
    int cols = 12, rows = 8;
    double cellSize = 1000.0;
    double originX = -300000.0, originY = 2800000.0;  // inside Yunnan, Albers metres
    std::vector<int32_t> landClass, species, site, region;
    std::vector<float> age, volume;
    bool withCrs = true;  // false writes the volume layer without a CRS
    std::string extraScenarioLines;

    explicit SyntheticInputs(const std::string& name);
    std::size_t index(int col, int row) const { return static_cast<std::size_t>(row) * cols + col; }
    // Writes the layers and the scenario; returns the scenario path.
    std::filesystem::path write() const;
    std::filesystem::path scenarioPath() const { return dir / "scenario.toml"; }
    std::string crsWkt() const;
};

// Reads band 1 of a raster as doubles.
std::vector<double> readRaster(const std::filesystem::path& path, int* cols = nullptr, int* rows = nullptr);

// Files under a folder (relative paths), recursively, hidden ones included.
std::vector<std::string> filesUnder(const std::filesystem::path& dir);

}  // namespace forestsink::test
