#include "sim/Contributions.h"

#include <numeric>

namespace forestsink {

Contribution contributionOf(std::string name, std::string kind, const std::vector<YearRecord>& with,
                            const std::vector<YearRecord>& without, std::vector<double> cumulativeCostYuan) {
    Contribution c{std::move(name), std::move(kind), {}, {}, std::move(cumulativeCostYuan)};
    for (std::size_t y = 0; y < with.size(); ++y) {
        c.additionalStockM3.push_back(with[y].totals.province[kStockM3] - without.at(y).totals.province[kStockM3]);
        c.additionalCo2eT.push_back(co2eOfTotals(with[y].totals.province) - co2eOfTotals(without.at(y).totals.province));
    }
    return c;
}

ContributionRuns measureContributions(const Scenario& plan, const std::vector<YearRecord>& planYears,
                                      const Scenario& baseline, const SpeciesTable& species,
                                      const std::function<CellState(const Scenario&)>& initialFor,
                                      const ThreadRunner& runner, const ContributionPlan& how,
                                      ProgressSink* progress) {
    ContributionRuns runs;
    {
        Simulation base(baseline, species, initialFor(baseline), runner, {}, *how.bands);
        runs.baselineYears = runAllYears(base, baseline);
        runs.baselineRegions = base.state().regions;
        if (progress) progress->advance();
    }
    std::vector<double> planCost;
    for (std::size_t y = 0; y < planYears.size(); ++y) planCost.push_back(totalCostYuan(planYears, y, plan));
    runs.contributions.push_back(
        contributionOf("all programmes (plan - baseline)", "all", planYears, runs.baselineYears, planCost));

    if (!how.eachProgramme) return runs;
    std::vector<std::size_t> all(plan.programmes.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    RunsWithout without = runWithoutProgrammes(plan, how.withoutHere.value_or(all), species, initialFor, runner,
                                               how.parallelRuns, progress, *how.bands);
    if (how.runsElsewhere) how.runsElsewhere(without);
    for (std::size_t i : all) {
        const ProgrammeSpec& p = plan.programmes[i];
        std::vector<double> cost;
        for (std::size_t y = 0; y < planYears.size(); ++y)
            cost.push_back(treatedCostYuan(planYears, y, static_cast<int>(i), p.costYuanPerHa));
        runs.contributions.push_back(contributionOf(p.name, kindName(p.kind), planYears, without.at(i), std::move(cost)));
    }
    return runs;
}

RunsWithout runWithoutProgrammes(const Scenario& plan, const std::vector<std::size_t>& which,
                                 const SpeciesTable& species,
                                 const std::function<CellState(const Scenario&)>& initialFor,
                                 const ThreadRunner& runner, bool parallel, ProgressSink* progress,
                                 const ProcessGroup& bands) {
    parallel = parallel && bands.size() == 1;  // the ranks' collectives run one simulation at a time
    const ThreadRunner jobRunner(parallel ? 1 : runner.threads(), runner.tileRows());
    std::vector<std::vector<YearRecord>> years(which.size());
    std::vector<std::function<void()>> jobs;
    for (std::size_t k = 0; k < which.size(); ++k)
        jobs.push_back([&, k] {
            std::vector<bool> enabled(plan.programmes.size(), true);
            enabled.at(which[k]) = false;
            Simulation without(plan, species, initialFor(plan), jobRunner, enabled, bands);
            years[k] = runAllYears(without, plan);
            if (progress) progress->advance();
        });
    if (parallel)
        runner.runAll(jobs);
    else
        for (const auto& job : jobs) job();
    RunsWithout runs;
    for (std::size_t k = 0; k < which.size(); ++k) runs.emplace(which[k], std::move(years[k]));
    return runs;
}

}  // namespace forestsink
