#include "app/CalibrateCommand.h"

#include "app/Console.h"
#include "common/Error.h"
#include "common/NearestName.h"
#include "common/ThreadRunner.h"
#include "report/GrowthCalibrationFile.h"
#include "sim/ObservedStockChanges.h"
#include "sim/StateLoader.h"
#include "sim/programmes/ProgrammeKinds.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <thread>

namespace forestsink {
namespace {

// The scenario without the programmes named in `names`; each name must be one of its programmes.
void leaveOut(Scenario& scenario, const std::vector<std::string>& names) {
    std::vector<std::string> all;
    for (const auto& p : scenario.programmes) all.push_back(p.name);
    for (const auto& name : names) {
        if (std::find(all.begin(), all.end(), name) != all.end()) continue;
        const std::string near = nearestName(name, all);
        throw Error(fmt::format("{}: --leave-out '{}' is not a programme of the scenario{}; its programmes: {}",
                                scenario.file.string(), name,
                                near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near), fmt::join(all, "; ")));
    }
    std::erase_if(scenario.programmes, [&](const ProgrammeSpec& p) {
        return std::find(names.begin(), names.end(), p.name) != names.end();
    });
}

// One line per trial, as the single multiplier's fit has always printed them.
void sayProvinceTrials(const Console& console, const CalibrationTarget& target, const GrowthCalibration& fit) {
    for (const auto& t : fit.trials)
        console.say("multiplier {:.6f}: forest stock {} {:.6g} m³, {} {:.6g} m³, residual {:+.6g} m³\n",
                    t.multipliers[0], target.fromYear, t.stockFromM3[0], target.toYear, t.stockToM3[0],
                    t.residualM3[0]);
    console.say("fitted growth multiplier {:.6f} (residual {:+.6g} m³ after {} runs)\n", fit.trials.back().multipliers[0],
                fit.trials.back().residualM3[0], fit.trials.size());
}

// Each trial's multipliers and residuals, then each observation's fit.
void sayTrials(const Console& console, const CalibrationTarget& target, const GrowthCalibration& fit) {
    for (std::size_t t = 0; t < fit.trials.size(); ++t) {
        const CalibrationTrial& trial = fit.trials[t];
        std::string line = fmt::format("run {}: multipliers", t + 1);
        for (std::size_t k = 0; k < fit.fitted.size(); ++k)
            line += fmt::format("{} {} {:.6f}", k ? "," : "", target.observations[fit.fitted[k]].label,
                                trial.multipliers[k]);
        line += "; residuals";
        for (std::size_t o = 0; o < target.observations.size(); ++o)
            line += fmt::format("{} {} {:+.6g} m³", o ? "," : "", target.observations[o].label, trial.residualM3[o]);
        console.say("{}\n", line);
    }
    const CalibrationTrial& last = fit.trials.back();
    for (std::size_t k = 0; k < fit.fitted.size(); ++k) {
        const StockChangeObservation& o = target.observations[fit.fitted[k]];
        console.say("fitted {} multiplier {:.6f}: {} {:.6g} m³ observed, residual {:+.6g} m³\n",
                    o.group == kEveryGroup ? "common" : o.label, last.multipliers[k], o.label, o.changeM3,
                    last.residualM3[fit.fitted[k]]);
    }
    for (std::size_t o = 0; o < target.observations.size(); ++o)
        if (!target.observations[o].fitted())
            console.say("checked {}: {:.6g} m³ observed, residual {:+.6g} m³ (a region's change is not fitted)\n",
                        target.observations[o].label, target.observations[o].changeM3, last.residualM3[o]);
    console.say("after {} runs\n", fit.trials.size());
}

}  // namespace

void addCalibrateCommand(CLI::App& app, CalibrateArguments& args) {
    args.command = app.add_subcommand(
        "calibrate", "Fit the scenario's growth multipliers to observed changes of forest stock between two years");
    args.command->add_option("scenario", args.scenario, "Scenario file (TOML)")->required();
    args.command->add_option("--from", args.fromYear, "First year of the observed change")->required();
    args.command->add_option("--to", args.toYear, "Last year of the observed change")->required();
    auto* province =
        args.command->add_option("--stock-change", args.stockChangeM3, "Observed change of forest stock, m³ (province)");
    auto* observed = args.command->add_option(
        "--observed", args.observed,
        "CSV of observed changes: forest_type,region,stock_change_m3 (a forest type is a species group, or 'all'; "
        "region 'all' or a region of the run, checked only)");
    province->excludes(observed);
    args.command->add_option("--leave-out", args.leaveOut,
                             "A programme left out of the fit (an event of another period); repeatable");
    args.command->add_option("--out", args.out, "Write the fitted [growth] table here (TOML)");
    args.command->add_option("--threads", args.threads, "Threads (default: all cores)")->check(CLI::PositiveNumber);
    args.command->add_option("--tolerance", args.toleranceM3, "Stop when within this many m³ (default 1e4)")
        ->check(CLI::PositiveNumber);
}

void executeCalibrate(const CalibrateArguments& args) {
    Scenario scenario = loadScenario(args.scenario, programmeKinds());
    leaveOut(scenario, args.leaveOut);
    const SpeciesTable species = loadSpeciesTable(scenario);
    const int threads = args.threads > 0 ? args.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const ThreadRunner runner(threads, 64);
    if (std::isnan(args.stockChangeM3) && args.observed.empty())
        throw Error(fmt::format("{}: calibrate needs the observed change: --stock-change M3 (the province's) or "
                                "--observed CSV (by forest type and region)",
                                scenario.file.string()));
    if (!args.observed.empty()) checkObservedStockChanges(args.observed, species);  // before the inputs are read
    const LoadedState loaded = loadState(scenario, species, runner);
    CalibrationAsked asked{{args.fromYear, args.toYear, {}, args.toleranceM3}, args.leaveOut, args.observed};
    if (args.observed.empty())
        asked.target.observations.push_back({kEveryGroup, kEveryRegion, args.stockChangeM3, "province"});
    else
        asked.target.observations = readObservedStockChanges(args.observed, species, loaded.state.regions);
    const GrowthCalibration fit = fitGrowthMultipliers(scenario, species, loaded.state, runner, asked.target);
    const Console console{&std::cout, nullptr};
    const auto& obs = asked.target.observations;
    if (obs.size() == 1 && obs[0].group == kEveryGroup && obs[0].regionIndex == kEveryRegion)
        sayProvinceTrials(console, asked.target, fit);
    else
        sayTrials(console, asked.target, fit);
    if (!args.out.empty()) {
        writeGrowthCalibration(args.out, scenario, asked, fit);
        console.say("[growth] table written to {}\n", args.out.string());
    }
}

}  // namespace forestsink
