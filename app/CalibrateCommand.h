#pragma once
// forestsink calibrate SCENARIO --from Y1 --to Y2 (--stock-change M3 | --observed CSV)
//                     [--leave-out NAME]... [--out FILE] [--threads N]
// Fits the scenario's growth multipliers so that forest stock changes from Y1
// to Y2 as an inventory observed: the province's change M3 fits the common
// multiplier; a CSV of changes by forest type (and region) fits one
// by_species multiplier per type (sim/ObservedStockChanges.h). Writes the
// [growth] table with its trials and residuals (issue 14 item 5).
#include <CLI/CLI.hpp>

#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace forestsink {

struct CalibrateArguments {
    CLI::App* command = nullptr;
    std::filesystem::path scenario;
    int fromYear = 0, toYear = 0;
    double stockChangeM3 = std::numeric_limits<double>::quiet_NaN();  // none given
    std::filesystem::path observed;     // changes by forest type and region (CSV), instead of --stock-change
    std::vector<std::string> leaveOut;  // programmes left out of the fit (events of another period)
    std::filesystem::path out;          // the [growth] table; none: printed only
    int threads = 0;
    double toleranceM3 = 1e4;
};

void addCalibrateCommand(CLI::App& app, CalibrateArguments& args);

// Throws Error (exit 1) on a bad scenario, programme name or fit.
void executeCalibrate(const CalibrateArguments& args);

}  // namespace forestsink
