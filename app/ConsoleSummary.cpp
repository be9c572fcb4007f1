#include "app/ConsoleSummary.h"

#include "common/DisplayUnits.h"

#include <algorithm>

namespace forestsink {

void printYearLine(const Console& console, const YearRecord& r) {
    const Totals& p = r.totals.province;
    const RunUnits u = unitsForStudyArea(p[kAreaHa]);
    const double treated = treatedHa({r}, 0, -1);
    console.say("{}  forest {}  coverage {:.2f} % (pre-2003 {:.2f} %)  stock {}  CO2e {}  treated {}\n",
                r.totals.year, u.area(p[kForestAreaHa]), coverageCurrentPct(p), coveragePre2003Pct(p),
                u.volume(p[kStockM3]),
                u.mass(co2eOfTotals(p)), u.area(treated));
}

namespace {

void printProvinceTotals(const Console& console, const YearRecord& lastYear) {
    const Totals& last = lastYear.totals.province;
    const RunUnits u = unitsForStudyArea(last[kAreaHa]);
    console.say(
        "\nProvince totals {}: study area {}, forest area {}, coverage {:.2f} % (current standard; {:.2f} % by the pre-2003 standard), forest stock {} (living stock {}), tree "
        "biomass {}, carbon {} C, CO2e {}\n",
        lastYear.totals.year, u.area(last[kAreaHa]), u.area(last[kForestAreaHa]),
        coverageCurrentPct(last), coveragePre2003Pct(last), u.volume(last[kStockM3]), u.volume(last[kLivingStockM3]),
        u.mass(last[kBiomassT]), u.mass(last[kCarbonT]), u.mass(co2eOfTotals(last)));
}

// A target's value in the run's units.
std::string targetValue(double v, TargetMetric m, const RunUnits& u) {
    switch (m) {
        case TargetMetric::StockM3:
        case TargetMetric::LivingStockM3: return u.volume(v);
        case TargetMetric::CoverageCurrentPct: return fmt::format("{:.2f} % (current standard)", v);
        case TargetMetric::CoveragePre2003Pct: return fmt::format("{:.2f} % (pre-2003 standard)", v);
        case TargetMetric::ForestAreaHa:
        case TargetMetric::ForestryLandHa: return u.area(v);
        case TargetMetric::CarbonT: return u.mass(v) + " C";
        case TargetMetric::Co2eT: return u.mass(v) + " CO2e";
    }
    return "";
}

void printTargets(const Console& console, const RunResult& result) {
    const auto& outcomes = result.targets;
    const RunUnits u = unitsForStudyArea(result.years.back().totals.province[kAreaHa]);
    if (!outcomes.empty()) console.say("Targets:\n");
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const auto& o = outcomes[i];
        const TargetMetric m = o.target->metric;
        console.say("  {:<44} by {}: required {}, simulated {} — {}{}{}\n", o.target->name, o.target->year,
                    targetValue(o.required, m, u), targetValue(o.simulated, m, u),
                    o.reached ? "reached, exceeded by " + targetValue(-o.gap, m, u)
                              : "NOT reached, short by " + targetValue(o.gap, m, u),
                    o.firstYearReached ? fmt::format(" (first reached {})", *o.firstYearReached)
                                       : std::string(" (never reached)"),
                    result.probability.empty() ? std::string()
                                               : fmt::format("; probability {:.0f} %", 100 * result.probability[i]));
    }
}

void printContributions(const Console& console, const Scenario& scenario, const RunResult& result) {
    const auto& contributions = result.contributions;
    if (contributions.empty()) return;
    const RunUnits u = unitsForStudyArea(result.years.back().totals.province[kAreaHa]);
    console.say("What each programme buys by {} (against the plan without it):\n", scenario.endYear);
    for (const auto& c : contributions) {
        const double cost = c.cumulativeCostYuan.back();
        console.say("  {:<44} {:+.{}f} {}  {:+.{}f} {} CO2e  cost {}\n", c.name,
                    c.additionalStockM3.back() / u.volume.divisor, u.volume.decimals, u.volume.name,
                    c.additionalCo2eT.back() / u.mass.divisor, u.mass.decimals, u.mass.name,
                    moneyUnitFor(cost)(cost));
    }
}

// What a programme left undone in a year, in hectares or m³ (need less taken, over its quota groups).
double undoneOf(const ProgrammeYear& py) {
    double undone = 0;
    for (std::size_t g = 0; g < py.need.size(); ++g)
        undone += static_cast<double>(std::max<int64_t>(0, py.need[g] - py.taken[g])) * (py.volumeQuota ? 1e-3 : 1e-4);
    return undone;
}

// Programmes whose eligible land (or stock) ran out before their quota was met.
// A total over the period (area_ha_total) carries each year's shortfall into the
// next years' need, so what it left undone is its last year's shortfall, not
// the sum over years (which would count a carried hectare once a year).
void warnShortfalls(const Console& console, const Scenario& scenario, const RunResult& result) {
    const RunUnits u = unitsForStudyArea(result.years.back().totals.province[kAreaHa]);
    for (std::size_t i = 0; i < scenario.programmes.size(); ++i) {
        const bool carriesOver = scenario.programmes[i].areaHaTotal.has_value();
        double undone = 0;
        bool volume = false;
        int first = 0, last = 0, lastActive = 0;
        for (const auto& y : result.years)
            for (const auto& py : y.programmes) {
                if (py.programme != static_cast<int>(i)) continue;
                volume = py.volumeQuota;
                lastActive = y.totals.year;
                const double thisYear = undoneOf(py);
                if (carriesOver) undone = thisYear;
                if (thisYear <= 0) continue;
                if (!carriesOver) undone += thisYear;
                if (!first) first = y.totals.year;
                last = y.totals.year;
            }
        if (undone <= 0) continue;
        const std::string years = fmt::format("{}{}", first, last > first ? fmt::format("–{}", last) : std::string());
        const std::string amount = volume ? u.volume(undone) : u.area(undone);
        if (carriesOver)
            console.warn("programme '{}' left {} of its total undone by {} (short in {}): its eligible {} ran out "
                         "(programmes.csv has the shortfall by year and region)",
                         scenario.programmes[i].name, amount, lastActive, years, volume ? "stock" : "land");
        else
            console.warn("programme '{}' fell short by {} in {}: its eligible {} ran out (programmes.csv has the "
                         "shortfall by year and region)",
                         scenario.programmes[i].name, amount, years, volume ? "stock" : "land");
    }
}

}  // namespace

void printRunSummary(const Console& console, const Scenario& scenario, const RunResult& result) {
    printProvinceTotals(console, result.years.back());
    printTargets(console, result);
    printContributions(console, scenario, result);
    warnShortfalls(console, scenario, result);
}

}  // namespace forestsink
