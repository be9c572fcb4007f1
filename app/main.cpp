// forestsink: the command-line program.
//   forestsink run [SCENARIO] [--out DIR] [--threads N] [--seed S] [--baseline FILE] [--contributions all|plan|none]
//                  [--draws N] [--tile-rows R] [--quiet]
//   forestsink batch BATCHFILE [--out DIR] [--threads N] [--draws N] [--resume]
//   forestsink validate FILE
//   forestsink grid FILE [--crs CRS] [--cell-size S]
//   forestsink calibrate SCENARIO --from Y1 --to Y2 --stock-change M3 [--leave-out NAME]... [--out FILE]
// Under mpirun (or srun) the ranks share out draws and batch variants; rank 0
// prints and writes the outputs (README, "More than one machine").
#include "app/BatchCommand.h"
#include "app/CalibrateCommand.h"
#include "app/CommandNames.h"
#include "app/DemoScenario.h"
#include "app/Progress.h"
#include "app/GridCommand.h"
#include "app/RunCommand.h"
#include "app/StopSignals.h"
#include "app/ValidateCommand.h"
#include "app/WriteFailure.h"
#include "common/Error.h"
#include "common/MemoryUse.h"
#include "common/ProcessGroup.h"
#include "common/Version.h"
#ifdef FORESTSINK_HAVE_MPI
#include "mpi/MpiProcessGroup.h"
#endif

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <thread>

namespace forestsink {
namespace {

// The processes of this command: an MPI job's ranks, or this process alone.
const ProcessGroup* processes = &singleProcess();

// The machine's hardware threads, shared by the ranks of an MPI job on it.
int defaultThreads() {
    const int onMachine = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::max(1, onMachine / processes->sizeOnThisMachine());
}

// An error of this process: said on stderr (naming the rank in an MPI job of
// several), then every rank stops, since the others would wait for this one.
int fail(int exitCode, const std::string& message) {
    const std::string rank = processes->size() > 1
                                 ? fmt::format(" (MPI rank {} of {})", processes->rank(), processes->size())
                                 : "";
    std::cerr << "forestsink: " << message << rank << "\n";
    std::cerr.flush();
    if (processes->size() > 1) processes->abortAll(exitCode);
    return exitCode;
}

// A seed is a whole number from 0 to 2^64 − 1, read as one: CLI11 would take
// "-1" and "99999999999999999999" and saturate them.
std::optional<uint64_t> parseSeed(const std::string& text) {
    uint64_t seed = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return seed;
}

const CLI::Validator wholeSeed(
    [](const std::string& text) {
        return parseSeed(text) ? std::string()
                               : fmt::format("'{}' is not a seed; allowed: a whole number from 0 to {}", text,
                                             std::numeric_limits<uint64_t>::max());
    },
    "SEED", "seed");

const CLI::Validator nonEmptyPath(
    [](const std::string& text) { return text.empty() ? std::string("an empty path; give an output folder") : std::string(); },
    "DIR", "path");

// `forestsink run`: its options as the command line gives them.
struct RunArguments {
    CLI::App* command = nullptr;
    RunOptions options;
    std::string scenario, baseline, contributions = "all", seed, split = "auto";
    int draws = 0;
    bool quiet = false;
    CLI::Option *seedOption = nullptr, *baselineOption = nullptr, *drawsOption = nullptr,
                *contributionsOption = nullptr;
};

void addRunCommand(CLI::App& app, RunArguments& a) {
    a.options.threads = defaultThreads();
    CLI::App* run = a.command = app.add_subcommand("run", "Run a scenario (the built-in Yunnan demo when none is given)");
    run->add_option("scenario", a.scenario, "Scenario file (TOML)");
    run->add_option("--out", a.options.outDir, "Output folder")->capture_default_str()->check(nonEmptyPath);
    run->add_option("--threads", a.options.threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 1024));
    a.seedOption = run->add_option("--seed", a.seed, "Random seed (overrides the scenario's)")->check(wholeSeed);
    run->add_option("--tile-rows", a.options.tileRows, "Rows per tile of parallel work")
        ->capture_default_str()
        ->check(CLI::Range(1, 1 << 20));
    run->add_flag("--quiet,-q", a.quiet, "Print nothing but errors");
    a.baselineOption = run->add_option("--baseline", a.baseline, "Baseline scenario: report what each programme buys");
    a.contributionsOption = run->add_option("--contributions", a.contributions,
                    "With a baseline: all (plan against baseline and against the plan without each programme), plan "
                    "(against the baseline only), none (no baseline run)")
        ->capture_default_str()
        ->check(CLI::IsMember({"all", "plan", "none"}));
    a.drawsOption = run->add_option("--draws", a.draws, "Monte Carlo draws of the scenario's [uncertainty]")
                        ->check(CLI::Range(0, 100000));
    run->add_option("--split", a.split,
                    "Under mpirun: bands (the grid split into bands of rows, one per rank; every simulation of the "
                    "run on all ranks, each holding its band), runs (each rank holds whole states and runs its share "
                    "of the draws and of the runs without each programme), auto (runs when there are such runs, "
                    "else bands)")
        ->capture_default_str()
        ->check(CLI::IsMember({"auto", "bands", "runs"}));
}

void executeRun(RunArguments& a, int argc, char** argv) {
    RunOptions& options = a.options;
    if (*a.baselineOption) options.baseline = a.baseline;
    if (*a.drawsOption) options.draws = a.draws;
    options.scenario = a.scenario.empty() ? demoScenarioPath() : std::filesystem::path(a.scenario);
    if (*a.seedOption) options.seed = *parseSeed(a.seed);
    for (int i = 0; i < argc; ++i) options.commandLine += (i ? " " : "") + std::string(argv[i]);
    options.contributions = a.contributions == "all"    ? ContributionsMode::All
                            : a.contributions == "plan" ? ContributionsMode::Plan
                                                        : ContributionsMode::None;
    options.contributionsGiven = a.contributionsOption->count() > 0;
    options.split = a.split == "bands" ? RankSplit::Bands : a.split == "runs" ? RankSplit::Runs : RankSplit::Auto;
    options.processes = processes;
    const bool quiet = a.quiet || !processes->isFirst();  // rank 0 speaks for the job
    options.log = quiet ? nullptr : &std::cout;
    Progress progress(Progress::modeFor(quiet), std::cerr);
    options.progress = &progress;
    runScenario(options);
}

// `forestsink batch`.
struct BatchArguments {
    CLI::App* command = nullptr;
    BatchOptions options;
    std::string file;
    int draws = 0;
    CLI::Option* drawsOption = nullptr;
};

void addBatchCommand(CLI::App& app, BatchArguments& a) {
    a.options.threads = defaultThreads();
    CLI::App* batch = a.command = app.add_subcommand("batch", "Run a batch of scenarios and sweeps, and compare them");
    batch->add_option("batch", a.file, "Batch file (TOML)")->required();
    batch->add_option("--out", a.options.outDir, "Output folder")->capture_default_str()->check(nonEmptyPath);
    batch->add_option("--threads", a.options.threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 1024));
    a.drawsOption = batch->add_option("--draws", a.draws, "Monte Carlo draws for every scenario")
                        ->check(CLI::Range(0, 100000));
    batch->add_flag("--resume", a.options.resume,
                    "Skip the variants whose outputs (in --out, or kept from an interrupted batch) match their "
                    "scenario and inputs; run the rest");
}

void executeBatch(BatchArguments& a) {
    a.options.batch = a.file;
    if (*a.drawsOption) a.options.draws = a.draws;
    a.options.processes = processes;
    a.options.log = processes->isFirst() ? &std::cout : nullptr;  // rank 0 speaks for the job
    runBatch(a.options);
}

}  // namespace
}  // namespace forestsink

int main(int argc, char** argv) {
    using namespace forestsink;
    // Before any thread starts, so that every thread inherits the mask.
    blockStopSignals();
    startStopSignalThread();
#ifdef FORESTSINK_HAVE_MPI
    const std::unique_ptr<ProcessGroup> mpiJob = joinMpiJob(argc, argv);  // leaves the job when main returns
    if (mpiJob) processes = mpiJob.get();
#else
    if (launchedByMpi()) {
        std::cerr << "forestsink: error: started by an MPI launcher, but this forestsink was built without MPI; "
                     "install Open MPI (libopenmpi-dev, openmpi-bin) and build again, or run it without mpirun\n";
        return 1;
    }
#endif
    shareMachineMemoryAmong(processes->sizeOnThisMachine());
    CLI::App app{"forestsink: forest carbon-sink simulator for provinces"};
    app.require_subcommand(1);
    app.set_version_flag("--version", versionText());
    RunArguments run;
    addRunCommand(app, run);
    BatchArguments batch;
    addBatchCommand(app, batch);
    std::string toValidate;
    CLI::App* validate = app.add_subcommand("validate", "Check a scenario or a batch file and its inputs without running it");
    validate->add_option("file", toValidate, "Scenario or batch file (TOML)")->required();
    std::string gridFile, gridCrs;
    double gridCellSize = 0;
    CLI::App* grid = app.add_subcommand("grid", "Print a ready-to-paste [grid] block for a raster");
    grid->add_option("file", gridFile, "Raster (any GDAL format)")->required();
    grid->add_option("--crs", gridCrs, "CRS of the grid (EPSG:…, PROJ string, WKT); default: the file's");
    grid->add_option("--cell-size", gridCellSize, "Cell size in the CRS's units; default: the file's")
        ->check(CLI::PositiveNumber);
    CalibrateArguments calibrate;
    addCalibrateCommand(app, calibrate);

    // CLI11 would call an unknown command a missing one ("A subcommand is required").
    if (argc > 1)
        if (const auto error = unknownCommandError(argv[1], {"run", "batch", "validate", "grid", "calibrate"})) {
            std::cerr << "forestsink: " << *error << "\n";
            return 2;
        }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; a usage error exits 2, like other Unix tools. Every rank
        // parses the same command line: rank 0 says it once.
        std::ostringstream elsewhere;
        const bool first = processes->isFirst();
        return app.exit(e, first ? std::cout : elsewhere, first ? std::cerr : elsewhere) == 0 ? 0 : 2;
    }
    try {
        if (*batch.command) executeBatch(batch);
        else if (*validate) validateFile(toValidate, &std::cout);
        else if (*grid) printGridBlock(gridFile, gridCrs, gridCellSize, std::cout);
        else if (*calibrate.command) executeCalibrate(calibrate);
        else executeRun(run, argc, argv);
    } catch (const Error& e) {
        return fail(1, fmt::format("error: {}", e.what()));
    } catch (const std::bad_alloc&) {
        // The memory check before the state is allocated passed, yet memory ran out later.
        return fail(1, "error: out of memory. The run needs more memory than is available: try a coarser grid, "
                       "fewer --threads, fewer --draws or --contributions none");
    } catch (const std::filesystem::filesystem_error& e) {
        return fail(1, "error: " + describeFilesystemError(e));
    } catch (const std::exception& e) {
        // A bug, not the user's doing; exit 2 is kept for usage errors.
        return fail(1, fmt::format("internal error: {}", e.what()));
    }
    return 0;
}
