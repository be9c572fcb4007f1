#pragma once
// The comparison of a batch's variants:
//   comparison.csv          per variant and report year: stock, carbon, CO2e, cost, additional CO2e, targets reached
//   comparison_targets.csv  each target of each variant
//   comparison.png          the stock trajectories against the stock targets
#include "report/OutputFolder.h"
#include "scenarios/BatchFile.h"
#include "sim/RunResult.h"

#include <string>
#include <vector>

namespace forestsink {

// `results[i]` is the run of `batch.variants[i]`. Returns the relative paths written.
std::vector<std::string> writeBatchComparison(OutputFolder& out, const Batch& batch, const std::vector<RunResult>& results);

}  // namespace forestsink
