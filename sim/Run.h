#pragma once
// One run of a scenario, from inputs to the output folder: load and check the
// inputs, step year by year (growth → accounting), write the report-year
// rasters, summary.csv and run.json, then move them to their final names.
#include "sim/Accounting.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace forestsink {

struct RunOptions {
    std::filesystem::path scenario;
    std::filesystem::path outDir = "out";
    int threads = 1;
    int tileRows = 64;
    std::optional<uint64_t> seed;  // overrides the scenario's seed
    std::string commandLine;       // recorded in run.json
    std::ostream* log = nullptr;   // progress and the final totals; nullptr for silence
};

struct RunResult {
    std::vector<YearTotals> years;
    std::vector<std::string> outputs;  // relative paths under the output folder
};

RunResult runScenario(const RunOptions& options);

}  // namespace forestsink
