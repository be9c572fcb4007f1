#pragma once
// Monte Carlo draws shared out over the ranks of an MPI job. Draw d runs on
// rank (d + 1) mod N: rank 0 also runs the main simulation and writes the
// outputs, so it starts with the second draw. Each rank sends its draws and
// what it used to rank 0, which puts the draws back in draw order. Draw d is
// the same on any rank (sim/MonteCarlo.h), so the outputs are those of one
// process. Results travel as raw bytes: the ranks must share one CPU
// architecture (as the nodes of one cluster do).
#include "app/RunCommand.h"
#include "common/ProcessGroup.h"
#include "report/RunJson.h"
#include "sim/MonteCarlo.h"

#include <vector>

namespace forestsink {

// What one rank did and the draws it ran.
struct RankShare {
    RankRecord record;
    std::vector<int> draws;            // draw numbers, in order
    std::vector<DrawResult> results;   // one per draw
};

// The draw numbers `ranks.rank()` runs out of `draws`.
std::vector<int> drawsOfRank(int draws, const ProcessGroup& ranks);

struct GatheredDraws {
    std::vector<DrawResult> draws;   // all of them, in draw order
    std::vector<RankRecord> ranks;   // in rank order
};

// Rank 0: its own share and every other rank's (each sends with sendShare).
GatheredDraws gatherShares(const ProcessGroup& ranks, RankShare mine, int draws);
// Any other rank.
void sendShare(const ProcessGroup& ranks, const RankShare& mine);

// `forestsink run` on a rank other than 0: reads the inputs when it has draws
// to run, runs its share and sends it to rank 0. Writes no file.
void runShareOfDraws(const Scenario& scenario, const SpeciesTable& species, const RunOptions& options);

// Bytes of a share, and back (exposed for tests).
std::string packShare(const RankShare& share);
RankShare unpackShare(const std::string& bytes);

}  // namespace forestsink
