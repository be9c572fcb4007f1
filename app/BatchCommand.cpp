#include "sim/programmes/ProgrammeKinds.h"
#include "app/BatchCommand.h"

#include "app/RunCommand.h"
#include "common/Error.h"
#include "report/BatchComparison.h"
#include "report/OutputFolder.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <chrono>
#include <map>
#include <mutex>

namespace forestsink {

namespace fs = std::filesystem;

void runBatch(const BatchOptions& options) {
    const Batch batch = loadBatch(options.batch, programmeKinds());
    std::ostream* log = options.log;
    if (log) fmt::print(*log, "batch {}: {} scenarios\n", batch.name, batch.variants.size());
    OutputFolder out(options.outDir);  // one set: the comparison and every variant appear together

    // Each distinct set of inputs is read once and shared by its variants.
    struct Inputs {
        std::unique_ptr<SpeciesTable> species;
        std::unique_ptr<LoadedState> state;
        double seconds = 0;
    };
    std::map<std::string, Inputs> inputs;
    auto keyOf = [](const Scenario& s) {
        std::string key = fs::weakly_canonical(s.speciesTable).string();
        for (const LayerSpec* l : s.layers()) key += "|" + fs::weakly_canonical(l->path).string();
        return key;
    };
    const ThreadRunner runner(options.threads, options.tileRows);
    for (const auto& v : batch.variants) {
        Inputs& in = inputs[keyOf(v.scenario)];
        if (!in.species) {
            const auto t = std::chrono::steady_clock::now();
            in.species = std::make_unique<SpeciesTable>(SpeciesTable::load(v.scenario.speciesTable));
            in.state = std::make_unique<LoadedState>(loadState(v.scenario, *in.species, runner));
            in.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
        }
        checkProgrammeSpecies(v.scenario, *in.species);
    }
    if (log) fmt::print(*log, "inputs read: {} distinct sets for {} scenarios\n", inputs.size(), batch.variants.size());

    std::vector<RunResult> results(batch.variants.size());
    std::vector<std::function<void()>> jobs;
    std::mutex logMutex;
    for (std::size_t i = 0; i < batch.variants.size(); ++i)
        jobs.push_back([&, i] {
            const BatchVariant& v = batch.variants[i];
            const Inputs& in = inputs.at(keyOf(v.scenario));
            RunOptions o;
            o.threads = 1;
            o.tileRows = options.tileRows;
            o.draws = options.draws;
            o.commandLine = "batch " + options.batch.string() + " / " + v.name;
            OutputFolder variantOut = out.subfolder(v.name);  // staged in the batch's set
            results[i] = runPrepared(v.scenario, *in.species, *in.state, in.seconds, variantOut, o);
            std::lock_guard lock(logMutex);
            if (log) fmt::print(*log, "  done: {}\n", v.name);
        });
    runner.runAll(jobs);

    writeBatchComparison(out, batch, results);
    out.commit();
    if (log) fmt::print(*log, "comparison: {}\n", (out.root() / "comparison.csv").string());
}

}  // namespace forestsink
