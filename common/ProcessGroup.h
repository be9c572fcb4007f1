#pragma once
// The processes that run one forestsink command together: the ranks of an MPI
// job (mpi/MpiProcessGroup.h), or this process alone (the default). Rank 0
// writes the outputs and prints; the others compute their share and send it
// to rank 0. Every collective call must be made by every rank, in the same order.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace forestsink {

class ProcessGroup {
public:
    virtual ~ProcessGroup() = default;

    virtual int rank() const { return 0; }
    virtual int size() const { return 1; }
    // Ranks of this job on this machine: they share its memory and cores.
    virtual int sizeOnThisMachine() const { return 1; }
    bool isFirst() const { return rank() == 0; }

    // Each rank's bytes, on rank 0, in rank order; an empty list on the others.
    virtual std::vector<std::string> gatherToFirst(std::string bytes) const { return {std::move(bytes)}; }
    // Rank 0's bytes, on every rank.
    virtual std::string broadcastFromFirst(std::string bytes) const { return bytes; }
    // Returns when every rank has called it.
    virtual void barrier() const {}

    // Collectives of one run split into bands of grid rows (one band per
    // rank). They keep the answers those of one process: integers are summed
    // (exact in any order), and sums of doubles are shared as per-row partial
    // sums, which every rank then adds in row order.
    //
    // Each element summed over the ranks, on every rank.
    virtual void sumOnAll(std::vector<int64_t>& /*values*/) const {}
    // Bitwise AND and OR over the ranks, on every rank.
    virtual void andOrOnAll(uint64_t& /*andBits*/, uint64_t& /*orBits*/) const {}
    // `rows` holds one block of `rowBytes` per grid row; this rank's are rows
    // [firstRow, firstRow + rowCount). Afterwards every rank holds every
    // rank's rows (the ranks' rows do not overlap; rows of no rank are left).
    virtual void shareRows(void* /*rows*/, std::size_t /*rowBytes*/, int /*firstRow*/, int /*rowCount*/) const {}
    // Sums of doubles added in rank order, so that they are those of one
    // process adding every row in order: `running` comes from rank − 1 (as
    // given, on rank 0), `addMine` adds this rank's rows to it in row order,
    // and it goes on to rank + 1; every rank then gets the last rank's. A
    // few kB travel, whatever the number of rows (shareRows sends them all).
    virtual void addInRankOrder(std::vector<double>& running,
                                const std::function<void(std::vector<double>&)>& addMine) const {
        addMine(running);
    }
    // Stops every rank at once with `exitCode` (a rank failed; the others
    // would wait for it for ever). Returns only without MPI.
    virtual void abortAll(int /*exitCode*/) const {}

    // What this process has spent on the collectives so far: wall time inside
    // them (waiting for slower ranks included) and the payload bytes it gave
    // and got (not the transport's own). Zero alone.
    struct Traffic {
        double seconds = 0;
        uint64_t bytesSent = 0, bytesReceived = 0;
        int64_t calls = 0;
    };
    virtual Traffic traffic() const { return {}; }
};

// Whether an MPI launcher (mpirun, mpiexec, srun) started this process: the
// launchers set these variables in every rank's environment.
bool launchedByMpi();

// This process alone.
const ProcessGroup& singleProcess();

// The jobs 0…count−1 (draws, batch variants) that `rank` runs: job j runs on
// rank (j + firstRank) mod size, so jobs are spread evenly and each rank's list
// is in job order. `firstRank` is the rank of job 0: 1 spares rank 0, which
// also runs the main simulation, the first job.
std::vector<int> jobsOfRank(int count, int rank, int size, int firstRank = 0);

}  // namespace forestsink
