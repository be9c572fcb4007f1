#pragma once
// What one run of a scenario gives: its years (totals, flows, programmes),
// its targets, and, when measured, the probability of each target from
// Monte Carlo draws and what each programme buys against the baseline.
#include "sim/Contributions.h"
#include "sim/MonteCarlo.h"
#include "sim/Simulation.h"
#include "sim/Targets.h"

#include <vector>

namespace forestsink {

struct RunResult {
    std::vector<YearRecord> years;
    std::vector<Region> regions;              // in the order of the years' byRegion totals
    std::vector<TargetOutcome> targets;
    std::vector<double> probability;          // by target, with Monte Carlo draws
    std::vector<Contribution> contributions;  // with a baseline; the first is "all programmes"
    std::vector<YearRecord> baselineYears;    // with a baseline
    std::vector<Region> baselineRegions;
    std::vector<DrawResult> draws;            // with Monte Carlo draws
};

}  // namespace forestsink
