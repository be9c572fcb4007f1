#include "sim/ReportRasters.h"

#include "raster/GeoTiffWriter.h"

#include <fmt/format.h>

namespace forestsink {

std::vector<std::string> writeReportRasters(OutputFolder& out, int year, const std::string& scenarioName,
                                            const CellState& state, const BiomassParameters& bio,
                                            const ThreadRunner& runner) {
    const std::size_t n = state.cellCount();
    std::vector<float> volume(n), carbon(n);
    const int cols = state.grid.cols;
    runner.forEachTile(state.grid.rows, [&](int firstRow, int rowCount) {
        const std::size_t begin = static_cast<std::size_t>(firstRow) * cols;
        for (std::size_t i = begin; i < begin + static_cast<std::size_t>(rowCount) * cols; ++i) {
            if (state.landClass[i] == LandClass::Outside) {
                volume[i] = carbon[i] = kRasterNodata;
                continue;
            }
            const float v = state.volume[i];
            const uint8_t s = state.species[i];
            volume[i] = v;
            // Same expression, in the same precision, as the accounting.
            carbon[i] = s != kNoSpecies && v > 0
                            ? static_cast<float>((bio.a[s] + bio.b[s] * v) * static_cast<double>(bio.carbonFraction[s]))
                            : 0.0f;
        }
    });

    const std::string yearText = std::to_string(year);
    auto info = [&](const char* description, const char* units, const char* layer) {
        BandInfo b;
        b.description = description;
        b.units = units;
        b.nodata = kRasterNodata;
        b.metadata = {{"YEAR", yearText}, {"LAYER", layer}, {"UNITS", units}, {"SCENARIO", scenarioName},
                      {"PRODUCER", "forestsink"}};
        return b;
    };
    const std::string volumeName = fmt::format("rasters/volume_{}.tif", year);
    const std::string carbonName = fmt::format("rasters/carbon_{}.tif", year);
    const auto volumePath = out.stagingPath(volumeName);
    const auto carbonPath = out.stagingPath(carbonName);
    // Two files, two datasets, two threads: GDAL's own threading stays off.
    runner.runAll({
        [&] { writeGeoTiff(volumePath, state.grid, GDT_Float32, volume.data(), info("stand volume", "m3/ha", "volume")); },
        [&] {
            writeGeoTiff(carbonPath, state.grid, GDT_Float32, carbon.data(),
                         info("tree biomass carbon density", "t C/ha", "carbon"));
        },
    });
    return {volumeName, carbonName};
}

}  // namespace forestsink
