#include "common/ProcessGroup.h"

#include <cstdlib>

namespace forestsink {

bool launchedByMpi() {
    // Open MPI's mpirun, then PMIx and PMI launchers (srun, MPICH's Hydra).
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
        if (std::getenv(name)) return true;
    return false;
}

const ProcessGroup& singleProcess() {
    static const ProcessGroup alone;
    return alone;
}

std::vector<int> jobsOfRank(int count, int rank, int size, int firstRank) {
    std::vector<int> jobs;
    for (int j = 0; j < count; ++j)
        if ((j + firstRank) % size == rank) jobs.push_back(j);
    return jobs;
}

}  // namespace forestsink
