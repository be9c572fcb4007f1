#include "sim/Calibration.h"

#include "common/Error.h"
#include "common/ThreadRunner.h"
#include "scenarios/SpeciesGroupNamed.h"
#include "sim/Simulation.h"
#include "sim/StockByForestType.h"

#include <fmt/format.h>

#include <cmath>
#include <numeric>

namespace forestsink {
namespace {

constexpr double kMinMultiplier = 0.1, kMaxMultiplier = 5.0;  // as [growth] allows
constexpr double kFirstTrial = 1.0, kSecondTrial = 0.8;
constexpr int kMaxRuns = 30;

std::string listed(const CalibrationTarget& target, const GrowthCalibration& fit) {
    std::string out;
    for (std::size_t t = 0; t < fit.trials.size(); ++t) {
        const CalibrationTrial& trial = fit.trials[t];
        out += fmt::format("\n  run {}:", t + 1);
        for (std::size_t k = 0; k < fit.fitted.size(); ++k)
            out += fmt::format(" {} multiplier {:.6f},", target.observations[fit.fitted[k]].label, trial.multipliers[k]);
        for (std::size_t o = 0; o < target.observations.size(); ++o)
            out += fmt::format(" {} {:.6g} → {:.6g} m³ (residual {:+.6g}){}", target.observations[o].label,
                               trial.stockFromM3[o], trial.stockToM3[o], trial.residualM3[o],
                               o + 1 < target.observations.size() ? ";" : "");
    }
    return out;
}

// The scenario's [growth] with multiplier m[k] for fitted observation k: the
// common one for the province, by_species for a forest type (replacing the
// scenario's own entry for that group).
GrowthSpec withMultipliers(const GrowthSpec& given, const SpeciesTable& species, const CalibrationTarget& target,
                           const std::vector<int>& fitted, const std::vector<double>& m) {
    GrowthSpec growth = given;
    for (std::size_t k = 0; k < fitted.size(); ++k) {
        const int group = target.observations[fitted[k]].group;
        if (group == kEveryGroup) {
            growth.multiplier = m[k];
            continue;
        }
        std::erase_if(growth.bySpecies, [&](const GrowthSpec::GroupMultiplier& g) {
            return speciesGroupNamed(species, g.species, g.where, "by_species") == group;
        });
        growth.bySpecies.push_back({species.group(group).name, m[k], kFittedByCalibration});
    }
    return growth;
}

// The forest stock of an observation's types and region: the accounting's
// for every type, else the type's own sum.
double stockOf(const StockChangeObservation& o, const YearRecord& r, const StockByForestType* byType) {
    if (o.group == kEveryGroup)
        return o.regionIndex == kEveryRegion ? r.totals.province[kStockM3] : r.totals.byRegion[o.regionIndex][kStockM3];
    return o.regionIndex == kEveryRegion ? byType->province[o.group] : byType->byRegion[o.regionIndex][o.group];
}

CalibrationTrial trial(const Scenario& scenario, const SpeciesTable& species, const CellState& initial,
                       const ThreadRunner& runner, const CalibrationTarget& target, const GrowthSpec& growth) {
    const SpeciesTable scaled = applyGrowthMultipliers(growth, species);
    Simulation sim(scenario, scaled, initial, runner);
    const std::size_t n = target.observations.size();
    CalibrationTrial t;
    t.stockFromM3.assign(n, 0.0);
    t.stockToM3.assign(n, 0.0);
    t.residualM3.assign(n, 0.0);
    const bool byTypeNeeded = std::any_of(target.observations.begin(), target.observations.end(),
                                          [](const auto& o) { return o.group != kEveryGroup; });
    LandClassFlags isForest{};
    for (LandClass c : scenario.forestClasses) isForest[static_cast<int>(c)] = true;
    runAllYears(sim, scenario, [&](const YearRecord& r, const Simulation& s) {
        if (r.totals.year != target.fromYear && r.totals.year != target.toYear) return;
        StockByForestType byType;
        if (byTypeNeeded) byType = forestStockByType(s.state(), isForest, static_cast<std::size_t>(species.size()));
        auto& stock = r.totals.year == target.fromYear ? t.stockFromM3 : t.stockToM3;
        for (std::size_t o = 0; o < n; ++o) stock[o] = stockOf(target.observations[o], r, &byType);
    });
    for (std::size_t o = 0; o < n; ++o)
        t.residualM3[o] = (t.stockToM3[o] - t.stockFromM3[o]) - target.observations[o].changeM3;
    return t;
}

// The residual fitted multiplier k follows: its observation's, except that
// the province's counts only the forest types not fitted on their own (so
// that the common multiplier's secant does not see the types' moves).
double ownResidual(const CalibrationTarget& target, const GrowthCalibration& fit, const CalibrationTrial& t,
                   std::size_t k) {
    const StockChangeObservation& o = target.observations[fit.fitted[k]];
    double r = t.residualM3[fit.fitted[k]];
    if (o.group == kEveryGroup)
        for (int other : fit.fitted)
            if (target.observations[other].group != kEveryGroup) r -= t.residualM3[other];
    return r;
}

void checkObservations(const Scenario& scenario, const CalibrationTarget& target) {
    if (target.fromYear < scenario.startYear || target.toYear <= target.fromYear || target.toYear > scenario.endYear)
        throw Error(fmt::format("{}: the calibration years {} to {} must lie within the scenario's {} to {}, the "
                                "first before the second",
                                scenario.file.string(), target.fromYear, target.toYear, scenario.startYear,
                                scenario.endYear));
    const auto& obs = target.observations;
    for (std::size_t a = 0; a < obs.size(); ++a)
        for (std::size_t b = 0; b < a; ++b)
            if (obs[a].group == obs[b].group && obs[a].regionIndex == obs[b].regionIndex)
                throw Error(fmt::format("{}: two observed changes of {} ({:.6g} and {:.6g} m³); give each forest type "
                                        "and region once",
                                        scenario.file.string(), obs[a].label, obs[b].changeM3, obs[a].changeM3));
    if (std::none_of(obs.begin(), obs.end(), [](const auto& o) { return o.fitted(); }))
        throw Error(fmt::format("{}: no observed change of the province or of a forest type in the province to fit; "
                                "changes within a region are checked, not fitted ([growth] has no regional "
                                "multipliers)",
                                scenario.file.string()));
}

}  // namespace

GrowthCalibration fitGrowthMultipliers(const Scenario& given, const SpeciesTable& species, const CellState& initial,
                                       const ThreadRunner& runner, const CalibrationTarget& target) {
    checkObservations(given, target);
    Scenario scenario = given;
    scenario.endYear = target.toYear;  // later years cannot change the fit
    GrowthCalibration fit;
    for (std::size_t o = 0; o < target.observations.size(); ++o)
        if (target.observations[o].fitted()) fit.fitted.push_back(static_cast<int>(o));
    const std::size_t n = fit.fitted.size();
    auto run = [&](const std::vector<double>& m) {
        fit.growth = withMultipliers(given.growth, species, target, fit.fitted, m);
        fit.trials.push_back(trial(scenario, species, initial, runner, target, fit.growth));
        fit.trials.back().multipliers = m;
        return fit.trials.back();
    };
    auto settled = [&](const CalibrationTrial& t, std::size_t k) {
        return std::abs(ownResidual(target, fit, t, k)) <= target.toleranceM3;
    };
    auto allSettled = [&](const CalibrationTrial& t) {
        for (std::size_t k = 0; k < n; ++k)
            if (!settled(t, k)) return false;
        return true;
    };
    CalibrationTrial previous = run(std::vector<double>(n, kFirstTrial));
    if (allSettled(previous)) return fit;
    std::vector<double> prevM(n, kFirstTrial), prevR(n);
    for (std::size_t k = 0; k < n; ++k) prevR[k] = ownResidual(target, fit, previous, k);
    CalibrationTrial current = run(std::vector<double>(n, kSecondTrial));
    while (!allSettled(current)) {
        std::vector<double> next = current.multipliers;
        for (std::size_t k = 0; k < n; ++k) {
            if (settled(current, k)) continue;
            const StockChangeObservation& o = target.observations[fit.fitted[k]];
            const double m = current.multipliers[k], r = ownResidual(target, fit, current, k);
            if (r == prevR[k])
                throw Error(fmt::format("{}: the forest stock change of {} from {} to {} does not depend on its growth "
                                        "multiplier (no stand of it grows in those years{}?); trials:{}",
                                        given.file.string(), o.label, target.fromYear, target.toYear,
                                        o.group == kEveryGroup && n > 1 ? ", or every forest type is fitted on its own"
                                                                         : "",
                                        listed(target, fit)));
            next[k] = m - r * (m - prevM[k]) / (r - prevR[k]);
            if (!(next[k] >= kMinMultiplier && next[k] <= kMaxMultiplier) ||
                static_cast<int>(fit.trials.size()) >= kMaxRuns)
                throw Error(fmt::format("{}: no growth multiplier between {} and {} gives {} a forest stock change of "
                                        "{:.6g} m³ from {} to {} (the next trial would be {:.6g}); trials:{}",
                                        given.file.string(), kMinMultiplier, kMaxMultiplier, o.label, o.changeM3,
                                        target.fromYear, target.toYear, next[k], listed(target, fit)));
            prevM[k] = m;
            prevR[k] = r;
        }
        current = run(next);
    }
    return fit;
}

}  // namespace forestsink
