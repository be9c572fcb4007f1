#pragma once
// One run of a scenario, from inputs to the output folder: load and check the
// inputs and the programmes, run the years, write the report-year rasters and
// the tables, and, with a baseline, what each programme buys; then move
// everything to its final name.
#include "sim/Simulation.h"

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
    std::optional<uint64_t> seed;                   // overrides the scenario's seed
    std::optional<std::filesystem::path> baseline;  // overrides the scenario's baseline
    std::optional<int> draws;                       // Monte Carlo draws (overrides [uncertainty] draws)
    std::string commandLine;                        // recorded in run.json
    std::ostream* log = nullptr;                    // progress and the final report; nullptr for silence
};

struct RunResult {
    std::vector<YearRecord> years;
    std::vector<std::string> outputs;  // relative paths under the output folder
};

RunResult runScenario(const RunOptions& options);

// Checks a scenario and its inputs (everything a run reads) without running
// it; throws Error on the first problem.
void validateScenario(const std::filesystem::path& scenario, std::ostream* log);

}  // namespace forestsink
