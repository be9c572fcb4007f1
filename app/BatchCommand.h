#pragma once
// forestsink batch: runs every variant of a batch file and compares them.
#include "scenarios/BatchFile.h"

#include "common/ProcessGroup.h"

#include <filesystem>
#include <optional>
#include <ostream>

namespace forestsink {

struct BatchOptions {
    std::filesystem::path batch;
    std::filesystem::path outDir = "out";
    int threads = 1;
    int tileRows = 64;
    std::optional<int> draws;
    bool resume = false;  // skip the variants whose outputs match (app/BatchResume.h)
    std::ostream* log = nullptr;
    // The ranks of an MPI job share out the variants; rank 0 owns the output set.
    const ProcessGroup* processes = &singleProcess();
};

// Runs every variant (in parallel, one thread each, as many at once as fit in
// memory), reading each distinct set of inputs once, and writes the comparison
// and the batch report (report/BatchComparison.h) into the output folder.
// In an MPI job variant v of those to run goes to rank v mod N; each rank
// reads only its variants' inputs and stages their folders in rank 0's set,
// and rank 0 gathers their summaries, writes the comparison and commits.
void runBatch(const BatchOptions& options);

}  // namespace forestsink
