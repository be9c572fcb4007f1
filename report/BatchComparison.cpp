#include "report/BatchComparison.h"

#include "common/TextFile.h"
#include "report/Chart.h"
#include "report/CsvText.h"

#include <fmt/format.h>

#include <set>

namespace forestsink {

std::vector<std::string> writeBatchComparison(OutputFolder& out, const Batch& batch, const std::vector<RunResult>& results) {
    // The comparison.
    std::string table =
        "scenario,parameters,year,stock_m3,living_stock_m3,carbon_t,co2e_t,cumulative_cost_yuan,additional_co2e_t,"
        "cost_per_t_co2e,targets_reached\n";
    std::string targets = "scenario,parameters,target,metric,year,value,simulated,reached,first_year_reached,gap,probability\n";
    std::vector<ChartSeries> stock;
    for (std::size_t i = 0; i < batch.variants.size(); ++i) {
        const BatchVariant& v = batch.variants[i];
        const RunResult& r = results[i];
        ChartSeries series{v.name, {}, {}};
        for (const auto& y : r.years) {
            series.x.push_back(y.totals.year);
            series.y.push_back(y.totals.province[kStockM3] / 1e9);
        }
        stock.push_back(series);
        for (int year : v.scenario.reportYears) {
            const std::size_t y = static_cast<std::size_t>(year - v.scenario.startYear);
            const Totals& p = r.years[y].totals.province;
            const double cost = totalCostYuan(r.years, y, v.scenario);
            std::string additional, perT;
            if (!r.contributions.empty()) {
                const double extra = r.contributions.front().additionalCo2eT[y];
                additional = fmt::format("{:.3f}", extra);
                if (extra > 0 && cost > 0) perT = fmt::format("{:.4f}", cost / extra);
            }
            int reached = 0, due = 0;
            for (const auto& o : r.targets)
                if (o.target->year <= year) ++due, reached += o.reached ? 1 : 0;
            table += fmt::format("{},{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.2f},{},{},{}/{}\n", csvText(v.name),
                                 csvText(v.parameters), year, p[kStockM3], p[kLivingStockM3],
                                 p[kCarbonT] + p[kSinkCarbonT], co2eOfTotals(p), cost, additional, perT, reached, due);
        }
        for (std::size_t k = 0; k < r.targets.size(); ++k) {
            const auto& o = r.targets[k];
            targets += fmt::format("{},{},{},{},{},{:.4f},{:.4f},{},{},{:.4f},{}\n", csvText(v.name),
                                   csvText(v.parameters), csvText(o.target->name),
                                   kTargetMetricNames[static_cast<int>(o.target->metric)], o.target->year, o.required,
                                   o.simulated, o.reached ? "yes" : "no",
                                   o.firstYearReached ? std::to_string(*o.firstYearReached) : std::string(), o.gap,
                                   r.probability.empty() ? std::string() : fmt::format("{:.4f}", r.probability[k]));
        }
    }
    writeTextFile(out.stagingPath("comparison.csv"), table);
    writeTextFile(out.stagingPath("comparison_targets.csv"), targets);
    std::vector<ChartMarker> stockTargets;
    std::set<std::pair<int, double>> seen;
    for (const auto& r : results)
        for (const auto& o : r.targets)
            if (o.target->metric == TargetMetric::StockM3 && seen.insert({o.target->year, o.required}).second)
                stockTargets.push_back({fmt::format("target {}: {:.3g} billion m3", o.target->year, o.required / 1e9),
                                        static_cast<double>(o.target->year), o.required / 1e9});
    drawLineChart(out.stagingPath("comparison.png"), batch.name + ": forest stock", "year", "forest stock (billion m3)",
                  stock, stockTargets);
    return {"comparison.csv", "comparison_targets.csv", "comparison.png"};
}

}  // namespace forestsink
