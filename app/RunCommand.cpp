#include "sim/programmes/ProgrammeKinds.h"
#include "app/RunCommand.h"

#include "app/Console.h"
#include "app/RunOnRanks.h"
#include "app/RunRasters.h"
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
    RunContext(const Scenario& s, const SpeciesTable& table, const RunOptions& o, OutputFolder& folder,
               const ProcessGroup& ranksOfBands)
        : scenario(s), species(table), options(o), out(folder), bands(ranksOfBands), runner(o.threads, o.tileRows),
          console{o.log, o.progress} {}

    const Scenario& scenario;
    const SpeciesTable& species;
    const RunOptions& options;
    OutputFolder& out;
    // The ranks of a run split into bands (every simulation runs on all of
    // them, each holding its band; rank 0 writes the files), or this process alone.
    const ProcessGroup& bands;
    ThreadRunner runner;
    Console console;
    std::vector<std::string> outputs;  // relative paths, in the order written
    RunRecord record;                  // run.json
    std::size_t stateBytesHere = 0;    // the state this process holds (its band, in bands)
    CellState::RowBand band;           // the grid rows it holds
    int drawsHere = 0, runsWithoutHere = 0;  // in bands (every rank runs all of them)
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
    run.band = loaded.state.band;
    run.stateBytesHere = loaded.state.stateBytes();
    const bool stands = loaded.state.hasStands();
    std::vector<int64_t> sizes = {stands ? static_cast<int64_t>(loaded.state.cells.cellCount())
                                         : std::count_if(loaded.state.landClass.begin(), loaded.state.landClass.end(),
                                                         [](LandClass c) { return c != LandClass::Outside; }),
                                  static_cast<int64_t>(run.stateBytesHere),
                                  stands ? static_cast<int64_t>(loaded.state.cellCount()) : 0};
    run.bands.sumOnAll(sizes);  // the whole grid's, in bands
    r.studyCells = static_cast<std::size_t>(sizes[0]);
    r.stateBytes = static_cast<std::size_t>(sizes[1]);
    r.stands = static_cast<std::size_t>(sizes[2]);
    r.notes = loaded.notes;
    r.timings.loadInputs = loadSeconds;
    r.timings.loadFreshMemory = loaded.freshMemorySeconds;
    for (const auto& note : loaded.notes) run.console.say("note: {}\n", note);
    run.console.say("grid: {}; state {:.2f} GB ({}{} study cells{}{}); {} threads, tiles of {} "
                    "rows; inputs read in {:.2f} s\n",
                    r.grid.describe(), r.stateBytes / 1e9, stands ? "" : fmt::format("{} bytes per study cell, ", CellState::kBytesPerCell),
                    r.studyCells, stands ? fmt::format(" holding {} stands, {:.1f} bytes each", r.stands,
                                                static_cast<double>(r.stateBytes) / static_cast<double>(r.stands))
                                          : "",
                    run.bands.size() > 1 ? fmt::format(", in {} bands of rows, one per MPI rank", run.bands.size()) : "",
                    run.runner.threads(), run.runner.tileRows(), loadSeconds);
}

MemoryPlan planMemory(RunContext& run, const CellState& loaded, bool hasBaseline) {
    MemoryPlan plan;
    plan.statesFit = statesThatFit(run.stateBytesHere, kRunReservedBytes);
    requireMemoryForDraws(run.record.draws, run.stateBytesHere, plan.statesFit);
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
    if (std::filesystem::weakly_canonical(a.speciesTable) != std::filesystem::weakly_canonical(b.speciesTable))
        return false;
    if (!resolveGrid(a).sameAs(resolveGrid(b))) return false;
    // On a grid of stands, b's eligibility tests must be among those a's stands carry (sim/Stands.h).
    const std::vector<std::string> carried = standEligibilityTests(a), needed = standEligibilityTests(b);
    return std::includes(carried.begin(), carried.end(), needed.begin(), needed.end());
}

// The initial state of scenario `s`: the kept copy when it has the same inputs, or its inputs read again
// (each rank its band, in bands).
std::function<CellState(const Scenario&)> initialStates(const RunContext& run, const MemoryPlan& memory) {
    return [&run, &memory](const Scenario& s) -> CellState {
        if (memory.initial && sameInputs(run.scenario, s)) return *memory.initial;
        return loadState(s, run.species, run.runner, nullptr, run.bands).state;
    };
}

// A note for each eligibility raster tested on a grid coarser than its own
// (issue 19 item 4): the area its cells pass, and what the grid selected.
void describeEligibilityRasters(RunContext& run, const Simulation& simulation) {
    for (const CompiledProgramme& p : simulation.programmes()) {
        const EligibilityRasterArea& a = p.rasterArea;
        if (a.mixedCells == 0) continue;
        const auto& r = *p.spec->eligible.raster;
        const std::string note = a.onStands ? fmt::format(
            "programme '{}': its eligibility raster ({}, {:g}–{:g}) was tested on its own cells as the stands were "
            "built; {} cells of this grid hold stands that pass and stands that fail, and the stands that pass cover "
            "{:.1f} ha",
            p.spec->name, r.path.filename().string(), r.min, r.max, a.mixedCells, a.selectedHa()) : fmt::format(
            "programme '{}': its eligibility raster ({}, {:g}–{:g}) passes on {:.1f} ha of its own cells; on this "
            "grid {} cells hold passing and failing cells; each is taken whole or not at all, with a chance equal to its "
            "passing share (systematic along each row), and the cells selected cover {:.1f} ha ({:+.2f} %)",
            p.spec->name, r.path.filename().string(), r.min, r.max, a.passingHa(), a.mixedCells, a.selectedHa(),
            a.passingMicroHa > 0 ? 100.0 * (a.selectedHa() / a.passingHa() - 1.0) : 0.0);
        run.record.notes.push_back(note);
        run.console.say("note: {}\n", note);
    }
}

// The years of the scenario, with the report-year rasters written as they pass.
void simulate(RunContext& run, CellState initial, RunResult& result) {
    const Scenario& scenario = run.scenario;
    Progress* progress = run.console.progress;
    const CellState::RowBand band = initial.band;
    std::optional<Simulation> simulation(std::in_place, scenario, run.species, std::move(initial), run.runner,
                                         std::vector<bool>{}, run.bands);
    describeEligibilityRasters(run, *simulation);
    const int years = scenario.endYear - scenario.startYear + 1;
    if (progress) progress->stage("simulate", years + static_cast<double>(scenario.reportYears.size()));
    RunRasters rasters(run.out, scenario, run.species, run.runner, progress, run.bands, band);
    const auto start = Clock::now();
    result.years = runAllYears(*simulation, scenario, [&](const YearRecord& r, const Simulation& s) {
        if (progress) progress->detail(std::to_string(r.totals.year));
        if (progress) progress->advance();
        printYearLine(run.console, r);
        rasters.afterYear(r.totals.year, s);
    });
    rasters.finish();
    if (progress) progress->endStage();
    run.record.timings.simulate = secondsSince(start) - rasters.seconds();
    run.record.timings.simulateParts = simulation->stageSeconds();
    simulation.reset();  // frees the state before the later runs
    run.record.peakMainRunBytes = peakResidentBytes();
    run.outputs.insert(run.outputs.end(), rasters.files().begin(), rasters.files().end());
    const auto stacks = Clock::now();  // the layer stacks and the QGIS project count as writing, not simulating
    if (run.bands.isFirst()) {
        for (auto& f : writeLayerStacks(run.out, scenario, run.species)) run.outputs.push_back(f);
        run.outputs.push_back(writeQgisProject(run.out, scenario, run.species, run.record.grid));
    }
    run.record.timings.writeRasters = rasters.seconds() + secondsSince(stacks);
}

// What this process did, for run.json beside the other ranks' records.
RankShare shareOfThisRank(const RunContext& run) {
    RankShare mine;
    mine.record.rank = run.options.processes->rank();
    mine.record.threads = run.runner.threads();
    mine.record.stateBytes = run.stateBytesHere;
    mine.record.firstRow = run.band.first;
    mine.record.rowCount = run.band.count;
    return mine;
}

// The draws this process runs and their results. Split into bands, every rank
// runs every draw together; otherwise each rank runs its share
// (app/RunOnRanks.h), several at once when their states fit.
RankShare runDrawsHere(const RunContext& run, const MemoryPlan& memory) {
    const ProcessGroup& ranks = *run.options.processes;
    const int draws = run.record.draws;
    RankShare mine = shareOfThisRank(run);
    if (draws <= 0) return mine;
    const bool inBands = run.bands.size() > 1;
    run.console.say("Monte Carlo: {} draws{}\n", draws,
                    inBands            ? fmt::format(", each split into {} bands of rows", ranks.size())
                    : ranks.size() > 1 ? fmt::format(" over {} MPI ranks", ranks.size())
                                       : "");
    mine.draws = inBands ? jobsOfRank(draws, 0, 1) : jobsOfThisRank(draws, ranks);
    // Each draw in flight holds its own state.
    const ThreadRunner drawRunner(std::max(1, std::min(run.runner.threads(), memory.statesFit - 1)),
                                  run.runner.tileRows());
    mine.results = runDraws(run.scenario, run.species, *memory.initial, inBands ? run.runner : drawRunner, mine.draws,
                            run.console.progress, run.bands);
    mine.record.draws = static_cast<int>(mine.draws.size());
    return mine;
}

// Monte Carlo draws: percentiles per year, region and metric, and the
// probability of reaching each target. When the ranks share out the draws,
// rank 0 gathers them (and every rank's record) even with none.
void runMonteCarlo(RunContext& run, const MemoryPlan& memory, const std::vector<Region>& regions, RunResult& result) {
    const ProcessGroup& ranks = *run.options.processes;
    const int draws = run.record.draws;
    const auto t = Clock::now();
    RankShare mine = runDrawsHere(run, memory);
    if (run.bands.size() > 1) {  // every rank holds every draw; the records are gathered at the end
        run.drawsHere = static_cast<int>(mine.draws.size());
        result.draws = std::move(mine.results);
    } else {
        mine.record.seconds = run.secondsSoFar();
        mine.record.peakResidentBytes = peakResidentBytes();
        mine.record.simulatedYears = static_cast<int>(result.years.size()) * (1 + static_cast<int>(mine.draws.size()));
        mine.record.communication = ranks.traffic();
        GatheredDraws all = gatherShares(ranks, std::move(mine), draws);
        run.record.ranks = std::move(all.ranks);
        result.draws = std::move(all.draws);
    }
    if (draws <= 0 || !run.bands.isFirst()) return;
    writeUncertaintyCsv(run.out.stagingPath("uncertainty.csv"), result.draws, regions,
                        run.scenario.uncertainty.percentiles);
    run.outputs.push_back("uncertainty.csv");
    result.probability = targetProbabilities(result.draws, run.scenario.targets.size());
    const double seconds = secondsSince(t);
    run.record.timings.monteCarlo = seconds;
    // Slow draws (a 30 m province) in seconds per draw: 0.00 draws/s says nothing.
    if (draws >= seconds) run.console.say("Monte Carlo: {} draws in {:.2f} s ({:.2f} draws/s)\n", draws, seconds, draws / seconds);
    else run.console.say("Monte Carlo: {} draws in {:.2f} s ({:.1f} s per draw)\n", draws, seconds, seconds / draws);
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
    how.bands = &run.bands;
    std::size_t withoutHere = scenario.programmes.size();
    if (how.eachProgramme && ranks.size() > 1 && run.bands.size() == 1) {  // shared out over the ranks (app/RunOnRanks.h)
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
    if (how.eachProgramme && run.bands.size() > 1) run.runsWithoutHere = static_cast<int>(withoutHere);
    if (how.eachProgramme && run.bands.size() == 1) {  // rank 0's record, now that its runs are done
        RankRecord& first = run.record.ranks.at(0);
        first.runsWithout = static_cast<int>(withoutHere);
        first.simulatedYears += static_cast<int>(result.years.size() * withoutHere + runs.baselineYears.size());
        first.communication = ranks.traffic();
        first.seconds = run.secondsSoFar();
        first.peakResidentBytes = peakResidentBytes();
    }
    result.contributions = std::move(runs.contributions);
    result.baselineYears = std::move(runs.baselineYears);
    result.baselineRegions = std::move(runs.baselineRegions);
    run.record.timings.contributions = secondsSince(t);
    if (!run.bands.isFirst()) return;
    writeContributionsCsv(run.out.stagingPath("contributions.csv"), result.contributions, scenario.startYear,
                          scenario.carbonPriceYuanPerTCo2e);
    writeSummaryCsv(run.out.stagingPath("baseline/summary.csv"), result.baselineYears, result.baselineRegions);
    run.outputs.push_back("contributions.csv");
    run.outputs.push_back("baseline/summary.csv");
}

// The years this process simulated, over the runs it ran: the main run, its
// draws and runs without a programme, and the baseline.
int simulatedYears(const RunContext& run, const RunResult& result) {
    const int years = static_cast<int>(result.years.size());
    return years * (1 + run.drawsHere + run.runsWithoutHere) + static_cast<int>(result.baselineYears.size());
}

// Split into bands: every rank's record, on rank 0, once all the runs are done.
void gatherBandRecords(RunContext& run, const RunResult& result) {
    RankShare mine = shareOfThisRank(run);
    mine.record.draws = run.drawsHere;
    mine.record.runsWithout = run.runsWithoutHere;
    mine.record.simulatedYears = simulatedYears(run, result);
    mine.record.communication = run.bands.traffic();
    mine.record.seconds = run.secondsSoFar();
    mine.record.peakResidentBytes = peakResidentBytes();
    if (run.bands.isFirst())
        run.record.ranks = gatherShares(run.bands, std::move(mine), 0).ranks;
    else
        sendShare(run.bands, mine);
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

// `forestsink run` split into bands of rows over the MPI ranks (RankSplit):
// every rank reads its band of the inputs and runs it, and writes into the
// output set rank 0 stages.
RunResult runInBands(const Scenario& scenario, const SpeciesTable& species, RunOptions options) {
    const ProcessGroup& ranks = *options.processes;
    options.split = RankSplit::Bands;
    std::optional<OutputFolder> out;
    if (ranks.isFirst()) {
        out.emplace(options.outDir);  // locks and checks --out before any work
        ranks.broadcastFromFirst(out->stagingRoot().string());
    } else {
        out.emplace(options.outDir, std::filesystem::path(ranks.broadcastFromFirst(std::string())));
    }
    Console{options.log, options.progress}.say("forestsink {}: {}\n", kVersion, scenario.name);
    const auto loadStart = Clock::now();
    LoadedState loaded =
        loadState(scenario, species, ThreadRunner(options.threads, options.tileRows), options.progress, ranks);
    return runPrepared(scenario, species, std::move(loaded), secondsSince(loadStart), *out, options);
}

}  // namespace

RunResult runScenario(const RunOptions& options) {
    Scenario scenario = loadScenario(options.scenario, programmeKinds());
    if (options.seed) scenario.seed = *options.seed;
    if (options.baseline) scenario.baseline = std::filesystem::absolute(*options.baseline);
    const SpeciesTable species = loadSpeciesTable(scenario);
    checkProgrammeSpecies(scenario, species);
    const ProcessGroup& ranks = *options.processes;
    if (ranks.size() > 1 && splitOf(scenario, options) == RankSplit::Bands) return runInBands(scenario, species, options);
    if (!ranks.isFirst()) {  // an MPI rank that helps rank 0 with the draws and the runs without a programme
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
    const bool inBands = options.split == RankSplit::Bands && options.processes->size() > 1;
    RunContext run(scenario, species, options, out, inBands ? *options.processes : singleProcess());
    const std::optional<Scenario> baseline = baselineOf(scenario, options);
    run.record.scenario = &scenario;
    run.record.baseline = baseline ? &*baseline : nullptr;
    run.record.commandLine = options.commandLine;
    run.record.draws = options.draws.value_or(scenario.uncertainty.draws);
    run.record.contributions = contributionsName(options.contributions);
    run.record.threads = run.runner.threads();
    run.record.tileRows = run.runner.tileRows();
    run.record.mpiRanks = options.processes->size();
    run.record.mpiSplit = options.processes->size() == 1 ? "none" : inBands ? "bands" : "runs";
    warnIgnoredOptions(run.console, scenario, baseline, options, run.record.draws);
    if (options.processes->size() > 1 && !inBands && run.record.draws == 0 &&
        !runsWithoutEachProgramme(scenario, options))
        run.console.warn("{} MPI ranks sharing out whole runs (--split runs), but there are no draws and no runs "
                         "without each programme: ranks 1 to {} have nothing to do. --split bands splits the run "
                         "into bands of rows, one per rank",
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
        if (run.bands.isFirst()) writeTables(run, regions, result);
        if (baseline) measureAgainstBaseline(run, *baseline, memory, result);
        if (inBands) gatherBandRecords(run, result);
        if (!run.bands.isFirst()) return result;  // rank 0 writes the rest and commits
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
