#pragma once
// uncertainty.csv: the Monte Carlo draws summarised per year, region and metric.
#include "sim/MonteCarlo.h"

#include <filesystem>
#include <vector>

namespace forestsink {

// uncertainty.csv: per year, region and metric (stock_m3, carbon_t, co2e_t):
// mean and the scenario's percentiles over the draws.
void writeUncertaintyCsv(const std::filesystem::path& path, const std::vector<DrawResult>& draws,
                         const std::vector<Region>& regions, const std::vector<double>& percentiles);

}  // namespace forestsink
