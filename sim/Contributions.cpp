#include "sim/Contributions.h"

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
        Simulation base(baseline, species, initialFor(baseline), runner);
        runs.baselineYears = runAllYears(base, baseline);
        runs.baselineRegions = base.state().regions;
        if (progress) progress->advance();
    }
    std::vector<double> planCost;
    for (std::size_t y = 0; y < planYears.size(); ++y) planCost.push_back(totalCostYuan(planYears, y, plan));
    runs.contributions.push_back(
        contributionOf("all programmes (plan - baseline)", "all", planYears, runs.baselineYears, planCost));

    // The plan without each programme in turn: independent runs, one per job.
    const ThreadRunner jobRunner(how.parallelRuns ? 1 : runner.threads(), runner.tileRows());
    std::vector<Contribution> perProgramme(how.eachProgramme ? plan.programmes.size() : 0);
    std::vector<std::function<void()>> jobs;
    for (std::size_t i = 0; i < perProgramme.size(); ++i)
        jobs.push_back([&, i] {
            const ProgrammeSpec& p = plan.programmes[i];
            std::vector<bool> enabled(plan.programmes.size(), true);
            enabled[i] = false;
            Simulation without(plan, species, initialFor(plan), jobRunner, enabled);
            const auto withoutYears = runAllYears(without, plan);
            std::vector<double> cost;
            for (std::size_t y = 0; y < planYears.size(); ++y)
                cost.push_back(treatedCostYuan(planYears, y, static_cast<int>(i), p.costYuanPerHa));
            perProgramme[i] = contributionOf(p.name, kindName(p.kind), planYears, withoutYears, std::move(cost));
            if (progress) progress->advance();
        });
    if (how.parallelRuns)
        runner.runAll(jobs);
    else
        for (const auto& job : jobs) job();
    for (auto& c : perProgramme) runs.contributions.push_back(std::move(c));
    return runs;
}

}  // namespace forestsink
