#include "app/RunOnRanks.h"

#include "common/Error.h"
#include "common/MemoryUse.h"

#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <type_traits>

namespace forestsink {
namespace {

// Appends plain values and vectors of them as their bytes.
class ByteWriter {
public:
    template <class T>
    void put(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        bytes_.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    template <class T>
    void putVector(const std::vector<T>& v) {
        put<uint64_t>(v.size());
        for (const T& x : v) put(x);
    }
    std::string take() { return std::move(bytes_); }

private:
    std::string bytes_;
};

// Reads what ByteWriter wrote; a short message is a bug between ranks, not the user's.
class ByteReader {
public:
    explicit ByteReader(const std::string& bytes) : bytes_(bytes) {}
    template <class T>
    T get() {
        static_assert(std::is_trivially_copyable_v<T>);
        if (bytes_.size() - at_ < sizeof(T)) throw Error("a rank's Monte Carlo results arrived cut short");
        T v;
        std::memcpy(&v, bytes_.data() + at_, sizeof v);
        at_ += sizeof v;
        return v;
    }
    template <class T>
    std::vector<T> getVector() {
        std::vector<T> v(get<uint64_t>());
        for (T& x : v) x = get<T>();
        return v;
    }
    bool atEnd() const { return at_ == bytes_.size(); }

private:
    const std::string& bytes_;
    std::size_t at_ = 0;
};

// A draw keeps totals only (runDraws clears flows by region and programmes).
void putYear(ByteWriter& w, const YearRecord& y) {
    w.put(y.totals.year);
    w.put(y.totals.pools);
    w.putVector(y.totals.byRegion);
    w.put(y.totals.province);
    w.putVector(y.provinceFlows);
    w.put(y.balanceError);
    w.put(y.carbonBalanceError);
}

YearRecord getYear(ByteReader& r) {
    YearRecord y;
    y.totals.year = r.get<int>();
    y.totals.pools = r.get<unsigned>();
    y.totals.byRegion = r.getVector<Totals>();
    y.totals.province = r.get<Totals>();
    y.provinceFlows = r.getVector<double>();
    y.balanceError = r.get<double>();
    y.carbonBalanceError = r.get<double>();
    return y;
}

void putYears(ByteWriter& w, const std::vector<YearRecord>& years) {
    w.put<uint64_t>(years.size());
    for (const YearRecord& y : years) putYear(w, y);
}

std::vector<YearRecord> getYears(ByteReader& r) {
    std::vector<YearRecord> years(r.get<uint64_t>());
    for (YearRecord& y : years) y = getYear(r);
    return years;
}

}  // namespace

std::string packShare(const RankShare& share) {
    ByteWriter w;
    w.put(share.record);
    w.putVector(share.draws);
    for (const DrawResult& d : share.results) {
        putYears(w, d.years);
        w.putVector(std::vector<uint8_t>(d.reached.begin(), d.reached.end()));
    }
    w.put<uint64_t>(share.without.size());
    for (const auto& [programme, years] : share.without) {
        w.put<uint64_t>(programme);
        putYears(w, years);
    }
    return w.take();
}

RankShare unpackShare(const std::string& bytes) {
    ByteReader r(bytes);
    RankShare share;
    share.record = r.get<RankRecord>();
    share.draws = r.getVector<int>();
    for (std::size_t k = 0; k < share.draws.size(); ++k) {
        DrawResult d;
        d.years = getYears(r);
        const std::vector<uint8_t> reached = r.getVector<uint8_t>();
        d.reached.assign(reached.begin(), reached.end());
        share.results.push_back(std::move(d));
    }
    for (uint64_t k = r.get<uint64_t>(); k > 0; --k) {
        const auto programme = static_cast<std::size_t>(r.get<uint64_t>());
        share.without[programme] = getYears(r);
    }
    if (!r.atEnd()) throw Error("a rank's Monte Carlo results hold more than its draws");
    return share;
}

std::vector<int> jobsOfThisRank(int count, const ProcessGroup& ranks) {
    return jobsOfRank(count, ranks.rank(), ranks.size(), 1 % ranks.size());
}

GatheredDraws gatherShares(const ProcessGroup& ranks, RankShare mine, int draws) {
    GatheredDraws all;
    all.draws.resize(static_cast<std::size_t>(std::max(0, draws)));
    std::vector<bool> arrived(all.draws.size());
    std::vector<std::string> others = ranks.gatherToFirst(std::string());
    for (int rank = 0; rank < ranks.size(); ++rank) {
        RankShare share = rank == 0 ? std::move(mine) : unpackShare(others[static_cast<std::size_t>(rank)]);
        for (std::size_t k = 0; k < share.draws.size(); ++k) {
            const int d = share.draws[k];
            if (d < 0 || d >= draws || arrived[static_cast<std::size_t>(d)])
                throw Error(fmt::format("MPI rank {} sent draw {} of {}, which is not its own", rank, d, draws));
            all.draws[static_cast<std::size_t>(d)] = std::move(share.results[k]);
            arrived[static_cast<std::size_t>(d)] = true;
        }
        all.ranks.push_back(share.record);
    }
    for (int d = 0; d < draws; ++d)
        if (!arrived[static_cast<std::size_t>(d)]) throw Error(fmt::format("no MPI rank ran draw {} of {}", d, draws));
    return all;
}

std::vector<RankRecord> gatherRunsWithout(const ProcessGroup& ranks, RunsWithout& runs, std::size_t programmes) {
    const std::vector<std::string> others = ranks.gatherToFirst(std::string());
    std::vector<RankRecord> records;
    for (int rank = 1; rank < ranks.size(); ++rank) {
        RankShare share = unpackShare(others[static_cast<std::size_t>(rank)]);
        records.push_back(share.record);
        for (auto& [programme, years] : share.without)
            if (programme >= programmes || !runs.emplace(programme, std::move(years)).second)
                throw Error(fmt::format("MPI rank {} sent the run without programme {} of {}, which is not its own",
                                        rank, programme, programmes));
    }
    for (std::size_t p = 0; p < programmes; ++p)
        if (!runs.count(p)) throw Error(fmt::format("no MPI rank ran the plan without programme {} of {}", p, programmes));
    return records;
}

void sendShare(const ProcessGroup& ranks, const RankShare& mine) { ranks.gatherToFirst(packShare(mine)); }

bool runsWithoutEachProgramme(const Scenario& scenario, const RunOptions& options) {
    return (scenario.baseline || options.baseline) && options.contributions == ContributionsMode::All;
}

RankSplit splitOf(const Scenario& scenario, const RunOptions& options) {
    if (options.split != RankSplit::Auto) return options.split;
    const int draws = options.draws.value_or(scenario.uncertainty.draws);
    return draws > 0 || runsWithoutEachProgramme(scenario, options) ? RankSplit::Runs : RankSplit::Bands;
}

void runShareOfRun(const Scenario& scenario, const SpeciesTable& species, const RunOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const ProcessGroup& ranks = *options.processes;
    const int draws = options.draws.value_or(scenario.uncertainty.draws);
    const bool withoutEach = runsWithoutEachProgramme(scenario, options);
    RankShare mine;
    mine.record.rank = ranks.rank();
    mine.record.threads = options.threads;
    mine.draws = jobsOfThisRank(draws, ranks);
    std::vector<std::size_t> without;
    if (withoutEach)
        for (int p : jobsOfThisRank(static_cast<int>(scenario.programmes.size()), ranks))
            without.push_back(static_cast<std::size_t>(p));
    std::optional<LoadedState> loaded;
    int statesFit = 0;
    const ThreadRunner runner(options.threads, options.tileRows);
    if (!mine.draws.empty() || !without.empty()) {
        loaded = loadState(scenario, species, runner);
        mine.record.stateBytes = loaded->state.stateBytes();
        mine.record.rowCount = loaded->state.grid.rows;
        // The loaded state stays; each draw or run in flight holds its own copy.
        statesFit = statesThatFit(mine.record.stateBytes, kRunReservedBytes);
        requireMemoryForDraws(static_cast<int>(mine.draws.size()), mine.record.stateBytes, statesFit);
    }
    const int years = scenario.endYear - scenario.startYear + 1;
    auto finishRecord = [&] {
        mine.record.simulatedYears = years * (mine.record.draws + mine.record.runsWithout);
        mine.record.communication = ranks.traffic();
        mine.record.peakResidentBytes = peakResidentBytes();
        mine.record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    if (!mine.draws.empty()) {
        const ThreadRunner drawRunner(std::max(1, std::min(options.threads, statesFit - 1)), options.tileRows);
        mine.results = runDraws(scenario, species, loaded->state, drawRunner, mine.draws);
    }
    mine.record.draws = static_cast<int>(mine.draws.size());
    finishRecord();
    sendShare(ranks, mine);
    if (!withoutEach) return;
    RankShare runs;
    // As rank 0 does: a copy of the loaded state when two fit, else the inputs read again.
    auto initialFor = [&](const Scenario& s) { return statesFit >= 2 ? loaded->state : loadState(s, species, runner).state; };
    runs.without = runWithoutProgrammes(scenario, without, species, initialFor, runner, statesFit >= 1 + options.threads);
    mine.record.runsWithout = static_cast<int>(without.size());
    finishRecord();
    runs.record = mine.record;
    sendShare(ranks, runs);
}

}  // namespace forestsink
