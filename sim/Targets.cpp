#include "sim/Targets.h"

namespace forestsink {

double metricOf(const Totals& t, TargetMetric metric) {
    switch (metric) {
        case TargetMetric::StockM3: return t[kStockM3];
        case TargetMetric::CoveragePct: return t[kAreaHa] > 0 ? 100.0 * t[kCoverageAreaHa] / t[kAreaHa] : 0.0;
        case TargetMetric::ForestAreaHa: return t[kForestAreaHa];
        case TargetMetric::CarbonT: return t[kCarbonT] + t[kSinkCarbonT];
        case TargetMetric::Co2eT: return co2eOfTotals(t);
        case TargetMetric::LivingStockM3: return t[kLivingStockM3];
        case TargetMetric::ForestryLandHa: return t[kForestryLandHa];
    }
    return 0;
}

std::vector<TargetOutcome> evaluateTargets(const Scenario& scenario, const std::vector<YearRecord>& years) {
    std::vector<TargetOutcome> out;
    auto valueIn = [&](int year, TargetMetric m) {
        return metricOf(years.at(static_cast<std::size_t>(year - scenario.startYear)).totals.province, m);
    };
    for (const TargetSpec& t : scenario.targets) {
        TargetOutcome o;
        o.target = &t;
        o.required = t.value + (t.increaseOverYear ? valueIn(*t.increaseOverYear, t.metric) : 0.0);
        o.simulated = valueIn(t.year, t.metric);
        o.reached = o.simulated >= o.required;
        o.gap = o.required - o.simulated;
        for (const YearRecord& y : years)
            if (metricOf(y.totals.province, t.metric) >= o.required) {
                o.firstYearReached = y.totals.year;
                break;
            }
        out.push_back(o);
    }
    return out;
}

}  // namespace forestsink
