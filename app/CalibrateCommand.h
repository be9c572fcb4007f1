#pragma once
// forestsink calibrate SCENARIO --from Y1 --to Y2 --stock-change M3
//                     [--leave-out NAME]... [--out FILE] [--threads N]
// Fits the scenario's common growth multiplier so that the province's forest
// stock changes by M3 from Y1 to Y2 (an inventory's observed change), and
// writes the [growth] table with its trials and residuals (issue 14 item 5).
#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace forestsink {

struct CalibrateArguments {
    CLI::App* command = nullptr;
    std::filesystem::path scenario;
    int fromYear = 0, toYear = 0;
    double stockChangeM3 = 0;
    std::vector<std::string> leaveOut;  // programmes left out of the fit (events of another period)
    std::filesystem::path out;          // the [growth] table; none: printed only
    int threads = 0;
    double toleranceM3 = 1e4;
};

void addCalibrateCommand(CLI::App& app, CalibrateArguments& args);

// Throws Error (exit 1) on a bad scenario, programme name or fit.
void executeCalibrate(const CalibrateArguments& args);

}  // namespace forestsink
