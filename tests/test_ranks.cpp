// Work shared out over MPI ranks, without MPI: which rank runs which job, the
// bytes a rank sends (exact to the bit), and rank 0's gathering, with a stand-in
// process group that plays the other ranks.
#include "sim/programmes/ProgrammeKinds.h"
#include "SyntheticInputs.h"
#include "app/RunOnRanks.h"
#include "common/Error.h"
#include "common/MemoryUse.h"
#include "sim/StateLoader.h"

#include <gtest/gtest.h>

#include <cstring>
#include <set>

namespace forestsink {
namespace {

TEST(Ranks, EveryJobRunsOnExactlyOneRankAndTheRanksShareThemEvenly) {
    for (int size : {1, 2, 3, 7})
        for (int jobs : {0, 1, 5, 6, 13})
            for (int first : {0, 1 % size}) {
                std::multiset<int> seen;
                std::size_t fewest = SIZE_MAX, most = 0;
                for (int rank = 0; rank < size; ++rank) {
                    const std::vector<int> mine = jobsOfRank(jobs, rank, size, first);
                    EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));
                    for (int j : mine) {
                        EXPECT_EQ((j + first) % size, rank);
                        seen.insert(j);
                    }
                    fewest = std::min(fewest, mine.size());
                    most = std::max(most, mine.size());
                }
                EXPECT_EQ(seen.size(), static_cast<std::size_t>(jobs));
                for (int j = 0; j < jobs; ++j) EXPECT_EQ(seen.count(j), 1u) << "job " << j << " of " << jobs;
                EXPECT_LE(most - fewest, 1u) << jobs << " jobs over " << size << " ranks";
            }
}

// Rank 0 also runs the main simulation: with as many draws as ranks, it runs the last.
TEST(Ranks, RankZeroStartsWithTheSecondDraw) {
    EXPECT_EQ(jobsOfRank(3, 0, 3, 1), std::vector<int>({2}));
    EXPECT_EQ(jobsOfRank(3, 1, 3, 1), std::vector<int>({0}));
    EXPECT_EQ(jobsOfRank(4, 0, 1, 1 % 1), std::vector<int>({0, 1, 2, 3}));
}

// Draw results of a real scenario (two regions, flows and targets).
std::vector<DrawResult> someDraws(const std::vector<int>& which) {
    Scenario s = loadScenario(test::sourceDir() / "scenarios" / "yunnan-baseline.toml", programmeKinds());
    s.endYear = 2009;
    Distribution growth;
    growth.kind = Distribution::LogNormal;
    growth.a = 1.0, growth.b = 0.1;
    s.uncertainty.growth = growth;
    const SpeciesTable species = SpeciesTable::load(s.speciesTable);
    const LoadedState loaded = loadState(s, species, ThreadRunner(2, 64));
    return runDraws(s, species, loaded.state, ThreadRunner(2, 64), which);
}

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expectSameDraw(const DrawResult& a, const DrawResult& b) {
    ASSERT_EQ(a.years.size(), b.years.size());
    EXPECT_EQ(a.reached, b.reached);
    for (std::size_t y = 0; y < a.years.size(); ++y) {
        const YearRecord &ya = a.years[y], &yb = b.years[y];
        EXPECT_EQ(ya.totals.year, yb.totals.year);
        EXPECT_EQ(ya.totals.pools, yb.totals.pools);
        ASSERT_EQ(ya.totals.byRegion.size(), yb.totals.byRegion.size());
        for (std::size_t r = 0; r < ya.totals.byRegion.size(); ++r)
            for (int k = 0; k < kMetricCount; ++k) EXPECT_TRUE(sameBits(ya.totals.byRegion[r][k], yb.totals.byRegion[r][k]));
        for (int k = 0; k < kMetricCount; ++k) EXPECT_TRUE(sameBits(ya.totals.province[k], yb.totals.province[k]));
        ASSERT_EQ(ya.provinceFlows.size(), yb.provinceFlows.size());
        for (std::size_t k = 0; k < ya.provinceFlows.size(); ++k)
            EXPECT_TRUE(sameBits(ya.provinceFlows[k], yb.provinceFlows[k]));
        EXPECT_TRUE(sameBits(ya.balanceError, yb.balanceError));
        EXPECT_TRUE(sameBits(ya.carbonBalanceError, yb.carbonBalanceError));
    }
}

TEST(Ranks, ASharePackedAndUnpackedIsTheSameToTheBit) {
    RankShare share;
    share.record = {2, 3, 123456789, 2, 1, 4.25, 987654321};
    share.draws = {1, 4};
    share.results = someDraws(share.draws);
    share.without[7] = share.results[1].years;  // a run without programme 7: years of totals too
    ASSERT_GT(share.results[0].years.size(), 1u);
    ASSERT_GT(share.results[0].years[0].totals.byRegion.size(), 1u);
    const RankShare back = unpackShare(packShare(share));
    EXPECT_EQ(back.record.rank, 2);
    EXPECT_EQ(back.record.threads, 3);
    EXPECT_EQ(back.record.stateBytes, 123456789u);
    EXPECT_EQ(back.record.peakResidentBytes, 987654321u);
    EXPECT_EQ(back.draws, share.draws);
    ASSERT_EQ(back.results.size(), 2u);
    for (std::size_t k = 0; k < 2; ++k) expectSameDraw(share.results[k], back.results[k]);
    EXPECT_EQ(back.record.runsWithout, 1);
    ASSERT_EQ(back.without.size(), 1u);
    ASSERT_EQ(back.without.count(7), 1u);
    expectSameDraw(DrawResult{share.without.at(7), {}}, DrawResult{back.without.at(7), {}});
    std::string cut = packShare(share);
    cut.pop_back();
    EXPECT_THROW(unpackShare(cut), Error);
}

// Plays an MPI job of `shares.size()` ranks for rank 0: gatherToFirst returns
// what the other ranks would have sent.
class RanksStandIn : public ProcessGroup {
public:
    explicit RanksStandIn(std::vector<std::string> sent) : sent_(std::move(sent)) {}
    int size() const override { return static_cast<int>(sent_.size()); }
    std::vector<std::string> gatherToFirst(std::string mine) const override {
        std::vector<std::string> all = sent_;
        all[0] = std::move(mine);
        return all;
    }

private:
    std::vector<std::string> sent_;
};

RankShare shareOf(int rank, int size, int draws, const std::vector<DrawResult>& all) {
    RankShare s;
    s.record.rank = rank;
    s.draws = jobsOfRank(draws, rank, size, 1);
    for (int d : s.draws) s.results.push_back(all[static_cast<std::size_t>(d)]);
    s.record.draws = static_cast<int>(s.draws.size());
    return s;
}

TEST(Ranks, RankZeroPutsEveryRanksDrawsBackInDrawOrder) {
    const int draws = 5, size = 3;
    const std::vector<DrawResult> all = someDraws({0, 1, 2, 3, 4});
    std::vector<std::string> sent(size);
    for (int rank = 1; rank < size; ++rank) sent[rank] = packShare(shareOf(rank, size, draws, all));
    const RanksStandIn ranks(sent);
    const GatheredDraws gathered = gatherShares(ranks, shareOf(0, size, draws, all), draws);
    ASSERT_EQ(gathered.draws.size(), 5u);
    for (int d = 0; d < draws; ++d) expectSameDraw(gathered.draws[d], all[d]);
    ASSERT_EQ(gathered.ranks.size(), 3u);
    for (int rank = 0; rank < size; ++rank) EXPECT_EQ(gathered.ranks[rank].rank, rank);
    EXPECT_EQ(gathered.ranks[1].draws + gathered.ranks[2].draws + gathered.ranks[0].draws, draws);
}

TEST(Ranks, ADrawSentTwiceOrNeverIsAnError) {
    const int draws = 3, size = 2;
    const std::vector<DrawResult> all = someDraws({0, 1, 2});
    RankShare twice = shareOf(1, size, draws, all);  // draws 0 and 2, and draw 1 of rank 0 again
    twice.draws.push_back(1);
    twice.results.push_back(all[1]);
    EXPECT_THROW(gatherShares(RanksStandIn({"", packShare(twice)}), shareOf(0, size, draws, all), draws), Error);
    RankShare none = shareOf(1, size, draws, all);
    none.draws.clear(), none.results.clear();
    try {
        gatherShares(RanksStandIn({"", packShare(none)}), shareOf(0, size, draws, all), draws);
        FAIL() << "a missing draw was not noticed";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no MPI rank ran draw 0 of 3"), std::string::npos) << e.what();
    }
}

TEST(Ranks, RankZeroGetsEachRunWithoutAProgrammeOnceAndTheRanksRecords) {
    const std::vector<DrawResult> some = someDraws({0, 1, 2});
    RankShare one, two;
    one.record.rank = 1, one.record.runsWithout = 1;
    two.record.rank = 2, two.record.runsWithout = 1;
    one.without[0] = some[0].years;
    two.without[1] = some[1].years;
    RunsWithout runs;
    runs[2] = some[2].years;  // rank 0's own
    const auto records = gatherRunsWithout(RanksStandIn({"", packShare(one), packShare(two)}), runs, 3);
    ASSERT_EQ(runs.size(), 3u);
    for (std::size_t p = 0; p < 3; ++p) expectSameDraw(DrawResult{runs.at(p), {}}, some[p]);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].rank, 1);
    EXPECT_EQ(records[1].rank, 2);
    // Rank 2 runs rank 0's programme as well: an error, as is a programme nobody ran.
    two.without[2] = some[2].years;
    RunsWithout again{{2, some[2].years}};
    EXPECT_THROW(gatherRunsWithout(RanksStandIn({"", packShare(one), packShare(two)}), again, 3), Error);
    RunsWithout missing{{2, some[2].years}};
    two.without.erase(2), two.without.erase(1);
    EXPECT_THROW(gatherRunsWithout(RanksStandIn({"", packShare(one), packShare(two)}), missing, 3), Error);
}

TEST(Ranks, RanksOnOneMachineShareItsMemoryButEachHasItsOwnAddressSpace) {
    MemoryLimits m;
    m.physical = 24'000;
    m.cgroup = 20'000;
    m.ranksSharing = 4;
    EXPECT_EQ(m.available(), 5'000u);
    EXPECT_NE(m.binding().find("shared by the 4 MPI ranks"), std::string::npos) << m.binding();
    m.addressSpace = 3'000;  // ulimit -v is per process
    EXPECT_EQ(m.available(), 3'000u);
    m.cgroup.reset();
    m.addressSpace.reset();
    EXPECT_EQ(m.available(), 6'000u);
}

}  // namespace
}  // namespace forestsink
