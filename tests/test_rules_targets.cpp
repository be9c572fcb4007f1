// Targets: reached at the target year, the first year reached, the gap and
// its sign, increases over a base year, and which total each metric reads.
// Yearly totals are set by hand.
#include "sim/Simulation.h"
#include "sim/Targets.h"
#include "common/Error.h"

#include <gtest/gtest.h>

namespace forestsink {
namespace {

// Years 2010.. with the given province stock (m³).
std::vector<YearRecord> stockSeries(const std::vector<double>& stock) {
    std::vector<YearRecord> years;
    for (std::size_t k = 0; k < stock.size(); ++k) {
        YearRecord r;
        r.totals.year = 2010 + static_cast<int>(k);
        r.totals.province[kStockM3] = stock[k];
        years.push_back(r);
    }
    return years;
}

Scenario withTarget(int year, double value, std::optional<int> increaseOver = std::nullopt) {
    Scenario s;
    s.startYear = 2010;
    s.endYear = 2015;
    TargetSpec t;
    t.name = "stock";
    t.metric = TargetMetric::StockM3;
    t.year = year;
    t.value = value;
    t.increaseOverYear = increaseOver;
    s.targets = {t};
    return s;
}

TEST(RulesTargets, FirstYearReachedIsTheFirstYearAtOrAboveTheValue) {
    const auto years = stockSeries({90, 99, 100, 98, 105, 110});
    const Scenario s = withTarget(2015, 100);
    const TargetOutcome o = evaluateTargets(s, years).at(0);
    ASSERT_TRUE(o.firstYearReached.has_value());
    EXPECT_EQ(*o.firstYearReached, 2012);  // exactly 100 counts as reached
    EXPECT_TRUE(o.reached);
    EXPECT_DOUBLE_EQ(o.simulated, 110);
}

// A target met exactly in its year is reached, with a gap of zero.
TEST(RulesTargets, ATargetMetExactlyInItsYearIsReached) {
    const auto years = stockSeries({90, 95, 100, 104, 108, 112});
    const TargetOutcome o = evaluateTargets(withTarget(2012, 100), years).at(0);
    EXPECT_TRUE(o.reached);
    EXPECT_DOUBLE_EQ(o.gap, 0);
    EXPECT_EQ(o.firstYearReached.value_or(0), 2012);
}

TEST(RulesTargets, GapIsPositiveWhenShortAndNegativeWhenExceeded) {
    const auto years = stockSeries({90, 95, 100, 104, 108, 112});
    const TargetOutcome shortOf = evaluateTargets(withTarget(2012, 130), years).at(0);
    EXPECT_FALSE(shortOf.reached);
    EXPECT_DOUBLE_EQ(shortOf.gap, 30);  // 130 required − 100 simulated
    EXPECT_FALSE(shortOf.firstYearReached.has_value());
    const TargetOutcome beyond = evaluateTargets(withTarget(2014, 100), years).at(0);
    EXPECT_TRUE(beyond.reached);
    EXPECT_DOUBLE_EQ(beyond.gap, -8);
}

// A regional target reads its region's totals, by name or by id, and is
// evaluated like a province one; a region not on the grid is refused.
TEST(RulesTargets, ARegionalTargetReadsItsRegion) {
    auto years = stockSeries({300, 310, 320, 330, 340, 350});  // the province passes 200 at once
    const std::vector<double> north = {100, 120, 140, 160, 180, 200}, south = {200, 190, 180, 170, 160, 150};
    for (std::size_t k = 0; k < years.size(); ++k) {
        years[k].totals.byRegion.assign(2, Totals{});
        years[k].totals.byRegion[0][kStockM3] = north[k];
        years[k].totals.byRegion[1][kStockM3] = south[k];
    }
    const std::vector<Region> regions = {{7, "North"}, {9, "South"}};
    Scenario s = withTarget(2015, 160);
    s.targets.push_back(s.targets[0]);
    s.targets[0].region = "North";
    s.targets[1].region = "9";  // South, by id
    const auto o = evaluateTargets(s, years, regions);
    EXPECT_TRUE(o[0].reached);
    EXPECT_EQ(o[0].firstYearReached.value_or(0), 2013);  // 160 in 2013
    EXPECT_DOUBLE_EQ(o[0].simulated, 200);
    EXPECT_EQ(o[0].regionIndex, 0);
    EXPECT_FALSE(o[1].reached);
    EXPECT_DOUBLE_EQ(o[1].gap, 10);  // 160 − 150
    EXPECT_EQ(o[1].firstYearReached.value_or(0), 2010);  // South starts above and falls below
    s.targets[1].region = "West";
    s.targets[1].where = "plan.toml:40:1";
    try {
        evaluateTargets(s, years, regions);
        FAIL() << "an unknown region was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("plan.toml:40:1: target 'stock' names region 'West', which is not on the "
                                             "grid; regions: 7 (North), 9 (South)"),
                  std::string::npos) << e.what();
    }
}

// Reached means reached at the target year: a stock that passes the value in
// 2011 and falls below it by the target year 2013 has not reached it.
TEST(RulesTargets, ReachedIsJudgedAtTheTargetYear) {
    const auto years = stockSeries({90, 101, 103, 97, 120, 130});
    const TargetOutcome o = evaluateTargets(withTarget(2013, 100), years).at(0);
    EXPECT_FALSE(o.reached);
    EXPECT_DOUBLE_EQ(o.simulated, 97);
    EXPECT_DOUBLE_EQ(o.gap, 3);
    EXPECT_EQ(o.firstYearReached.value_or(0), 2011);
}

TEST(RulesTargets, IncreaseOverABaseYearAddsThatYearsSimulatedValue) {
    const auto years = stockSeries({90, 95, 100, 104, 108, 112});
    const TargetOutcome o = evaluateTargets(withTarget(2015, 20, 2011), years).at(0);
    EXPECT_DOUBLE_EQ(o.required, 95 + 20);
    EXPECT_FALSE(o.reached);
    EXPECT_DOUBLE_EQ(o.gap, 3);
}

TEST(RulesTargets, EachMetricReadsItsTotal) {
    Totals t{};
    t[kAreaHa] = 400;
    t[kPre2003CoverageAreaHa] = 230;
    t[kForestAreaHa] = 180;
    t[kStockM3] = 5000;
    t[kLivingStockM3] = 5600;
    t[kCarbonT] = 900;
    t[kSinkCarbonT] = 60;
    t[kForestryLandHa] = 310;
    EXPECT_DOUBLE_EQ(metricOf(t, TargetMetric::StockM3), 5000);
    EXPECT_DOUBLE_EQ(metricOf(t, TargetMetric::LivingStockM3), 5600);
    EXPECT_DOUBLE_EQ(metricOf(t, TargetMetric::CoveragePre2003Pct), 100.0 * 230 / 400);
    EXPECT_DOUBLE_EQ(metricOf(t, TargetMetric::CoverageCurrentPct), 100.0 * 180 / 400);
    EXPECT_DOUBLE_EQ(metricOf(t, TargetMetric::ForestAreaHa), 180);
    EXPECT_DOUBLE_EQ(metricOf(t, TargetMetric::ForestryLandHa), 310);
    EXPECT_DOUBLE_EQ(metricOf(t, TargetMetric::CarbonT), 960);  // tree + sink carbon
    EXPECT_NEAR(metricOf(t, TargetMetric::Co2eT), 960 * 44.0 / 12.0, 1e-9);
}

}  // namespace
}  // namespace forestsink
