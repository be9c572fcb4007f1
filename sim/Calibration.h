#pragma once
// Calibration of growth to an inventory's observed change (issue 14 item 5):
// the growth multipliers of a scenario's [growth] table that make forest stock
// change between two years by the observed amounts.
//
// One observation, one multiplier: the province's change fits the common
// multiplier, a forest type's (a species group's) province change fits that
// group's by_species multiplier. Observations within a region are checked,
// not fitted ([growth] has no regional multipliers): their residuals show
// where the fitted multipliers miss. Each multiplier is moved by the secant
// on its own residual (the province's counts only the groups not fitted on
// their own), all of them in each run of the scenario from one loaded state,
// until every fitted residual is within the tolerance.
#include "scenarios/GrowthChoice.h"
#include "scenarios/Scenario.h"
#include "sim/CellState.h"
#include "species/SpeciesTable.h"

#include <string>
#include <vector>

namespace forestsink {

class ThreadRunner;

constexpr int kEveryGroup = -1;   // an observation of every forest type
constexpr int kEveryRegion = -1;  // an observation of the province
// The `where` of a by_species multiplier the fit set (GrowthSpec::GroupMultiplier).
constexpr const char* kFittedByCalibration = "fitted by forestsink calibrate";

// An observed change of forest stock (summary.csv's stock_m3: volume on the
// forest classes) between the target's two years.
struct StockChangeObservation {
    int group = kEveryGroup;         // species group index: the forest type
    int regionIndex = kEveryRegion;  // index in CellState::regions
    double changeM3 = 0;
    std::string label;  // for messages and the table: "province", "Yunnan pine", "Yunnan pine in Dali"
    bool fitted() const { return regionIndex == kEveryRegion; }
};

struct CalibrationTarget {
    int fromYear = 0;
    int toYear = 0;
    std::vector<StockChangeObservation> observations;
    double toleranceM3 = 0;  // every fitted |simulated − observed| at which the fit stops
};

struct CalibrationTrial {
    std::vector<double> multipliers;         // by fitted observation, in order
    std::vector<double> stockFromM3, stockToM3;  // by observation: simulated forest stock of its groups and region
    std::vector<double> residualM3;          // by observation: simulated change − observed change
};

struct GrowthCalibration {
    std::vector<int> fitted;               // the observations that fit a multiplier, in order
    std::vector<CalibrationTrial> trials;  // in the order they ran; the last is the fit
    GrowthSpec growth;                     // the scenario's [growth] with the fitted multipliers
};

// Runs `scenario` (its programmes as given; its end year set to the target's
// `toYear`) from `initial` with trial multipliers until every fitted residual
// is within the tolerance; `species`' growth multipliers are replaced by the
// scenario's [growth] with each trial's. Throws Error when the years are
// outside the scenario, when no observation fits a multiplier, when two
// observations are of the same forest type and region, when a change does not
// depend on its multiplier (no stand of that type grows), or when a
// multiplier leaves the allowed range (0.1 to 5) or the fit takes more than
// 30 runs; the message lists the trials.
GrowthCalibration fitGrowthMultipliers(const Scenario& scenario, const SpeciesTable& species, const CellState& initial,
                                       const ThreadRunner& runner, const CalibrationTarget& target);

}  // namespace forestsink
