#include "app/ConsoleSummary.h"

namespace forestsink {

void printYearLine(const Console& console, const YearRecord& r) {
    const Totals& p = r.totals.province;
    const double treated = treatedHa({r}, 0, -1);
    console.say("{}  forest {:.4f} Mha  coverage {:.2f} %  stock {:.4f} billion m³  CO2e {:.2f} Mt  treated {:.3f} Mha\n",
                r.totals.year, p[kForestAreaHa] / 1e6, metricOf(p, TargetMetric::CoveragePct), p[kStockM3] / 1e9,
                co2eOfTotals(p) / 1e6, treated / 1e6);
}

namespace {

void printProvinceTotals(const Console& console, const YearRecord& lastYear) {
    const Totals& last = lastYear.totals.province;
    console.say(
        "\nProvince totals {}: study area {:.4f} Mha, forest area {:.4f} Mha, coverage {:.2f} %, forest stock {:.4f} "
        "billion m³ (living stock {:.4f}), tree biomass {:.2f} Mt, carbon {:.2f} Mt C, CO2e {:.2f} Mt\n",
        lastYear.totals.year, last[kAreaHa] / 1e6, last[kForestAreaHa] / 1e6, metricOf(last, TargetMetric::CoveragePct),
        last[kStockM3] / 1e9, last[kLivingStockM3] / 1e9, last[kBiomassT] / 1e6, last[kCarbonT] / 1e6,
        co2eOfTotals(last) / 1e6);
}

void printTargets(const Console& console, const std::vector<TargetOutcome>& outcomes,
                  const std::vector<double>& probability) {
    if (!outcomes.empty()) console.say("Targets:\n");
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const auto& o = outcomes[i];
        console.say("  {:<44} {} {}: required {:.6g}, simulated {:.6g} — {}{}{}\n", o.target->name,
                    kTargetMetricNames[static_cast<int>(o.target->metric)], o.target->year, o.required, o.simulated,
                    o.reached ? "reached" : fmt::format("NOT reached, gap {:.4g}", o.gap),
                    o.firstYearReached ? fmt::format(" (first reached {})", *o.firstYearReached)
                                       : std::string(" (never reached)"),
                    probability.empty() ? std::string() : fmt::format("; probability {:.0f} %", 100 * probability[i]));
    }
}

void printContributions(const Console& console, const Scenario& scenario, const std::vector<Contribution>& contributions) {
    if (contributions.empty()) return;
    console.say("What each programme buys by {} (against the plan without it):\n", scenario.endYear);
    for (const auto& c : contributions)
        console.say("  {:<44} {:+.4g} m³  {:+.4g} t CO2e  cost {:.4g} yuan\n", c.name, c.additionalStockM3.back(),
                    c.additionalCo2eT.back(), c.cumulativeCostYuan.back());
}

}  // namespace

void printRunSummary(const Console& console, const Scenario& scenario, const RunResult& result) {
    printProvinceTotals(console, result.years.back());
    printTargets(console, result.targets, result.probability);
    printContributions(console, scenario, result.contributions);
}

}  // namespace forestsink
