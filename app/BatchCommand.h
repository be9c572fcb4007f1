#pragma once
// forestsink batch: runs every variant of a batch file and compares them.
#include "scenarios/BatchFile.h"

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
    std::ostream* log = nullptr;
};

// Runs every variant (in parallel, one thread each), reading each distinct
// set of inputs once, and writes comparison.csv, comparison_targets.csv and
// comparison.png into the output folder.
void runBatch(const BatchOptions& options);

}  // namespace forestsink
