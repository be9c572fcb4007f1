#pragma once
// forestsink run: one run of a scenario, from inputs to the output folder —
// load and check the inputs, simulate the years (streaming the report-year
// rasters), Monte Carlo draws, contributions against a baseline, the tables,
// the report and run.json; then move everything to its final name.
#include "common/ProcessGroup.h"
#include "report/OutputFolder.h"
#include "sim/RunResult.h"
#include "sim/StateLoader.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

namespace forestsink {

class Progress;

// What a run with a baseline measures: plan against baseline and against the
// plan without each programme (all), plan against baseline only (plan), or
// nothing (none: the baseline is not run).
// Memory a run keeps for everything but whole-grid states: GDAL's block cache,
// the programmes' candidate cache, tile buffers.
constexpr std::size_t kRunReservedBytes = std::size_t{3} << 30;
// What each batch variant in flight holds beside its states: its tile and
// raster buffers, its report's images (a demo run peaks at 103 MB resident
// with a 13 MB state, libraries included).
constexpr std::size_t kVariantOverheadBytes = std::size_t{128} << 20;

enum class ContributionsMode { All, Plan, None };

// How the ranks of an MPI job share a run (--split): `Bands` splits the grid
// into bands of rows, one per rank, and every simulation of the run (the main
// one, the baseline, each draw, each run without a programme) runs on all the
// ranks together, each holding its band only; `Runs` gives each rank whole
// states and its share of the draws and of the runs without each programme.
// `Auto` is `Runs` when there are such runs to share, `Bands` otherwise.
enum class RankSplit { Auto, Bands, Runs };

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
    bool contributionsGiven = false;                // --contributions was on the command line
    std::ostream* log = nullptr;                    // yearly lines and the final report; nullptr for silence
    Progress* progress = nullptr;                   // the progress bar; nullptr for none
    // The ranks of an MPI job share the run (`split`, app/RunOnRanks.h); rank 0 writes the outputs.
    const ProcessGroup* processes = &singleProcess();
    RankSplit split = RankSplit::Auto;
};

// On an MPI rank other than 0, runs that rank's share of the run and
// returns an empty result.
RunResult runScenario(const RunOptions& options);

// Runs a scenario whose inputs are already loaded (batches share them); the
// output folder is committed on success. `options.scenario` is not read.
// The loaded state is handed to the simulation (no copy when moved in).
// In a run split into bands (options.split), every rank calls it with its
// band of the state and `out` staged by rank 0.
RunResult runPrepared(const Scenario& scenario, const SpeciesTable& species, LoadedState loaded,
                      double loadSeconds, OutputFolder& out, const RunOptions& options);

}  // namespace forestsink
