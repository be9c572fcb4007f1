#include "sim/Targets.h"

#include "common/Error.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace forestsink {

double metricOf(const Totals& t, TargetMetric metric) {
    switch (metric) {
        case TargetMetric::StockM3: return t[kStockM3];
        case TargetMetric::CoverageCurrentPct: return coverageCurrentPct(t);
        case TargetMetric::CoveragePre2003Pct: return coveragePre2003Pct(t);
        case TargetMetric::ForestAreaHa: return t[kForestAreaHa];
        case TargetMetric::CarbonT: return t[kCarbonT] + t[kSinkCarbonT];
        case TargetMetric::Co2eT: return co2eOfTotals(t);
        case TargetMetric::LivingStockM3: return t[kLivingStockM3];
        case TargetMetric::ForestryLandHa: return t[kForestryLandHa];
    }
    return 0;
}

int targetRegionIndex(const TargetSpec& t, const std::vector<Region>& regions) {
    if (t.region.empty()) return -1;
    for (std::size_t i = 0; i < regions.size(); ++i)
        if (regions[i].name == t.region || std::to_string(regions[i].id) == t.region) return static_cast<int>(i);
    std::vector<std::string> known;
    for (const auto& r : regions) known.push_back(fmt::format("{} ({})", r.id, r.name));
    throw Error(fmt::format("{}: target '{}' names region '{}', which is not on the grid; regions: {}", t.where, t.name,
                            t.region, known.empty() ? std::string("none (the scenario has no region layer)")
                                                    : fmt::format("{}", fmt::join(known, ", "))));
}

double targetValueIn(const YearTotals& totals, const TargetSpec& t, int regionIndex) {
    return metricOf(regionIndex < 0 ? totals.province : totals.byRegion.at(static_cast<std::size_t>(regionIndex)), t.metric);
}

std::vector<TargetOutcome> evaluateTargets(const Scenario& scenario, const std::vector<YearRecord>& years,
                                           const std::vector<Region>& regions) {
    std::vector<TargetOutcome> out;
    for (const TargetSpec& t : scenario.targets) {
        TargetOutcome o;
        o.target = &t;
        o.regionIndex = targetRegionIndex(t, regions);
        auto valueIn = [&](int year) {
            return targetValueIn(years.at(static_cast<std::size_t>(year - scenario.startYear)).totals, t, o.regionIndex);
        };
        o.required = t.value + (t.increaseOverYear ? valueIn(*t.increaseOverYear) : 0.0);
        o.simulated = valueIn(t.year);
        o.reached = o.simulated >= o.required;
        o.gap = o.required - o.simulated;
        for (const YearRecord& y : years)
            if (targetValueIn(y.totals, t, o.regionIndex) >= o.required) {
                o.firstYearReached = y.totals.year;
                break;
            }
        out.push_back(o);
    }
    return out;
}

}  // namespace forestsink
