#include "sim/Run.h"

#include "common/Error.h"
#include "common/Sha256.h"
#include "common/Version.h"
#include "raster/Gdal.h"
#include "scenarios/Scenario.h"
#include "sim/Contributions.h"
#include "sim/MemoryUse.h"
#include "sim/MonteCarlo.h"
#include "sim/OutputFolder.h"
#include "sim/Progress.h"
#include "sim/QgisProject.h"
#include "sim/Report.h"
#include "sim/ReportRasters.h"
#include "sim/StateLoader.h"
#include "sim/SummaryTable.h"

#include <fmt/format.h>
#include <fmt/os.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>
#include <proj.h>
#include <tbb/version.h>

#include <algorithm>
#include <chrono>
#include <fstream>

namespace forestsink {
namespace {

using Clock = std::chrono::steady_clock;

// Memory a run keeps for everything but whole-grid states: GDAL's block cache,
// the programmes' candidate cache, tile buffers.
constexpr std::size_t kReservedBytes = std::size_t{3} << 30;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The console of a run: its lines, and the progress bar they must not overwrite.
struct Console {
    std::ostream* out = nullptr;
    Progress* progress = nullptr;
};

template <typename... Args>
void say(const Console& console, fmt::format_string<Args...> f, Args&&... args) {
    if (!console.out) return;
    if (console.progress) console.progress->clearLine();
    fmt::print(*console.out, f, std::forward<Args>(args)...);
    console.out->flush();
}

nlohmann::json fileEntry(const std::string& role, const std::filesystem::path& path) {
    return {{"role", role}, {"path", path.string()}, {"sha256", sha256OfFile(path)},
            {"bytes", std::filesystem::file_size(path)}};
}

// Runs every year of a simulation; calls onYear(record, simulation) after each.
template <typename OnYear>
std::vector<YearRecord> runYears(Simulation& sim, const Scenario& s, OnYear onYear) {
    std::vector<YearRecord> years;
    years.push_back(sim.start());
    onYear(years.back(), sim);
    for (int year = s.startYear + 1; year <= s.endYear; ++year) {
        years.push_back(sim.step(year));
        onYear(years.back(), sim);
    }
    return years;
}

bool sameInputs(const Scenario& a, const Scenario& b) {
    const auto la = a.layers(), lb = b.layers();
    if (la.size() != lb.size() || a.startYear != b.startYear || a.endYear != b.endYear) return false;
    for (std::size_t i = 0; i < la.size(); ++i)
        if (std::filesystem::weakly_canonical(la[i]->path) != std::filesystem::weakly_canonical(lb[i]->path))
            return false;
    return std::filesystem::weakly_canonical(a.speciesTable) == std::filesystem::weakly_canonical(b.speciesTable);
}

}  // namespace

void validateScenario(const std::filesystem::path& file, std::ostream* log) {
    const Scenario scenario = loadScenario(file);
    const SpeciesTable species = SpeciesTable::load(scenario.speciesTable);
    const ThreadRunner runner(1, 64);
    LoadedState loaded = loadState(scenario, species, runner);
    compileProgrammes(scenario, species, loaded.state, runner);
    if (scenario.baseline) loadScenario(*scenario.baseline);
    say(Console{log, nullptr}, "{}: valid — {} programmes, {} targets, {} report years, grid {}\n", file.string(),
        scenario.programmes.size(), scenario.targets.size(), scenario.reportYears.size(), loaded.state.grid.describe());
}

RunResult runScenario(const RunOptions& options) {
    Scenario scenario = loadScenario(options.scenario);
    if (options.seed) scenario.seed = *options.seed;
    if (options.baseline) scenario.baseline = std::filesystem::absolute(*options.baseline);
    const SpeciesTable species = SpeciesTable::load(scenario.speciesTable);
    checkProgrammeSpecies(scenario, species);
    OutputFolder out(options.outDir);  // refuses an unwritable folder before any work
    // Draws that cannot fit are refused before any input is read (the grid's size is enough).
    const std::size_t stateBytes = resolveGrid(scenario).cellCount() * CellState::kBytesPerCell;
    requireMemoryForDraws(options.draws.value_or(scenario.uncertainty.draws), stateBytes,
                          statesThatFit(stateBytes, kReservedBytes));
    say(Console{options.log, options.progress}, "forestsink {}: {}\n", kVersion, scenario.name);
    const auto loadStart = Clock::now();
    LoadedState loaded = loadState(scenario, species, ThreadRunner(options.threads, options.tileRows), options.progress);
    return runPrepared(scenario, species, std::move(loaded), secondsSince(loadStart), out, options);
}

void checkProgrammeSpecies(const Scenario& scenario, const SpeciesTable& species) {
    for (const auto& p : scenario.programmes) {
        if (p.species && !p.species->local) resolveSpecies(*p.species, species);
        for (const auto& s : p.eligible.species) resolveSpecies(s, species);
    }
}

RunResult runPrepared(const Scenario& scenario, const SpeciesTable& species, LoadedState loaded,
                      double loadSeconds, OutputFolder& out, const RunOptions& options) {
    const auto start = Clock::now();
    std::optional<Scenario> baseline;
    if (scenario.baseline && options.contributions != ContributionsMode::None) {
        baseline = loadScenario(*scenario.baseline);
        baseline->seed = scenario.seed;
    }
    const ThreadRunner runner(options.threads, options.tileRows);
    const Console log{options.log, options.progress};
    Progress* progress = options.progress;
    for (const auto& note : loaded.notes) say(log, "note: {}\n", note);
    const Grid grid = loaded.state.grid;
    const std::vector<Region> regions = loaded.state.regions;
    const double firstRowCellAreaHa = loaded.state.cellAreaHa.front();
    const auto studyCells = static_cast<std::size_t>(
        std::count_if(loaded.state.landClass.begin(), loaded.state.landClass.end(),
                      [](LandClass c) { return c != LandClass::Outside; }));
    const std::size_t stateBytes = loaded.state.cellCount() * CellState::kBytesPerCell;
    say(log, "grid: {}; state {:.2f} GB ({} bytes per cell); {} threads, tiles of {} rows; inputs read in {:.2f} s\n",
        grid.describe(), stateBytes / 1e9, CellState::kBytesPerCell, runner.threads(), runner.tileRows(), loadSeconds);

    // Memory: the run's own state, plus a copy of the initial state when draws
    // or contributions need one later and it fits; otherwise the inputs are
    // read again for each later run, one at a time.
    const int draws = options.draws.value_or(scenario.uncertainty.draws);
    const int statesFit = statesThatFit(stateBytes, kReservedBytes);
    requireMemoryForDraws(draws, stateBytes, statesFit);
    std::optional<CellState> initial;
    if ((draws > 0 || baseline) && statesFit >= 2) initial = loaded.state;
    auto initialFor = [&](const Scenario& s) -> CellState {
        if (initial && sameInputs(scenario, s)) return *initial;
        return loadState(s, species, runner).state;
    };

    // The simulation takes the loaded state over: no copy.
    std::optional<Simulation> simulation(std::in_place, scenario, species, std::move(loaded.state), runner);
    Simulation& sim = *simulation;
    const int years = scenario.endYear - scenario.startYear + 1;
    if (progress) progress->stage("simulate", years + static_cast<double>(scenario.reportYears.size()));
    RunResult result;
    double writeSeconds = 0;
    std::optional<std::filesystem::path> previousCarbon;  // a scratch snapshot, a year before a report year
    int previousCarbonYear = -1;
    const auto simulateStart = Clock::now();
    result.years = runYears(sim, scenario, [&](const YearRecord& r, const Simulation& s) {
        if (progress) progress->detail(std::to_string(r.totals.year));
        if (progress) progress->advance();
        const Totals& p = r.totals.province;
        const double treated = treatedHa({r}, 0, -1);
        say(log, "{}  forest {:.4f} Mha  coverage {:.2f} %  stock {:.4f} billion m³  CO2e {:.2f} Mt  treated {:.3f} Mha\n",
            r.totals.year, p[kForestAreaHa] / 1e6, metricOf(p, TargetMetric::CoveragePct), p[kStockM3] / 1e9,
            co2eOfTotals(p) / 1e6, treated / 1e6);
        auto isReportYear = [&](int y) {
            return std::binary_search(scenario.reportYears.begin(), scenario.reportYears.end(), y);
        };
        const int year = r.totals.year;
        if (isReportYear(year)) {
            const auto t = Clock::now();
            const bool hasPrevious = previousCarbonYear == year - 1;
            if (progress) progress->detail(fmt::format("{} rasters", year));
            for (auto& f : writeReportRasters(out, year, scenario, species, s.state(), s.biomass(),
                                              hasPrevious ? previousCarbon : std::nullopt, runner, progress))
                result.outputs.push_back(f);
            writeSeconds += secondsSince(t);
        }
        // The carbon a year before a report year gives its sequestration layer.
        if (isReportYear(year + 1)) {
            const auto t = Clock::now();
            previousCarbon = out.scratchPath(fmt::format("carbon_{}.tif", year));
            writeCarbonSnapshot(*previousCarbon, s.state(), s.biomass());
            previousCarbonYear = year;
            writeSeconds += secondsSince(t);
        }
    });
    if (progress) progress->endStage();
    const Simulation::StageSeconds stageSeconds = sim.stageSeconds();
    simulation.reset();  // frees the state before the later runs
    const std::size_t peakMainRunBytes = peakResidentBytes();
    for (auto& f : writeLayerStacks(out, scenario)) result.outputs.push_back(f);
    result.outputs.push_back(writeQgisProject(out, scenario, species, grid));
    const double simulateSeconds = secondsSince(simulateStart) - writeSeconds;

    writeSummaryCsv(out.stagingPath("summary.csv"), result.years, regions);
    writeProgrammesCsv(out.stagingPath("programmes.csv"), result.years, regions, scenario);
    const auto outcomes = evaluateTargets(scenario, result.years);

    // Monte Carlo draws: percentiles per year, region and metric, and the
    // probability of reaching each target.
    std::vector<double> probability;
    std::vector<DrawResult> drawResults;
    double drawSeconds = 0;
    if (draws > 0) {
        const auto t = Clock::now();
        say(log, "Monte Carlo: {} draws\n", draws);
        // Each draw in flight holds its own state.
        const ThreadRunner drawRunner(std::max(1, std::min(runner.threads(), statesFit - 1)), runner.tileRows());
        drawResults = runDraws(scenario, species, *initial, drawRunner, draws, progress);
        writeUncertaintyCsv(out.stagingPath("uncertainty.csv"), drawResults, regions, scenario.uncertainty.percentiles);
        result.outputs.push_back("uncertainty.csv");
        probability = targetProbabilities(drawResults, scenario.targets.size());
        drawSeconds = secondsSince(t);
        say(log, "Monte Carlo: {} draws in {:.2f} s ({:.2f} draws/s)\n", draws, drawSeconds, draws / drawSeconds);
    }
    writeTargetsCsv(out.stagingPath("targets.csv"), outcomes, probability);
    result.targets = outcomes;
    result.probability = probability;
    for (const char* f : {"summary.csv", "programmes.csv", "targets.csv"}) result.outputs.push_back(f);

    // What each programme buys.
    double contributionSeconds = 0;
    std::vector<Contribution> contributions;
    std::vector<YearRecord> baseYears;
    std::vector<Region> baseRegions;
    if (baseline) {
        const auto t = Clock::now();
        const bool each = options.contributions == ContributionsMode::All;
        say(log, "baseline: {}{}\n", baseline->name,
            each ? fmt::format(" ({} programmes left out one at a time)", scenario.programmes.size()) : "");
        if (progress) progress->stage("contributions", 1.0 + (each ? scenario.programmes.size() : 0));
        {
            Simulation base(*baseline, species, initialFor(*baseline), runner);
            baseYears = runYears(base, *baseline, [](const YearRecord&, const Simulation&) {});
            baseRegions = base.state().regions;
            if (progress) progress->advance();
        }
        const std::size_t years = result.years.size();
        Contribution all{"all programmes (plan - baseline)", "all", {}, {}, {}};
        for (std::size_t y = 0; y < years; ++y) {
            all.additionalStockM3.push_back(result.years[y].totals.province[kStockM3] -
                                            baseYears.at(y).totals.province[kStockM3]);
            all.additionalCo2eT.push_back(co2eOfTotals(result.years[y].totals.province) -
                                          co2eOfTotals(baseYears.at(y).totals.province));
            all.cumulativeCostYuan.push_back(totalCostYuan(result.years, y, scenario));
        }
        contributions.push_back(all);
        // The plan without each programme in turn. When a state per thread
        // fits, independent runs, one per job and each serial, so they use
        // the threads without sharing them; otherwise one after the other,
        // each with every thread.
        const bool parallelRuns = initial && statesFit >= 1 + runner.threads();
        const ThreadRunner jobRunner(parallelRuns ? 1 : runner.threads(), runner.tileRows());
        std::vector<Contribution> perProgramme(each ? scenario.programmes.size() : 0);
        std::vector<std::function<void()>> jobs;
        for (std::size_t i = 0; i < perProgramme.size(); ++i)
            jobs.push_back([&, i] {
                const ProgrammeSpec& p = scenario.programmes[i];
                std::vector<bool> enabled(scenario.programmes.size(), true);
                enabled[i] = false;
                Simulation without(scenario, species, initialFor(scenario), jobRunner, enabled);
                const auto withoutYears = runYears(without, scenario, [](const YearRecord&, const Simulation&) {});
                Contribution c{p.name, kindName(p.kind), {}, {}, {}};
                for (std::size_t y = 0; y < years; ++y) {
                    c.additionalStockM3.push_back(result.years[y].totals.province[kStockM3] -
                                                  withoutYears[y].totals.province[kStockM3]);
                    c.additionalCo2eT.push_back(co2eOfTotals(result.years[y].totals.province) -
                                                co2eOfTotals(withoutYears[y].totals.province));
                    c.cumulativeCostYuan.push_back(treatedCostYuan(result.years, y, static_cast<int>(i), p.costYuanPerHa));
                }
                perProgramme[i] = std::move(c);
                if (progress) progress->advance();
            });
        if (parallelRuns)
            runner.runAll(jobs);
        else
            for (const auto& job : jobs) job();
        if (progress) progress->endStage();
        for (auto& c : perProgramme) contributions.push_back(std::move(c));
        result.contributions = contributions;
        writeContributionsCsv(out.stagingPath("contributions.csv"), contributions, scenario.startYear,
                              scenario.carbonPriceYuanPerTCo2e);
        writeSummaryCsv(out.stagingPath("baseline/summary.csv"), baseYears, baseRegions);
        result.outputs.push_back("contributions.csv");
        result.outputs.push_back("baseline/summary.csv");
        contributionSeconds = secondsSince(t);
    }

    // The planner's report.
    const auto reportStart = Clock::now();
    ReportInputs report;
    report.scenario = &scenario;
    report.species = &species;
    report.result = &result;
    report.baseline = baseYears.empty() ? nullptr : &baseYears;
    report.draws = drawResults.empty() ? nullptr : &drawResults;
    report.notes = loaded.notes;
    report.gridDescription = grid.describe();
    for (auto& f : writeReport(out, report)) result.outputs.push_back(f);
    const double reportSeconds = secondsSince(reportStart);

    double maxBalanceError = 0;
    for (const auto& y : result.years) maxBalanceError = std::max(maxBalanceError, y.balanceError);
    nlohmann::json inputs = nlohmann::json::array();
    inputs.push_back(fileEntry("scenario", scenario.file));
    inputs.push_back(fileEntry("species_table", scenario.speciesTable));
    for (const LayerSpec* layer : scenario.layers()) inputs.push_back(fileEntry("layer:" + layer->name, layer->path));
    if (scenario.regionNames) inputs.push_back(fileEntry("region_names", *scenario.regionNames));
    for (const auto& p : scenario.programmes) {
        if (p.eligible.raster) inputs.push_back(fileEntry("eligibility:" + p.name, p.eligible.raster->path));
        if (p.priorityRaster) inputs.push_back(fileEntry("priority:" + p.name, *p.priorityRaster));
    }
    if (baseline) inputs.push_back(fileEntry("baseline", baseline->file));
    nlohmann::json programmes = nlohmann::json::array();
    for (const auto& p : scenario.programmes)
        programmes.push_back({{"name", p.name}, {"kind", kindName(p.kind)}, {"years", {p.firstYear, p.lastYear}},
                              {"cost_yuan_per_ha", p.costYuanPerHa}, {"stocking", p.stocking},
                              {"growth_gain", p.growthGain}, {"gain_years", p.gainYears},
                              {"years_to_forest", p.yearsToForest}, {"severity", p.severity}});
    nlohmann::json runJson = {
        {"forestsink_version", kVersion},
        {"command_line", options.commandLine},
        {"scenario", {{"name", scenario.name}, {"file", scenario.file.string()}}},
        {"inputs", inputs},
        {"parameters",
         {{"start_year", scenario.startYear},
          {"end_year", scenario.endYear},
          {"report_years", scenario.reportYears},
          {"programmes", programmes},
          {"carbon_price_yuan_per_t_co2e", scenario.carbonPriceYuanPerTCo2e},
          {"growth_rule", "V(a+1) = V + min(V/C(a), 1.5)*(C(a+1)-C(a))*(1+gain); new stands start on the curve "
                          "at their planting stocking (species/GrowthTable.h)"},
          {"biomass", "M = a + b*V for V > 0; C = CF*M; CO2e = 44/12*(C + sink carbon)"},
          {"year_order", "disturbances, programmes (file order), growth, class transitions, accounting"}}},
        {"seed", scenario.seed},
        {"draws", draws},
        {"contributions", options.contributions == ContributionsMode::All    ? "all"
                          : options.contributions == ContributionsMode::Plan ? "plan"
                                                                              : "none"},
        {"threads", runner.threads()},
        {"tile_rows", runner.tileRows()},
        {"grid", {{"description", grid.describe()}, {"cols", grid.cols}, {"rows", grid.rows},
                  {"geotransform", grid.geotransform}, {"crs_wkt", grid.crsWkt},
                  {"cell_area_ha_first_row", firstRowCellAreaHa}, {"cells", grid.cellCount()},
                  {"study_cells", studyCells}}},
        {"state_bytes_per_cell", CellState::kBytesPerCell},
        {"memory",
         {{"state_bytes", stateBytes},
          {"initial_state_kept", initial.has_value()},
          {"peak_resident_bytes_main_run", peakMainRunBytes},
          {"peak_resident_bytes", peakResidentBytes()},
          {"physical_bytes", physicalMemoryBytes()},
          {"note", "peak resident set (getrusage ru_maxrss); the main run holds one state, and a copy of the initial "
                   "state only when draws or contributions need it and it fits in 80 % of memory"}}},
        {"ledger_max_balance_error_m3", maxBalanceError},
        {"notes", loaded.notes},
        {"libraries", {{"gdal", GDALVersionInfo("RELEASE_NAME")}, {"proj", proj_info().release},
                       {"onetbb", TBB_VERSION_STRING}}},
        {"outputs", result.outputs},
    };
    runJson["timings_s"] = {{"load_inputs", loadSeconds}, {"simulate", simulateSeconds},
                            {"simulate_parts",
                             {{"year_begin", stageSeconds.yearBegin}, {"programmes", stageSeconds.programmes},
                              {"growth", stageSeconds.growth}, {"transitions", stageSeconds.transitions},
                              {"accounting", stageSeconds.accounting}}},
                            {"write_rasters", writeSeconds}, {"contributions", contributionSeconds},
                            {"monte_carlo", drawSeconds}, {"report", reportSeconds},
                            {"total", secondsSince(start) + loadSeconds}};
    std::ofstream(out.stagingPath("run.json")) << runJson.dump(2) << "\n";
    result.outputs.push_back("run.json");
    out.commit();

    // The report.
    const Totals& last = result.years.back().totals.province;
    say(log,
        "\nProvince totals {}: study area {:.4f} Mha, forest area {:.4f} Mha, coverage {:.2f} %, forest stock {:.4f} "
        "billion m³ (living stock {:.4f}), tree biomass {:.2f} Mt, carbon {:.2f} Mt C, CO2e {:.2f} Mt\n",
        result.years.back().totals.year, last[kAreaHa] / 1e6, last[kForestAreaHa] / 1e6,
        metricOf(last, TargetMetric::CoveragePct), last[kStockM3] / 1e9, last[kLivingStockM3] / 1e9,
        last[kBiomassT] / 1e6, last[kCarbonT] / 1e6, co2eOfTotals(last) / 1e6);
    if (!outcomes.empty()) say(log, "Targets:\n");
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const auto& o = outcomes[i];
        say(log, "  {:<44} {} {}: required {:.6g}, simulated {:.6g} — {}{}{}\n", o.target->name,
            kTargetMetricNames[static_cast<int>(o.target->metric)], o.target->year, o.required, o.simulated,
            o.reached ? "reached" : fmt::format("NOT reached, gap {:.4g}", o.gap),
            o.firstYearReached ? fmt::format(" (first reached {})", *o.firstYearReached) : std::string(" (never reached)"),
            probability.empty() ? std::string() : fmt::format("; probability {:.0f} %", 100 * probability[i]));
    }
    if (!contributions.empty()) {
        say(log, "What each programme buys by {} (against the plan without it):\n", scenario.endYear);
        for (const auto& c : contributions)
            say(log, "  {:<44} {:+.4g} m³  {:+.4g} t CO2e  cost {:.4g} yuan\n", c.name, c.additionalStockM3.back(),
                c.additionalCo2eT.back(), c.cumulativeCostYuan.back());
    }
    say(log, "Outputs in {} ({} files, {:.1f} s)\n", out.root().string(), result.outputs.size(), secondsSince(start));
    return result;
}

}  // namespace forestsink
