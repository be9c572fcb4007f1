#pragma once
// The [growth] table `forestsink calibrate` fitted, as a TOML file to paste
// into a scenario, with the observed changes, every trial and the fit's
// residuals in comments above it.
#include "sim/Calibration.h"

#include <filesystem>
#include <string>
#include <vector>

namespace forestsink {

// What the fit was asked: the target, the programmes left out and the file
// of observed changes (empty when the province's change was given on the command line).
struct CalibrationAsked {
    CalibrationTarget target;
    std::vector<std::string> leftOut;
    std::filesystem::path observedFile;
};

std::string growthCalibrationText(const Scenario& scenario, const CalibrationAsked& asked, const GrowthCalibration& fit);

// Writes growthCalibrationText to `file` (checked: a failed write is an Error naming the file).
void writeGrowthCalibration(const std::filesystem::path& file, const Scenario& scenario, const CalibrationAsked& asked,
                            const GrowthCalibration& fit);

}  // namespace forestsink
