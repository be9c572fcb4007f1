#pragma once
// run.json: what a run was (version, command line, inputs and their
// checksums, parameters, seed, threads, grid), what it used (memory) and how
// long each part took.
#include "raster/Grid.h"
#include "scenarios/Scenario.h"
#include "sim/Simulation.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace forestsink {

struct RunTimings {
    double loadInputs = 0, simulate = 0, writeRasters = 0, contributions = 0, monteCarlo = 0, report = 0, total = 0;
    double loadFreshMemory = 0;  // of loadInputs: the first write of the state's fresh pages (LoadedState)
    Simulation::StageSeconds simulateParts;
};

// What one process of the run did: run.json's "ranks", one entry per MPI rank
// (a single entry without MPI).
struct RankRecord {
    int rank = 0;
    int threads = 1;
    std::size_t stateBytes = 0;        // the state it held (0 when it read no inputs)
    int draws = 0;                     // Monte Carlo draws it ran
    int runsWithout = 0;               // runs of the plan without a programme it ran (--contributions all)
    double seconds = 0;                // from its start to sending its results
    std::size_t peakResidentBytes = 0;
    int firstRow = 0, rowCount = 0;    // the grid rows it held (all of them unless the run was split into bands)
    ProcessGroup::Traffic communication;  // its MPI collectives (common/ProcessGroup.h)
    int simulatedYears = 0;            // years it simulated, over every simulation it ran (or took part in)
};

struct RunRecord {
    const Scenario* scenario = nullptr;
    const Scenario* baseline = nullptr;  // when one was run
    std::string commandLine;
    int draws = 0;
    std::string contributions;  // all, plan or none
    int threads = 1, tileRows = 64;
    Grid grid;
    double firstRowCellAreaHa = 0;
    std::size_t studyCells = 0;
    std::size_t stands = 0;  // on a grid coarser than the data (sim/Stands.h); 0 on others
    std::size_t stateBytes = 0;
    bool initialStateKept = false;
    std::size_t peakMainRunBytes = 0;
    double maxBalanceErrorM3 = 0;
    std::vector<std::string> notes;
    std::vector<std::string> outputs;  // relative paths, run.json excluded
    RunTimings timings;
    int mpiRanks = 1;
    std::string mpiSplit = "none";  // how the ranks shared the run: "bands", "runs" (RankSplit), "none" alone
    std::vector<RankRecord> ranks;  // in rank order
};

// Writes run.json (the peak memory of the whole run is read now).
void writeRunJson(const std::filesystem::path& path, const RunRecord& run);

}  // namespace forestsink
