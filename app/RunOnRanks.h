#pragma once
// A run's independent parts shared out over the ranks of an MPI job: the
// Monte Carlo draws and, with `--contributions all`, the runs of the plan
// without each programme. Job j (draw j, or the run without programme j) runs
// on rank (j + 1) mod N: rank 0 also runs the main simulation, the baseline
// and writes the outputs, so it starts with the second job. Each rank sends
// its results and what it used to rank 0, which puts them back in job order.
// Draw d and the run without programme p are the same on any rank, so the
// outputs are those of one process. Results travel as raw bytes: the ranks
// must share one CPU architecture (as the nodes of one cluster do).
#include "app/RunCommand.h"
#include "common/ProcessGroup.h"
#include "report/RunJson.h"
#include "sim/Contributions.h"
#include "sim/MonteCarlo.h"

#include <vector>

namespace forestsink {

// What one rank did and the results of its jobs.
struct RankShare {
    RankRecord record;
    std::vector<int> draws;            // draw numbers, in order
    std::vector<DrawResult> results;   // one per draw
    RunsWithout without;               // runs without a programme, by programme index (totals only)
};

// The jobs `ranks.rank()` runs out of `count` (draws, or programmes left out).
std::vector<int> jobsOfThisRank(int count, const ProcessGroup& ranks);

struct GatheredDraws {
    std::vector<DrawResult> draws;   // all of them, in draw order
    std::vector<RankRecord> ranks;   // in rank order
};

// Rank 0: its own draws and every other rank's (each sends with sendShare).
GatheredDraws gatherShares(const ProcessGroup& ranks, RankShare mine, int draws);
// Rank 0: the runs without a programme of every other rank, added to `runs`
// (which holds rank 0's); each of the `programmes` must be there once.
// Returns the other ranks' records (rank 1 first), now that they are done.
std::vector<RankRecord> gatherRunsWithout(const ProcessGroup& ranks, RunsWithout& runs, std::size_t programmes);
// Any other rank.
void sendShare(const ProcessGroup& ranks, const RankShare& mine);

// Whether `forestsink run` with these options runs the plan without each programme.
bool runsWithoutEachProgramme(const Scenario& scenario, const RunOptions& options);

// How the ranks share this run: options.split, with Auto resolved (Runs when
// there are draws or runs without each programme to share, else Bands).
RankSplit splitOf(const Scenario& scenario, const RunOptions& options);

// `forestsink run` on a rank other than 0: reads the inputs when it has jobs,
// runs its share of the draws and sends it, then its share of the runs
// without a programme and sends them. Writes no file.
void runShareOfRun(const Scenario& scenario, const SpeciesTable& species, const RunOptions& options);

// Bytes of a share, and back (exposed for tests).
std::string packShare(const RankShare& share);
RankShare unpackShare(const std::string& bytes);

}  // namespace forestsink
