#include "sim/MonteCarlo.h"

#include "common/ProgressSink.h"

#include "sim/Allocator.h"
#include "sim/CompiledProgramme.h"
#include "sim/Sampling.h"
#include "sim/programmes/ProgrammeKinds.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

namespace forestsink {

namespace {

// Years until planted (afforestation) or closed (closure) land becomes
// forest, times a drawn factor, rounded and kept within the kinds' ranges;
// the species table's closure years too (sim/Plantations.h).
void drawClosureTime(Scenario& scenario, double factor) {
    scenario.plantations.closureTimeFactor = factor;
    for (auto& p : scenario.programmes) {
        if (p.kind != ProgrammeKind::Afforestation && p.kind != ProgrammeKind::Closure) continue;
        const long least = p.kind == ProgrammeKind::Closure ? 1 : 0;
        p.yearsToForest = static_cast<int>(std::clamp(std::lround(p.yearsToForest * factor), least, 50L));
    }
}

// One equation set for every group, chosen by the draw's uniform number u
// against the cumulative weights; the drawn slope multiplier applies to it.
void drawBiomassEquations(SpeciesTable& species, const EquationDraw& draw, double u, double slope) {
    std::size_t k = 0;
    for (double cumulative = draw.weights[0]; k + 1 < draw.choices.size() && u >= cumulative;)
        cumulative += draw.weights[++k];
    std::vector<SpeciesGroup> groups = species.groups();
    for (auto& g : groups) {
        const BiomassLine& line = *g.biomassLines[static_cast<int>(draw.choices[k])];  // checked at loading
        g.biomassA = line.a, g.biomassB = line.b * slope, g.biomassSource = line.source;
    }
    const std::filesystem::path path = species.path();
    species = SpeciesTable::fromGroups(std::move(groups));
    species.setPath(path);
}

}  // namespace

DrawInputs makeDraw(const Scenario& base, const SpeciesTable& species, int draw) {
    const UncertaintySpec& u = base.uncertainty;
    Rng rng(mixHash(base.seed ^ mixHash(0xD4A3ULL + static_cast<uint64_t>(draw))));
    auto factor = [&](const std::optional<Distribution>& d) { return d ? sample(*d, rng) : 1.0; };
    DrawInputs in{base, species, {}, 1.0};
    // Each draw also places its random disturbances and ties anew.
    in.scenario.seed = mixHash(base.seed + 0x5EEDULL * static_cast<uint64_t>(draw + 1));

    const double growth = factor(u.growth);
    in.growthFactor.fill(static_cast<float>(growth));
    for (const auto& [name, d] : u.growthBySpecies) {
        const int s = resolveSpecies(SpeciesChoice{false, name, d.where}, species);
        in.growthFactor[s] = static_cast<float>(growth * sample(d, rng));
    }
    const double slope = factor(u.biomassSlope), cf = factor(u.carbonFraction), rsr = factor(u.rootShoot);
    std::vector<SpeciesGroup> groups = species.groups();
    for (auto& g : groups) {
        g.biomassB *= slope;
        g.carbonFraction *= cf;
        g.rootShoot *= rsr;
    }
    in.species = SpeciesTable::fromGroups(std::move(groups));
    in.species.setPath(species.path());
    const double survival = factor(u.survival), disturbance = factor(u.disturbanceRate);
    in.scenario.plantations.survivalFactor = survival;  // each plantation's survival at its check
    for (auto& p : in.scenario.programmes) {
        const ProgrammeKindRule& kind = programmeKind(p.kind);
        if (kind.plantsTrees(p)) p.stocking *= survival;
        if (kind.traits().drawnAsDisturbance) {
            if (p.areaHaPerYear) *p.areaHaPerYear *= disturbance;
            if (p.areaHaTotal) *p.areaHaTotal *= disturbance;
            if (p.ratePerYear) *p.ratePerYear = std::min(1.0, *p.ratePerYear * disturbance);
            for (auto& [region, ha] : p.areaHaPerYearByRegion) ha *= disturbance;
        }
    }
    // Draws added later come last, so that scenarios without them keep their streams.
    if (u.standAge) in.ageFactor = sample(*u.standAge, rng);
    if (u.closureTime) drawClosureTime(in.scenario, sample(*u.closureTime, rng));
    if (u.biomassEquations) drawBiomassEquations(in.species, *u.biomassEquations, rng.uniform(), slope);
    return in;
}

std::vector<DrawResult> runDraws(const Scenario& scenario, const SpeciesTable& species, const CellState& initial,
                                 const ThreadRunner& runner, int draws, ProgressSink* progress) {
    std::vector<int> all(static_cast<std::size_t>(std::max(0, draws)));
    std::iota(all.begin(), all.end(), 0);
    return runDraws(scenario, species, initial, runner, all, progress);
}

std::vector<DrawResult> runDraws(const Scenario& scenario, const SpeciesTable& species, const CellState& initial,
                                 const ThreadRunner& runner, const std::vector<int>& which, ProgressSink* progress,
                                 const ProcessGroup& bands) {
    const bool banded = bands.size() > 1;  // one draw at a time, with all the threads, on every rank
    std::vector<DrawResult> results(which.size());
    if (progress) progress->stage("Monte Carlo draws", static_cast<double>(which.size()));
    std::vector<std::function<void()>> jobs;
    for (std::size_t k = 0; k < which.size(); ++k)
        jobs.push_back([&, k] {
            const DrawInputs in = makeDraw(scenario, species, which[k]);
            Simulation sim(in.scenario, in.species, initial, ThreadRunner(banded ? runner.threads() : 1, runner.tileRows()),
                           {}, bands);
            sim.setSpeciesGrowthFactors(in.growthFactor);
            sim.scaleInputAges(in.ageFactor);
            DrawResult r;
            r.years = runAllYears(sim, scenario);
            for (auto& y : r.years) y.programmes.clear(), y.flows.clear();
            for (const auto& o : evaluateTargets(in.scenario, r.years, initial.regions)) r.reached.push_back(o.reached);
            results[k] = std::move(r);
            if (progress) progress->advance();
        });
    if (banded)
        for (const auto& job : jobs) job();
    else
        runner.runAll(jobs);
    if (progress) progress->endStage();
    return results;
}

std::vector<double> targetProbabilities(const std::vector<DrawResult>& draws, std::size_t targets) {
    std::vector<double> p(targets, 0.0);
    for (const auto& d : draws)
        for (std::size_t t = 0; t < targets; ++t) p[t] += d.reached[t] ? 1.0 : 0.0;
    for (double& v : p) v /= static_cast<double>(draws.size());
    return p;
}

}  // namespace forestsink
