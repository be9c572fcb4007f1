#include "sim/programmes/ProgrammeKinds.h"
#include "app/BatchCommand.h"

#include "app/BatchResume.h"
#include "app/RunCommand.h"
#include "common/Error.h"
#include "common/MemoryUse.h"
#include "report/BatchComparison.h"
#include "report/OutputFolder.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <set>

namespace forestsink {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Each distinct set of inputs is read once and shared by its variants.
struct Inputs {
    std::unique_ptr<SpeciesTable> species;
    std::unique_ptr<LoadedState> state;
    double seconds = 0;
};

std::string inputsKey(const Scenario& s) {
    std::string key = fs::weakly_canonical(s.speciesTable).string();
    for (const LayerSpec* l : s.layers()) key += "|" + l->inputIdentity();
    return key;
}

std::size_t stateBytesOf(const Scenario& s) { return resolveGrid(s).cellCount() * CellState::kBytesPerCell; }

std::string gb(double bytes) { return fmt::format("{:.2f} GB", bytes / 1e9); }

std::string duration(double seconds) {
    const long s = std::lround(seconds);
    if (s < 60) return fmt::format("{} s", s);
    if (s < 3600) return fmt::format("{} min {:02} s", s / 60, s % 60);
    return fmt::format("{} h {:02} min", s / 3600, (s % 3600) / 60);
}

// How many variants run at once: as many as the threads allow and their
// states fit in memory beside the shared inputs; refuses, with the figures,
// when not even one fits.
int variantsAtOnce(const Batch& batch, const std::vector<std::size_t>& toRun, const BatchOptions& options,
                   std::ostream* log) {
    if (toRun.empty()) return 1;
    std::size_t sharedBytes = 0, stateBytes = 0;
    std::set<std::string> keys;
    bool extraStates = options.draws.value_or(0) > 0;
    for (const auto& v : batch.variants) {
        const std::size_t bytes = stateBytesOf(v.scenario);
        if (keys.insert(inputsKey(v.scenario)).second) sharedBytes += bytes;
        stateBytes = std::max(stateBytes, bytes);
        extraStates = extraStates || v.scenario.baseline || (!options.draws && v.scenario.uncertainty.draws > 0);
    }
    // A variant's own copy of the state; with draws or a baseline, also the
    // initial state kept and the state of the draw or contribution run in flight.
    const int states = extraStates ? 3 : 1;
    const double each = static_cast<double>(states * stateBytes + kVariantOverheadBytes);
    const MemoryLimits limits = memoryLimits();
    const double usable = 0.8 * static_cast<double>(limits.available()) - static_cast<double>(kRunReservedBytes) -
                          static_cast<double>(sharedBytes);
    const double fit = std::floor(std::max(0.0, usable) / each);
    if (fit < 1)
        throw Error(fmt::format("batch {}: one variant needs {} ({} state(s) of {} and {} of buffers) beside the "
                                "shared inputs ({}), but only {} is available: 80 % of {} (set by {}) less {} "
                                "reserved. Run on a coarser grid or where more memory is available",
                                batch.file.string(), gb(each), states, gb(stateBytes), gb(kVariantOverheadBytes),
                                gb(sharedBytes), gb(std::max(0.0, usable)), gb(limits.available()), limits.binding(),
                                gb(kRunReservedBytes)));
    const int atOnce = static_cast<int>(std::min<double>({fit, static_cast<double>(options.threads),
                                                          static_cast<double>(toRun.size())}));
    if (log)
        fmt::print(*log, "running {} of {} variants at a time: {} each, {} available{}\n", atOnce, toRun.size(),
                   gb(each), gb(std::max(0.0, usable)),
                   fit < std::min<double>(options.threads, toRun.size()) ? fmt::format(" (set by {})", limits.binding())
                                                                          : "");
    return atOnce;
}

// The variants of a previous run of this batch that match, from the committed
// set or the done folder: index → summary. Their files are linked into `out`.
std::map<std::size_t, VariantSummary> resumeFinished(const Batch& batch, OutputFolder& out,
                                                     const std::vector<std::string>& fingerprints) {
    std::map<std::size_t, VariantSummary> finished;
    const fs::path done = doneFolder(out.root());
    for (std::size_t i = 0; i < batch.variants.size(); ++i) {
        const std::string& name = batch.variants[i].name;
        for (const fs::path& folder : {done / name, out.root() / name}) {
            auto summary = finishedVariant(folder, fingerprints[i]);
            if (!summary) continue;
            const OutputFolder variantOut = out.subfolder(name);
            linkTree(folder, variantOut.stagingRoot());
            if (folder != done / name) linkTree(folder, done / name);  // kept for a later --resume too
            finished.emplace(i, std::move(*summary));
            break;
        }
    }
    return finished;
}

// The console's count after each variant: done, running and left, and when the rest should end.
class BatchProgress {
public:
    BatchProgress(std::ostream* log, std::size_t total, std::size_t doneBefore, int atOnce)
        : log_(log), total_(total), done_(doneBefore), atOnce_(atOnce) {}

    // `seconds`: how long the variant took.
    void finished(const std::string& name, double seconds) {
        std::lock_guard lock(mutex_);
        ++done_, ++doneNow_;
        secondsNow_ += seconds;
        if (!log_) return;
        const std::size_t rest = total_ - done_;
        const std::size_t running = std::min<std::size_t>(rest, static_cast<std::size_t>(atOnce_));
        // The rest at the mean time per variant so far, `atOnce_` at a time.
        const double eta = secondsNow_ / static_cast<double>(doneNow_) * static_cast<double>(rest) / atOnce_;
        fmt::print(*log_, "  done: {} ({} of {} done, {} running, {} left{})\n", name, done_, total_, running,
                   rest - running, rest ? "; about " + duration(eta) + " to go" : "");
        log_->flush();
    }

private:
    std::ostream* log_;
    std::mutex mutex_;
    std::size_t total_, done_, doneNow_ = 0;
    double secondsNow_ = 0;
    int atOnce_;
};

}  // namespace

void runBatch(const BatchOptions& options) {
    const Batch batch = loadBatch(options.batch, programmeKinds());
    std::ostream* log = options.log;
    if (log) fmt::print(*log, "batch {}: {} scenarios\n", batch.name, batch.variants.size());
    OutputFolder out(options.outDir);  // one set: the comparison and every variant appear together
    const fs::path done = doneFolder(out.root());
    std::error_code ec;
    if (!options.resume) fs::remove_all(done, ec);  // a fresh batch keeps nothing of an earlier one

    FileHashes hashes;
    std::vector<std::string> fingerprints;
    for (const auto& v : batch.variants) fingerprints.push_back(variantFingerprint(v, options.draws, hashes));
    std::map<std::size_t, VariantSummary> finished;
    if (options.resume) finished = resumeFinished(batch, out, fingerprints);
    std::vector<std::size_t> toRun;
    for (std::size_t i = 0; i < batch.variants.size(); ++i)
        if (!finished.count(i)) toRun.push_back(i);
    if (log && options.resume)
        fmt::print(*log, "resuming: {} of {} variants done before, {} to run\n", finished.size(),
                   batch.variants.size(), toRun.size());
    const int atOnce = variantsAtOnce(batch, toRun, options, log);  // before any input is read

    std::map<std::string, Inputs> inputs;
    const ThreadRunner runner(options.threads, options.tileRows);
    for (std::size_t i : toRun) {
        const BatchVariant& v = batch.variants[i];
        Inputs& in = inputs[inputsKey(v.scenario)];
        if (!in.species) {
            const auto t = Clock::now();
            in.species = std::make_unique<SpeciesTable>(loadSpeciesTable(v.scenario));
            in.state = std::make_unique<LoadedState>(loadState(v.scenario, *in.species, runner));
            in.seconds = std::chrono::duration<double>(Clock::now() - t).count();
        }
        checkProgrammeSpecies(v.scenario, *in.species);
    }
    if (log) fmt::print(*log, "inputs read: {} distinct sets for {} scenarios\n", inputs.size(), toRun.size());

    std::vector<VariantSummary> summaries(batch.variants.size());
    for (auto& [i, s] : finished) summaries[i] = std::move(s);
    BatchProgress progress(log, batch.variants.size(), finished.size(), atOnce);
    std::vector<std::function<void()>> jobs;
    for (std::size_t i : toRun)
        jobs.push_back([&, i] {
            const auto start = Clock::now();
            const BatchVariant& v = batch.variants[i];
            const Inputs& in = inputs.at(inputsKey(v.scenario));
            RunOptions o;
            o.threads = 1;
            o.tileRows = options.tileRows;
            o.draws = options.draws;
            o.commandLine = "batch " + options.batch.string() + " / " + v.name;
            OutputFolder variantOut = out.subfolder(v.name);  // staged in the batch's set
            const RunResult result = runPrepared(v.scenario, *in.species, *in.state, in.seconds, variantOut, o);
            summaries[i] = summarizeVariant(v, result);
            keepFinishedVariant(variantOut.stagingRoot(), done, fingerprints[i], summaries[i]);
            progress.finished(v.name, std::chrono::duration<double>(Clock::now() - start).count());
        });
    ThreadRunner(atOnce, options.tileRows).runAll(jobs);

    writeBatchComparison(out, batch, summaries);
    out.commit();
    fs::remove_all(done, ec);
    if (log) fmt::print(*log, "comparison: {}\nreport: {}\n", (out.root() / "comparison.csv").string(),
                        (out.root() / "report.html").string());
}

}  // namespace forestsink
