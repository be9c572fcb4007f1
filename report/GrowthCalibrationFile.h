#pragma once
// The [growth] table `forestsink calibrate` fitted, as a TOML file to paste
// into a scenario, with the target and every trial (and its residual) in
// comments above it.
#include "sim/Calibration.h"

#include <filesystem>
#include <string>
#include <vector>

namespace forestsink {

std::string growthCalibrationText(const Scenario& scenario, const StockChangeTarget& target,
                                  const std::vector<std::string>& leftOut, const GrowthCalibration& fit);

// Writes growthCalibrationText to `file` (checked: a failed write is an Error naming the file).
void writeGrowthCalibration(const std::filesystem::path& file, const Scenario& scenario,
                            const StockChangeTarget& target, const std::vector<std::string>& leftOut,
                            const GrowthCalibration& fit);

}  // namespace forestsink
