#include "sim/Calibration.h"

#include "common/Error.h"
#include "common/ThreadRunner.h"
#include "sim/Simulation.h"

#include <fmt/format.h>

#include <cmath>

namespace forestsink {
namespace {

constexpr double kMinMultiplier = 0.1, kMaxMultiplier = 5.0;  // as [growth] allows
constexpr int kMaxRuns = 30;

std::string listed(const std::vector<CalibrationTrial>& trials) {
    std::string out;
    for (const auto& t : trials)
        out += fmt::format("\n  multiplier {:.6f}: stock {:.6g} → {:.6g} m³, residual {:+.6g} m³", t.multiplier,
                           t.stockFromM3, t.stockToM3, t.residualM3);
    return out;
}

// One run with every group's increment × `multiplier` (by_species groups keep theirs).
CalibrationTrial trial(const Scenario& scenario, const SpeciesTable& species, const CellState& initial,
                       const ThreadRunner& runner, const StockChangeTarget& target, double multiplier) {
    GrowthSpec growth = scenario.growth;
    growth.multiplier = multiplier;
    const SpeciesTable scaled = applyGrowthMultipliers(growth, species);
    Simulation sim(scenario, scaled, initial, runner);
    CalibrationTrial t;
    t.multiplier = multiplier;
    for (const YearRecord& r : runAllYears(sim, scenario)) {
        if (r.totals.year == target.fromYear) t.stockFromM3 = r.totals.province[kStockM3];
        if (r.totals.year == target.toYear) t.stockToM3 = r.totals.province[kStockM3];
    }
    t.residualM3 = (t.stockToM3 - t.stockFromM3) - target.changeM3;
    return t;
}

}  // namespace

GrowthCalibration fitGrowthMultiplier(const Scenario& given, const SpeciesTable& species, const CellState& initial,
                                      const ThreadRunner& runner, const StockChangeTarget& target) {
    if (target.fromYear < given.startYear || target.toYear <= target.fromYear || target.toYear > given.endYear)
        throw Error(fmt::format("{}: the calibration years {} to {} must lie within the scenario's {} to {}, the "
                                "first before the second",
                                given.file.string(), target.fromYear, target.toYear, given.startYear, given.endYear));
    Scenario scenario = given;
    scenario.endYear = target.toYear;  // later years cannot change the fit
    GrowthCalibration fit;
    auto run = [&](double m) {
        fit.trials.push_back(trial(scenario, species, initial, runner, target, m));
        fit.multiplier = m;
        return fit.trials.back();
    };
    CalibrationTrial a = run(1.0);
    if (std::abs(a.residualM3) <= target.toleranceM3) return fit;
    CalibrationTrial b = run(0.8);
    while (std::abs(b.residualM3) > target.toleranceM3) {
        if (b.residualM3 == a.residualM3)
            throw Error(fmt::format("{}: the forest stock's change from {} to {} does not depend on the growth "
                                    "multiplier (no stand grows in those years?); trials:{}",
                                    given.file.string(), target.fromYear, target.toYear, listed(fit.trials)));
        const double next =
            b.multiplier - b.residualM3 * (b.multiplier - a.multiplier) / (b.residualM3 - a.residualM3);
        if (!(next >= kMinMultiplier && next <= kMaxMultiplier) || static_cast<int>(fit.trials.size()) >= kMaxRuns)
            throw Error(fmt::format("{}: no growth multiplier between {} and {} gives a forest stock change of {:.6g} "
                                    "m³ from {} to {} (the next trial would be {:.6g}); trials:{}",
                                    given.file.string(), kMinMultiplier, kMaxMultiplier, target.changeM3,
                                    target.fromYear, target.toYear, next, listed(fit.trials)));
        a = b;
        b = run(next);
    }
    return fit;
}

}  // namespace forestsink
