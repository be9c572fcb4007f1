#include "sim/programmes/ProgrammeKinds.h"
#include "app/BatchCommand.h"

#include "app/BatchResume.h"
#include "app/RunCommand.h"
#include "common/Error.h"
#include "common/MemoryUse.h"
#include "report/BatchComparison.h"
#include "report/OutputFolder.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
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
    return key + "|" + loadedStateIdentity(s);  // the grid, and a grid of stands' eligibility tests
}

// The most a variant's state takes while it is loaded (on a grid of stands, the data's cells under it).
std::size_t stateBytesOf(const Scenario& s) { return cellsRead(s) * CellState::kBytesPerCell; }

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

// What rank 0 decides before any variant runs, for every rank: where the set
// is staged, which variants run (not resumed) and their fingerprints.
struct BatchPlan {
    std::filesystem::path root, staging;
    std::vector<std::size_t> toRun;
    std::vector<std::string> fingerprints;
};

std::string planText(const BatchPlan& plan) {
    return nlohmann::json{{"root", plan.root.string()}, {"staging", plan.staging.string()}, {"to_run", plan.toRun},
                          {"fingerprints", plan.fingerprints}}
        .dump();
}

BatchPlan planFromText(const std::string& text) {
    const nlohmann::json j = nlohmann::json::parse(text);
    return {j.at("root").get<std::string>(), j.at("staging").get<std::string>(),
            j.at("to_run").get<std::vector<std::size_t>>(), j.at("fingerprints").get<std::vector<std::string>>()};
}

// Rank 0 (or the only process): fingerprints, the variants resumed, those to run.
BatchPlan planBatch(const Batch& batch, const BatchOptions& options, OutputFolder& out,
                    std::map<std::size_t, VariantSummary>& finished) {
    BatchPlan plan{out.root(), out.stagingRoot(), {}, {}};
    const fs::path done = doneFolder(out.root());
    std::error_code ec;
    if (!options.resume) fs::remove_all(done, ec);  // a fresh batch keeps nothing of an earlier one
    FileHashes hashes;
    for (const auto& v : batch.variants) plan.fingerprints.push_back(variantFingerprint(v, options.draws, hashes));
    if (options.resume) finished = resumeFinished(batch, out, plan.fingerprints);
    for (std::size_t i = 0; i < batch.variants.size(); ++i)
        if (!finished.count(i)) plan.toRun.push_back(i);
    if (options.log && options.resume)
        fmt::print(*options.log, "resuming: {} of {} variants done before, {} to run\n", finished.size(),
                   batch.variants.size(), plan.toRun.size());
    return plan;
}

// Runs `mine` (variant indices), as many at once as fit, each variant's
// folder staged in `out`; returns their summaries by index.
std::map<std::size_t, VariantSummary> runVariants(const Batch& batch, const BatchOptions& options,
                                                  const BatchPlan& plan, const std::vector<std::size_t>& mine,
                                                  std::size_t doneBefore, OutputFolder& out) {
    std::ostream* log = options.log;
    const int atOnce = variantsAtOnce(batch, mine, options, log);  // before any input is read
    std::map<std::string, Inputs> inputs;
    const ThreadRunner runner(options.threads, options.tileRows);
    for (std::size_t i : mine) {
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
    if (log) fmt::print(*log, "inputs read: {} distinct sets for {} scenarios\n", inputs.size(), mine.size());

    const fs::path done = doneFolder(plan.root);
    std::vector<VariantSummary> summaries(batch.variants.size());
    BatchProgress progress(log, doneBefore + mine.size(), doneBefore, atOnce);
    std::vector<std::function<void()>> jobs;
    for (std::size_t i : mine)
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
            keepFinishedVariant(variantOut.stagingRoot(), done, plan.fingerprints[i], summaries[i]);
            progress.finished(v.name, std::chrono::duration<double>(Clock::now() - start).count());
        });
    ThreadRunner(atOnce, options.tileRows).runAll(jobs);
    std::map<std::size_t, VariantSummary> byIndex;
    for (std::size_t i : mine) byIndex.emplace(i, std::move(summaries[i]));
    return byIndex;
}

// The variants of `plan.toRun` that this rank runs.
std::vector<std::size_t> variantsOfRank(const BatchPlan& plan, const ProcessGroup& ranks) {
    std::vector<std::size_t> mine;
    for (int j : jobsOfRank(static_cast<int>(plan.toRun.size()), ranks.rank(), ranks.size()))
        mine.push_back(plan.toRun[static_cast<std::size_t>(j)]);
    return mine;
}

std::string summariesText(const std::map<std::size_t, VariantSummary>& summaries) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& [i, s] : summaries) j.push_back({{"index", i}, {"summary", toJson(s)}});
    return j.dump();
}

// Rank 0: the summaries every other rank sent, added to `summaries`.
void addSummariesOfOtherRanks(const std::vector<std::string>& texts, std::vector<VariantSummary>& summaries) {
    for (std::size_t rank = 1; rank < texts.size(); ++rank)
        for (const auto& entry : nlohmann::json::parse(texts[rank]))
            summaries.at(entry.at("index").get<std::size_t>()) =
                variantSummaryFromJson(entry.at("summary"), fmt::format("the summaries of MPI rank {}", rank));
}

// A rank other than 0: its share of the variants, staged in rank 0's set.
void runShareOfBatch(const Batch& batch, const BatchOptions& options) {
    const ProcessGroup& ranks = *options.processes;
    const BatchPlan plan = planFromText(ranks.broadcastFromFirst(std::string()));
    OutputFolder out(plan.root, plan.staging);
    const auto summaries = runVariants(batch, options, plan, variantsOfRank(plan, ranks), 0, out);
    ranks.gatherToFirst(summariesText(summaries));
}

}  // namespace

void runBatch(const BatchOptions& options) {
    const Batch batch = loadBatch(options.batch, programmeKinds());
    const ProcessGroup& ranks = *options.processes;
    if (!ranks.isFirst()) return runShareOfBatch(batch, options);
    std::ostream* log = options.log;
    if (log) fmt::print(*log, "batch {}: {} scenarios{}\n", batch.name, batch.variants.size(),
                        ranks.size() > 1 ? fmt::format(", shared out over {} MPI ranks", ranks.size()) : "");
    OutputFolder out(options.outDir);  // one set: the comparison and every variant appear together
    std::map<std::size_t, VariantSummary> finished;
    const BatchPlan plan = planBatch(batch, options, out, finished);
    ranks.broadcastFromFirst(planText(plan));
    const std::vector<std::size_t> mine = variantsOfRank(plan, ranks);
    if (log && ranks.size() > 1)
        fmt::print(*log, "rank 0 runs {} of the {} variants to run; the counts below are its own\n", mine.size(),
                   plan.toRun.size());

    std::vector<VariantSummary> summaries(batch.variants.size());
    for (auto& [i, s] : finished) summaries[i] = std::move(s);
    for (auto& [i, s] : runVariants(batch, options, plan, mine, ranks.size() > 1 ? 0 : finished.size(), out))
        summaries[i] = std::move(s);
    addSummariesOfOtherRanks(ranks.gatherToFirst(std::string()), summaries);

    writeBatchComparison(out, batch, summaries);
    out.commit();
    std::error_code ec;
    fs::remove_all(doneFolder(out.root()), ec);
    if (log) fmt::print(*log, "comparison: {}\nreport: {}\n", (out.root() / "comparison.csv").string(),
                        (out.root() / "report.html").string());
}

}  // namespace forestsink
