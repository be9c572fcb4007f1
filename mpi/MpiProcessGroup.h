#pragma once
// The ranks of an MPI job as a ProcessGroup (common/ProcessGroup.h). Built
// only when CMake finds MPI (Debian: libopenmpi-dev, openmpi-bin).
#include "common/ProcessGroup.h"

#include <memory>

namespace forestsink {

// Joins the MPI job (MPI_Init_thread) when launched by one, and leaves it
// (MPI_Finalize) when the returned group is destroyed; nullptr otherwise, so a
// plain `forestsink run` starts no MPI at all.
std::unique_ptr<ProcessGroup> joinMpiJob(int& argc, char**& argv);

}  // namespace forestsink
