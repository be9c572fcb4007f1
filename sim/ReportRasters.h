#pragma once
// The per-year rasters of a report year: rasters/volume_<year>.tif (m³/ha) and
// rasters/carbon_<year>.tif (t C/ha of tree biomass), nodata outside the study
// area.
#include "sim/Accounting.h"
#include "sim/CellState.h"
#include "sim/OutputFolder.h"
#include "sim/ThreadRunner.h"

#include <string>
#include <vector>

namespace forestsink {

constexpr float kRasterNodata = -9999.0f;

// Writes both rasters of `year` (each on its own thread and GDAL dataset) and
// returns their relative paths.
std::vector<std::string> writeReportRasters(OutputFolder& out, int year, const std::string& scenarioName,
                                            const CellState& state, const BiomassParameters& biomass,
                                            const ThreadRunner& runner);

}  // namespace forestsink
