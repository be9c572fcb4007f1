#pragma once
// Calibration of growth to an inventory's observed change (issue 14 item 5):
// the common growth multiplier of a scenario's [growth] table that makes the
// province's forest stock change by a given amount between two years.
//
// One multiplier, because a province total is one equation; groups named in
// [growth] by_species keep their own. The stock change rises with the
// multiplier, so the secant method finds it in a few runs from one loaded
// state.
#include "scenarios/Scenario.h"
#include "sim/CellState.h"
#include "species/SpeciesTable.h"

#include <vector>

namespace forestsink {

class ThreadRunner;

struct StockChangeTarget {
    int fromYear = 0;
    int toYear = 0;
    double changeM3 = 0;     // forest stock (summary.csv's stock_m3), province
    double toleranceM3 = 0;  // |simulated − target| at which the fit stops
};

struct CalibrationTrial {
    double multiplier = 1;
    double stockFromM3 = 0, stockToM3 = 0;
    double residualM3 = 0;  // simulated change − target change
};

struct GrowthCalibration {
    double multiplier = 1;                 // the last trial's
    std::vector<CalibrationTrial> trials;  // in the order they ran; the last is the fit
};

// Runs `scenario` (its programmes as given; its end year set to the target's
// `toYear`) from `initial` with trial multipliers until the stock change is
// within the tolerance. `species`' growth multipliers are replaced by the
// scenario's [growth] with each trial's common multiplier.
// Throws Error when the years are outside the scenario, when the change does
// not depend on the multiplier (no stands grow), or when the fit leaves the
// allowed range (0.1 to 5) or takes more than 30 runs; the message lists the trials.
GrowthCalibration fitGrowthMultiplier(const Scenario& scenario, const SpeciesTable& species, const CellState& initial,
                                      const ThreadRunner& runner, const StockChangeTarget& target);

}  // namespace forestsink
