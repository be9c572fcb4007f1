// forestsink: the command-line program.
//   forestsink run [SCENARIO] [--out DIR] [--threads N] [--seed S] [--baseline FILE] [--contributions all|plan|none]
//   forestsink validate FILE
#include "common/Error.h"
#include "common/Version.h"
#include "app/BatchCommand.h"
#include "app/DemoScenario.h"
#include "app/Progress.h"
#include "app/RunCommand.h"
#include "app/ValidateCommand.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <thread>

int main(int argc, char** argv) {
    CLI::App app{"forestsink: forest carbon-sink simulator for provinces"};
    app.require_subcommand(1);
    app.set_version_flag("--version", forestsink::kVersion);

    forestsink::RunOptions options;
    options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::string scenario;
    uint64_t seed = 0;
    bool quiet = false;
    CLI::App* run = app.add_subcommand("run", "Run a scenario (the built-in Yunnan demo when none is given)");
    run->add_option("scenario", scenario, "Scenario file (TOML)");
    run->add_option("--out", options.outDir, "Output folder")->capture_default_str();
    run->add_option("--threads", options.threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 1024));
    CLI::Option* seedOption = run->add_option("--seed", seed, "Random seed (overrides the scenario's)");
    run->add_option("--tile-rows", options.tileRows, "Rows per tile of parallel work")
        ->capture_default_str()
        ->check(CLI::Range(1, 1 << 20));
    run->add_flag("--quiet,-q", quiet, "Print nothing but errors");
    std::string baseline;
    CLI::Option* baselineOption =
        run->add_option("--baseline", baseline, "Baseline scenario: report what each programme buys");

    std::string contributions = "all";
    run->add_option("--contributions", contributions,
                    "With a baseline: all (plan against baseline and against the plan without each programme), plan "
                    "(against the baseline only), none (no baseline run)")
        ->capture_default_str()
        ->check(CLI::IsMember({"all", "plan", "none"}));

    int draws = 0;
    CLI::Option* drawsOption =
        run->add_option("--draws", draws, "Monte Carlo draws of the scenario's [uncertainty]")->check(CLI::Range(0, 100000));

    forestsink::BatchOptions batchOptions;
    batchOptions.threads = options.threads;
    std::string batchFile;
    CLI::App* batch = app.add_subcommand("batch", "Run a batch of scenarios and sweeps, and compare them");
    batch->add_option("batch", batchFile, "Batch file (TOML)")->required();
    batch->add_option("--out", batchOptions.outDir, "Output folder")->capture_default_str();
    batch->add_option("--threads", batchOptions.threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 1024));
    int batchDraws = 0;
    CLI::Option* batchDrawsOption =
        batch->add_option("--draws", batchDraws, "Monte Carlo draws for every scenario")->check(CLI::Range(0, 100000));

    std::string toValidate;
    CLI::App* validate = app.add_subcommand("validate", "Check a scenario and its inputs without running it");
    validate->add_option("scenario", toValidate, "Scenario file (TOML)")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; a usage error exits 2, like other Unix tools.
        return app.exit(e) == 0 ? 0 : 2;
    }

    try {
        if (*batch) {
            batchOptions.batch = batchFile;
            if (*batchDrawsOption) batchOptions.draws = batchDraws;
            batchOptions.log = &std::cout;
            forestsink::runBatch(batchOptions);
            return 0;
        }
        if (*validate) {
            forestsink::validateScenario(toValidate, &std::cout);
            return 0;
        }
        if (*baselineOption) options.baseline = baseline;
        if (*drawsOption) options.draws = draws;
        options.scenario = scenario.empty() ? forestsink::demoScenarioPath() : std::filesystem::path(scenario);
        if (*seedOption) options.seed = seed;
        for (int i = 0; i < argc; ++i) options.commandLine += (i ? " " : "") + std::string(argv[i]);
        options.contributions = contributions == "all"    ? forestsink::ContributionsMode::All
                                : contributions == "plan" ? forestsink::ContributionsMode::Plan
                                                          : forestsink::ContributionsMode::None;
        options.log = quiet ? nullptr : &std::cout;
        forestsink::Progress progress(forestsink::Progress::modeFor(quiet), std::cerr);
        options.progress = &progress;
        forestsink::runScenario(options);
    } catch (const forestsink::Error& e) {
        std::cerr << "forestsink: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "forestsink: internal error: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
