#pragma once
// One run of a scenario, from inputs to the output folder: load and check the
// inputs and the programmes, run the years, write the report-year rasters and
// the tables, and, with a baseline, what each programme buys; then move
// everything to its final name.
#include "sim/Contributions.h"
#include "sim/OutputFolder.h"
#include "sim/Simulation.h"
#include "sim/StateLoader.h"
#include "sim/SummaryTable.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace forestsink {

class Progress;

// What a run with a baseline measures: plan against baseline and against the
// plan without each programme (all), plan against baseline only (plan), or
// nothing (none: the baseline is not run).
enum class ContributionsMode { All, Plan, None };

struct RunOptions {
    std::filesystem::path scenario;
    std::filesystem::path outDir = "out";
    int threads = 1;
    int tileRows = 64;
    std::optional<uint64_t> seed;                   // overrides the scenario's seed
    std::optional<std::filesystem::path> baseline;  // overrides the scenario's baseline
    std::optional<int> draws;                       // Monte Carlo draws (overrides [uncertainty] draws)
    std::string commandLine;                        // recorded in run.json
    ContributionsMode contributions = ContributionsMode::All;
    std::ostream* log = nullptr;                    // yearly lines and the final report; nullptr for silence
    Progress* progress = nullptr;                   // the progress bar; nullptr for none
};

struct RunResult {
    std::vector<YearRecord> years;
    std::vector<TargetOutcome> targets;
    std::vector<double> probability;          // by target, with Monte Carlo draws
    std::vector<Contribution> contributions;  // with a baseline; the first is "all programmes"
    std::vector<std::string> outputs;         // relative paths under the output folder
};

RunResult runScenario(const RunOptions& options);

// Runs a scenario whose inputs are already loaded (batches share them); the
// output folder is committed on success. `options.scenario` is not read.
// The loaded state is handed to the simulation (no copy when moved in).
RunResult runPrepared(const Scenario& scenario, const SpeciesTable& species, LoadedState loaded,
                      double loadSeconds, OutputFolder& out, const RunOptions& options);

// Throws Error if a programme names a species the table does not have.
void checkProgrammeSpecies(const Scenario& scenario, const SpeciesTable& species);

// Checks a scenario and its inputs (everything a run reads) without running
// it; throws Error on the first problem.
void validateScenario(const std::filesystem::path& scenario, std::ostream* log);

}  // namespace forestsink
