#include "sim/programmes/ProgrammeKinds.h"
#include "app/RunCommand.h"

#include "app/Console.h"
#include "app/RunOnRanks.h"
#include "app/ConsoleSummary.h"
#include "app/Progress.h"
#include "app/WriteFailure.h"
#include "common/Error.h"
#include "common/MemoryUse.h"
#include "common/Version.h"
#include "report/ContributionsTable.h"
#include "report/QgisProject.h"
#include "report/Report.h"
#include "report/ReportRasters.h"
#include "report/RunJson.h"
#include "report/SummaryTable.h"
#include "report/UncertaintyTable.h"
#include "sim/CompiledProgramme.h"
#include "sim/MemoryNeed.h"

#include <algorithm>
#include <chrono>

namespace forestsink {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// What every step of a run shares.
struct RunContext {
    const Scenario& scenario;
    const SpeciesTable& species;
    const RunOptions& options;
    OutputFolder& out;
    ThreadRunner runner;
    Console console;
    std::vector<std::string> outputs;  // relative paths, in the order written
    RunRecord record;                  // run.json
    Clock::time_point start = Clock::now();  // after the inputs were read (record.timings.loadInputs)
    double secondsSoFar() const { return record.timings.loadInputs + secondsSince(start); }
};

// The run's own state, plus a copy of the initial state when draws or
// contributions need one later and it fits; otherwise the inputs are read
// again for each later run, one at a time.
struct MemoryPlan {
    int statesFit = 0;
    std::optional<CellState> initial;
};

std::optional<Scenario> baselineOf(const Scenario& scenario, const RunOptions& options) {
    if (!scenario.baseline || options.contributions == ContributionsMode::None) return std::nullopt;
    Scenario baseline = loadScenario(*scenario.baseline, programmeKinds());
    baseline.seed = scenario.seed;
    baseline.carbon = scenario.carbon;  // the same pools, or the CO2e each programme adds would compare different things
    return baseline;
}

const char* contributionsName(ContributionsMode mode) {
    return mode == ContributionsMode::All ? "all" : mode == ContributionsMode::Plan ? "plan" : "none";
}

// Options that change nothing for this scenario, said rather than dropped silently.
void warnIgnoredOptions(const Console& console, const Scenario& scenario, const std::optional<Scenario>& baseline,
                        const RunOptions& options, int draws) {
    const char* mode = contributionsName(options.contributions);
    if (!scenario.baseline && options.contributionsGiven && options.contributions != ContributionsMode::None)
        console.warn("--contributions {} is ignored: the scenario names no baseline (add baseline = \"FILE\" to it "
                     "or give --baseline FILE)", mode);
    if (options.baseline && !baseline)
        console.warn("--baseline is ignored with --contributions none: no baseline run, no contributions.csv");
    if (draws > 0 && !scenario.uncertainty.varies())
        console.warn("{} draws of a scenario without an [uncertainty] table are {} identical runs: add "
                     "[uncertainty] (scenarios/README.md) to draw growth, survival or carbon parameters",
                     draws, draws);
}

// Records what was loaded, and says so.
void describeInputs(RunContext& run, const LoadedState& loaded, double loadSeconds) {
    RunRecord& r = run.record;
    r.grid = loaded.state.grid;
    r.firstRowCellAreaHa = loaded.state.cellAreaHa.at(0, 0);
    r.studyCells = static_cast<std::size_t>(std::count_if(loaded.state.landClass.begin(), loaded.state.landClass.end(),
                                                          [](LandClass c) { return c != LandClass::Outside; }));
    r.stateBytes = loaded.state.cellCount() * CellState::kBytesPerCell + loaded.state.cells.indexBytes();
    r.notes = loaded.notes;
    r.timings.loadInputs = loadSeconds;
    for (const auto& note : loaded.notes) run.console.say("note: {}\n", note);
    run.console.say("grid: {}; state {:.2f} GB ({} bytes per study cell, {} study cells); {} threads, tiles of {} "
                    "rows; inputs read in {:.2f} s\n",
                    r.grid.describe(), r.stateBytes / 1e9, CellState::kBytesPerCell, r.studyCells, run.runner.threads(),
                    run.runner.tileRows(), loadSeconds);
}

MemoryPlan planMemory(RunContext& run, const CellState& loaded, bool hasBaseline) {
    MemoryPlan plan;
    plan.statesFit = statesThatFit(run.record.stateBytes, kRunReservedBytes);
    requireMemoryForDraws(run.record.draws, run.record.stateBytes, plan.statesFit);
    if ((run.record.draws > 0 || hasBaseline) && plan.statesFit >= 2) plan.initial = loaded;
    run.record.initialStateKept = plan.initial.has_value();
    return plan;
}

bool sameInputs(const Scenario& a, const Scenario& b) {
    const auto la = a.layers(), lb = b.layers();
    if (la.size() != lb.size() || a.startYear != b.startYear || a.endYear != b.endYear) return false;
    for (std::size_t i = 0; i < la.size(); ++i)
        if (la[i]->inputIdentity() != lb[i]->inputIdentity())
            return false;
    return std::filesystem::weakly_canonical(a.speciesTable) == std::filesystem::weakly_canonical(b.speciesTable);
}

// The initial state of scenario `s`: the kept copy when it has the same inputs, or its inputs read again.
std::function<CellState(const Scenario&)> initialStates(const RunContext& run, const MemoryPlan& memory) {
    return [&run, &memory](const Scenario& s) -> CellState {
        if (memory.initial && sameInputs(run.scenario, s)) return *memory.initial;
        return loadState(s, run.species, run.runner).state;
    };
}

bool isReportYear(const Scenario& scenario, int year) {
    return std::binary_search(scenario.reportYears.begin(), scenario.reportYears.end(), year);
}

// The rasters of a report year, and the carbon a year before a report year
// (its sequestration layer reads it), streamed from the state as the years pass.
class RasterWriter {
public:
    explicit RasterWriter(RunContext& run) : run_(run) {}

    void write(const YearRecord& r, const Simulation& s) {
        const Scenario& scenario = run_.scenario;
        const int year = r.totals.year;
        if (isReportYear(scenario, year)) {
            const auto t = Clock::now();
            const bool hasPrevious = previousCarbonYear_ == year - 1;
            if (run_.console.progress) run_.console.progress->detail(fmt::format("{} rasters", year));
            for (auto& f : writeReportRasters(run_.out, year, scenario, run_.species, s.state(), s.biomass(),
                                              hasPrevious ? previousCarbon_ : std::nullopt, run_.runner,
                                              run_.console.progress))
                run_.outputs.push_back(f);
            seconds += secondsSince(t);
        }
        if (isReportYear(scenario, year + 1)) {
            const auto t = Clock::now();
            previousCarbon_ = run_.out.scratchPath(fmt::format("carbon_{}.tif", year));
            writeCarbonSnapshot(*previousCarbon_, s.state(), s.biomass());
            previousCarbonYear_ = year;
            seconds += secondsSince(t);
        }
    }

    double seconds = 0;

private:
    RunContext& run_;
    std::optional<std::filesystem::path> previousCarbon_;  // a scratch snapshot, a year before a report year
    int previousCarbonYear_ = -1;
};

// The years of the scenario, with the report-year rasters written as they pass.
void simulate(RunContext& run, CellState initial, RunResult& result) {
    const Scenario& scenario = run.scenario;
    Progress* progress = run.console.progress;
    std::optional<Simulation> simulation(std::in_place, scenario, run.species, std::move(initial), run.runner);
    const int years = scenario.endYear - scenario.startYear + 1;
    if (progress) progress->stage("simulate", years + static_cast<double>(scenario.reportYears.size()));
    RasterWriter rasters(run);
    const auto start = Clock::now();
    result.years = runAllYears(*simulation, scenario, [&](const YearRecord& r, const Simulation& s) {
        if (progress) progress->detail(std::to_string(r.totals.year));
        if (progress) progress->advance();
        printYearLine(run.console, r);
        rasters.write(r, s);
    });
    if (progress) progress->endStage();
    run.record.timings.simulateParts = simulation->stageSeconds();
    simulation.reset();  // frees the state before the later runs
    run.record.peakMainRunBytes = peakResidentBytes();
    for (auto& f : writeLayerStacks(run.out, scenario, run.species)) run.outputs.push_back(f);
    run.outputs.push_back(writeQgisProject(run.out, scenario, run.species, run.record.grid));
    run.record.timings.writeRasters = rasters.seconds;
    run.record.timings.simulate = secondsSince(start) - rasters.seconds;
}

// What this rank (rank 0) did, for run.json beside the other ranks' records.
RankShare shareOfFirstRank(const RunContext& run) {
    RankShare mine;
    mine.record.threads = run.runner.threads();
    mine.record.stateBytes = run.record.stateBytes;
    return mine;
}

// Monte Carlo draws: percentiles per year, region and metric, and the
// probability of reaching each target. In an MPI job every rank runs its share
// of the draws; rank 0 gathers them (and every rank's record) even with none.
void runMonteCarlo(RunContext& run, const MemoryPlan& memory, const std::vector<Region>& regions, RunResult& result) {
    const ProcessGroup& ranks = *run.options.processes;
    const int draws = run.record.draws;
    const auto t = Clock::now();
    RankShare mine = shareOfFirstRank(run);
    if (draws > 0) {
        run.console.say("Monte Carlo: {} draws{}\n", draws,
                        ranks.size() > 1 ? fmt::format(" over {} MPI ranks", ranks.size()) : "");
        mine.draws = jobsOfThisRank(draws, ranks);
        // Each draw in flight holds its own state.
        const ThreadRunner drawRunner(std::max(1, std::min(run.runner.threads(), memory.statesFit - 1)),
                                      run.runner.tileRows());
        mine.results = runDraws(run.scenario, run.species, *memory.initial, drawRunner, mine.draws,
                                run.console.progress);
        mine.record.draws = static_cast<int>(mine.draws.size());
    }
    mine.record.seconds = run.secondsSoFar();
    mine.record.peakResidentBytes = peakResidentBytes();
    GatheredDraws all = gatherShares(ranks, std::move(mine), draws);
    run.record.mpiRanks = ranks.size();
    run.record.ranks = std::move(all.ranks);
    if (draws <= 0) return;
    result.draws = std::move(all.draws);
    writeUncertaintyCsv(run.out.stagingPath("uncertainty.csv"), result.draws, regions,
                        run.scenario.uncertainty.percentiles);
    run.outputs.push_back("uncertainty.csv");
    result.probability = targetProbabilities(result.draws, run.scenario.targets.size());
    const double seconds = secondsSince(t);
    run.record.timings.monteCarlo = seconds;
    run.console.say("Monte Carlo: {} draws in {:.2f} s ({:.2f} draws/s)\n", draws, seconds, draws / seconds);
}

void writeTables(RunContext& run, const std::vector<Region>& regions, const RunResult& result) {
    writeSummaryCsv(run.out.stagingPath("summary.csv"), result.years, regions);
    writeProgrammesCsv(run.out.stagingPath("programmes.csv"), result.years, regions, run.scenario);
    writeTargetsCsv(run.out.stagingPath("targets.csv"), result.targets, result.probability);
    for (const char* f : {"summary.csv", "programmes.csv", "targets.csv"}) run.outputs.push_back(f);
}

// What each programme buys: the plan against the baseline, and, with
// `--contributions all`, against the plan without each programme.
void measureAgainstBaseline(RunContext& run, const Scenario& baseline, const MemoryPlan& memory, RunResult& result) {
    const auto t = Clock::now();
    const Scenario& scenario = run.scenario;
    const ProcessGroup& ranks = *run.options.processes;
    ContributionPlan how;
    how.eachProgramme = run.options.contributions == ContributionsMode::All;
    std::size_t withoutHere = scenario.programmes.size();
    if (how.eachProgramme && ranks.size() > 1) {  // shared out over the ranks (app/RunOnRanks.h)
        how.withoutHere.emplace();
        for (int p : jobsOfThisRank(static_cast<int>(scenario.programmes.size()), ranks))
            how.withoutHere->push_back(static_cast<std::size_t>(p));
        withoutHere = how.withoutHere->size();
        how.runsElsewhere = [&](RunsWithout& runs) {
            const std::vector<RankRecord> others = gatherRunsWithout(ranks, runs, scenario.programmes.size());
            std::copy(others.begin(), others.end(), run.record.ranks.begin() + 1);
        };
    }
    // Runs without a programme side by side when a state per thread fits.
    how.parallelRuns = memory.initial && memory.statesFit >= 1 + run.runner.threads();
    run.console.say("baseline: {}{}\n", baseline.name,
                    how.eachProgramme
                        ? fmt::format(" ({} programmes left out one at a time)", scenario.programmes.size())
                        : "");
    Progress* progress = run.console.progress;
    if (progress) progress->stage("contributions", 1.0 + (how.eachProgramme ? static_cast<double>(withoutHere) : 0.0));
    ContributionRuns runs = measureContributions(scenario, result.years, baseline, run.species,
                                                 initialStates(run, memory), run.runner, how, progress);
    if (progress) progress->endStage();
    if (how.eachProgramme) {  // rank 0's record, now that its runs are done
        RankRecord& first = run.record.ranks.at(0);
        first.runsWithout = static_cast<int>(withoutHere);
        first.seconds = run.secondsSoFar();
        first.peakResidentBytes = peakResidentBytes();
    }
    result.contributions = std::move(runs.contributions);
    result.baselineYears = std::move(runs.baselineYears);
    result.baselineRegions = std::move(runs.baselineRegions);
    writeContributionsCsv(run.out.stagingPath("contributions.csv"), result.contributions, scenario.startYear,
                          scenario.carbonPriceYuanPerTCo2e);
    writeSummaryCsv(run.out.stagingPath("baseline/summary.csv"), result.baselineYears, result.baselineRegions);
    run.outputs.push_back("contributions.csv");
    run.outputs.push_back("baseline/summary.csv");
    run.record.timings.contributions = secondsSince(t);
}

// The planner's report: maps, charts and report.html.
void writePlannerReport(RunContext& run, const RunResult& result) {
    const auto t = Clock::now();
    ReportInputs report;
    report.scenario = &run.scenario;
    report.species = &run.species;
    report.result = &result;
    report.baseline = result.baselineYears.empty() ? nullptr : &result.baselineYears;
    report.draws = result.draws.empty() ? nullptr : &result.draws;
    report.notes = run.record.notes;
    report.gridDescription = run.record.grid.describe();
    for (auto& f : writeReport(run.out, report)) run.outputs.push_back(f);
    run.record.timings.report = secondsSince(t);
}

void writeRunRecord(RunContext& run, const RunResult& result) {
    for (const auto& y : result.years)
        run.record.maxBalanceErrorM3 = std::max(run.record.maxBalanceErrorM3, y.balanceError);
    run.record.outputs = run.outputs;
    run.record.timings.total = run.secondsSoFar();
    writeRunJson(run.out.stagingPath("run.json"), run.record);
    run.outputs.push_back("run.json");
}

}  // namespace

RunResult runScenario(const RunOptions& options) {
    Scenario scenario = loadScenario(options.scenario, programmeKinds());
    if (options.seed) scenario.seed = *options.seed;
    if (options.baseline) scenario.baseline = std::filesystem::absolute(*options.baseline);
    const SpeciesTable species = loadSpeciesTable(scenario);
    checkProgrammeSpecies(scenario, species);
    if (!options.processes->isFirst()) {  // an MPI rank that helps rank 0 with the draws
        runShareOfRun(scenario, species, options);
        return {};
    }
    OutputFolder out(options.outDir);  // locks and checks --out before any work
    // A run that cannot fit is refused by loadState before its state is
    // allocated; draws that cannot fit beside it, once its size is known (planMemory).
    Console{options.log, options.progress}.say("forestsink {}: {}\n", kVersion, scenario.name);
    const auto loadStart = Clock::now();
    LoadedState loaded = loadState(scenario, species, ThreadRunner(options.threads, options.tileRows), options.progress);
    return runPrepared(scenario, species, std::move(loaded), secondsSince(loadStart), out, options);
}

RunResult runPrepared(const Scenario& scenario, const SpeciesTable& species, LoadedState loaded,
                      double loadSeconds, OutputFolder& out, const RunOptions& options) {
    RunContext run{scenario, species, options, out, ThreadRunner(options.threads, options.tileRows),
                   Console{options.log, options.progress}, {}, {}};
    const std::optional<Scenario> baseline = baselineOf(scenario, options);
    run.record.scenario = &scenario;
    run.record.baseline = baseline ? &*baseline : nullptr;
    run.record.commandLine = options.commandLine;
    run.record.draws = options.draws.value_or(scenario.uncertainty.draws);
    run.record.contributions = contributionsName(options.contributions);
    run.record.threads = run.runner.threads();
    run.record.tileRows = run.runner.tileRows();
    warnIgnoredOptions(run.console, scenario, baseline, options, run.record.draws);
    if (options.processes->size() > 1 && run.record.draws == 0 && !runsWithoutEachProgramme(scenario, options))
        run.console.warn("{} MPI ranks, but no draws and no runs without each programme: ranks 1 to {} have nothing "
                         "to do. One run is not split over ranks; MPI shares out --draws, the runs of "
                         "--contributions all and the variants of a batch",
                         options.processes->size(), options.processes->size() - 1);

    describeInputs(run, loaded, loadSeconds);
    const std::vector<Region> regions = loaded.state.regions;
    for (const TargetSpec& t : scenario.targets) targetRegionIndex(t, regions);  // before the years run
    const MemoryPlan memory = planMemory(run, loaded.state, baseline.has_value());
    RunResult result;
    result.regions = regions;
    try {
        simulate(run, std::move(loaded.state), result);  // the simulation takes the loaded state over: no copy
        result.targets = evaluateTargets(scenario, result.years, regions);
        runMonteCarlo(run, memory, regions, result);
        writeTables(run, regions, result);
        if (baseline) measureAgainstBaseline(run, *baseline, memory, result);
        writePlannerReport(run, result);
        writeRunRecord(run, result);
        out.commit();
    } catch (...) {
        rethrowWriteFailure(out.root());  // a full disk says so, naming --out
    }
    printRunSummary(run.console, scenario, result);
    run.console.say("Outputs in {} ({} files, {:.1f} s)\n", out.root().string(), run.outputs.size(),
                    secondsSince(run.start));
    return result;
}

}  // namespace forestsink
