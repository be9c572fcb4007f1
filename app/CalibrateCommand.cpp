#include "app/CalibrateCommand.h"

#include "app/Console.h"
#include "common/Error.h"
#include "common/NearestName.h"
#include "common/ThreadRunner.h"
#include "report/GrowthCalibrationFile.h"
#include "sim/StateLoader.h"
#include "sim/programmes/ProgrammeKinds.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
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

}  // namespace

void addCalibrateCommand(CLI::App& app, CalibrateArguments& args) {
    args.command = app.add_subcommand(
        "calibrate", "Fit the scenario's growth multiplier to an observed change of forest stock between two years");
    args.command->add_option("scenario", args.scenario, "Scenario file (TOML)")->required();
    args.command->add_option("--from", args.fromYear, "First year of the observed change")->required();
    args.command->add_option("--to", args.toYear, "Last year of the observed change")->required();
    args.command->add_option("--stock-change", args.stockChangeM3, "Observed change of forest stock, m³ (province)")
        ->required();
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
    const LoadedState loaded = loadState(scenario, species, runner);
    const StockChangeTarget target{args.fromYear, args.toYear, args.stockChangeM3, args.toleranceM3};
    const GrowthCalibration fit = fitGrowthMultiplier(scenario, species, loaded.state, runner, target);
    const Console console{&std::cout, nullptr};
    for (const auto& t : fit.trials)
        console.say("multiplier {:.6f}: forest stock {} {:.6g} m³, {} {:.6g} m³, residual {:+.6g} m³\n", t.multiplier,
                    args.fromYear, t.stockFromM3, args.toYear, t.stockToM3, t.residualM3);
    console.say("fitted growth multiplier {:.6f} (residual {:+.6g} m³ after {} runs)\n", fit.multiplier,
                fit.trials.back().residualM3, fit.trials.size());
    if (!args.out.empty()) {
        writeGrowthCalibration(args.out, scenario, target, args.leaveOut, fit);
        console.say("[growth] table written to {}\n", args.out.string());
    }
}

}  // namespace forestsink
