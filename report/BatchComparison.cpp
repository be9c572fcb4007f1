#include "report/BatchComparison.h"

#include "common/Error.h"
#include "common/TextFile.h"
#include "report/BatchReport.h"
#include "report/Chart.h"
#include "report/CsvText.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <set>

namespace forestsink {

VariantSummary summarizeVariant(const BatchVariant& v, const RunResult& r) {
    VariantSummary s;
    s.name = v.name;
    s.parameters = v.parameters;
    for (std::size_t y = 0; y < r.years.size(); ++y) {
        const Totals& p = r.years[y].totals.province;
        s.years.push_back(r.years[y].totals.year);
        s.stockM3.push_back(p[kStockM3]);
        s.co2eT.push_back(co2eOfTotals(p));
        s.cumulativeCostYuan.push_back(totalCostYuan(r.years, y, v.scenario));
    }
    for (int year : v.scenario.reportYears) {
        const std::size_t y = static_cast<std::size_t>(year - v.scenario.startYear);
        const Totals& p = r.years[y].totals.province;
        const double cost = s.cumulativeCostYuan[y];
        std::string additional, perT;
        if (!r.contributions.empty()) {
            const double extra = r.contributions.front().additionalCo2eT[y];
            additional = fmt::format("{:.3f}", extra);
            if (extra > 0 && cost > 0) perT = fmt::format("{:.4f}", cost / extra);
        }
        int reached = 0, due = 0;
        for (const auto& o : r.targets)
            if (o.target->year <= year) ++due, reached += o.reached ? 1 : 0;
        s.comparisonRows += fmt::format("{},{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.2f},{},{},{}/{}\n", csvText(v.name),
                                        csvText(v.parameters), year, p[kStockM3], p[kLivingStockM3],
                                        p[kCarbonT] + p[kSinkCarbonT], co2eOfTotals(p), cost, additional, perT,
                                        reached, due);
    }
    for (std::size_t k = 0; k < r.targets.size(); ++k) {
        const auto& o = r.targets[k];
        VariantTarget t{o.target->name, kTargetMetricNames[static_cast<int>(o.target->metric)], o.target->year,
                        o.required, o.simulated, o.gap, o.reached, o.firstYearReached, std::nullopt};
        if (!r.probability.empty()) t.probability = r.probability[k];
        s.targetRows += fmt::format("{},{},{},{},{},{:.4f},{:.4f},{},{},{:.4f},{}\n", csvText(v.name),
                                    csvText(v.parameters), csvText(t.name), t.metric, t.year, t.required, t.simulated,
                                    t.reached ? "yes" : "no",
                                    t.firstYearReached ? std::to_string(*t.firstYearReached) : std::string(), t.gap,
                                    t.probability ? fmt::format("{:.4f}", *t.probability) : std::string());
        s.targets.push_back(t);
    }
    return s;
}

nlohmann::json toJson(const VariantSummary& s) {
    nlohmann::json targets = nlohmann::json::array();
    for (const auto& t : s.targets)
        targets.push_back({{"name", t.name}, {"metric", t.metric}, {"year", t.year}, {"required", t.required},
                           {"simulated", t.simulated}, {"gap", t.gap}, {"reached", t.reached},
                           {"first_year_reached", t.firstYearReached ? nlohmann::json(*t.firstYearReached) : nullptr},
                           {"probability", t.probability ? nlohmann::json(*t.probability) : nullptr}});
    return {{"name", s.name}, {"parameters", s.parameters}, {"comparison_rows", s.comparisonRows},
            {"target_rows", s.targetRows}, {"years", s.years}, {"stock_m3", s.stockM3}, {"co2e_t", s.co2eT},
            {"cumulative_cost_yuan", s.cumulativeCostYuan}, {"targets", targets}};
}

VariantSummary variantSummaryFromJson(const nlohmann::json& j, const std::string& what) {
    try {
        VariantSummary s;
        j.at("name").get_to(s.name);
        j.at("parameters").get_to(s.parameters);
        j.at("comparison_rows").get_to(s.comparisonRows);
        j.at("target_rows").get_to(s.targetRows);
        j.at("years").get_to(s.years);
        j.at("stock_m3").get_to(s.stockM3);
        j.at("co2e_t").get_to(s.co2eT);
        j.at("cumulative_cost_yuan").get_to(s.cumulativeCostYuan);
        for (const auto& t : j.at("targets")) {
            VariantTarget v;
            t.at("name").get_to(v.name);
            t.at("metric").get_to(v.metric);
            t.at("year").get_to(v.year);
            t.at("required").get_to(v.required);
            t.at("simulated").get_to(v.simulated);
            t.at("gap").get_to(v.gap);
            t.at("reached").get_to(v.reached);
            if (!t.at("first_year_reached").is_null()) v.firstYearReached = t.at("first_year_reached").get<int>();
            if (!t.at("probability").is_null()) v.probability = t.at("probability").get<double>();
            s.targets.push_back(v);
        }
        if (s.stockM3.size() != s.years.size() || s.co2eT.size() != s.years.size() ||
            s.cumulativeCostYuan.size() != s.years.size())
            throw Error("the yearly series have different lengths");
        return s;
    } catch (const std::exception& e) {
        throw Error(fmt::format("{}: not a batch variant record ({})", what, e.what()));
    }
}

namespace {

// A legend label: the folder, and for a numbered folder (SCENARIO__N) its
// swept values with their short keys.
std::string labelOf(const VariantSummary& s) {
    static const std::regex numbered(".*__[0-9]+"), programme(R"(programmes\[[^\]]*\]\.)");
    if (s.parameters.empty() || !std::regex_match(s.name, numbered)) return s.name;
    return s.name + ": " + std::regex_replace(s.parameters, programme, "");
}

std::vector<ChartSeries> seriesOf(const std::vector<VariantSummary>& summaries,
                                  std::vector<double> VariantSummary::*values, double scale) {
    std::vector<ChartSeries> series;
    for (const auto& s : summaries) {
        ChartSeries c{labelOf(s), {}, {}};
        for (std::size_t y = 0; y < s.years.size(); ++y)
            c.x.push_back(s.years[y]), c.y.push_back((s.*values)[y] / scale);
        series.push_back(std::move(c));
    }
    return series;
}

}  // namespace

std::vector<std::string> writeBatchComparison(OutputFolder& out, const Batch& batch,
                                              const std::vector<VariantSummary>& summaries) {
    std::string table =
        "scenario,parameters,year,stock_m3,living_stock_m3,carbon_t,co2e_t,cumulative_cost_yuan,additional_co2e_t,"
        "cost_per_t_co2e,targets_reached\n";
    std::string targets = "scenario,parameters,target,metric,year,value,simulated,reached,first_year_reached,gap,probability\n";
    std::string scenarios = "folder,scenario,parameters,asked_at\n";
    for (std::size_t i = 0; i < batch.variants.size(); ++i) {
        const BatchVariant& v = batch.variants[i];
        table += summaries[i].comparisonRows;
        targets += summaries[i].targetRows;
        scenarios += fmt::format("{},{},{},{}\n", csvText(v.name), csvText(v.scenario.file.string()),
                                 csvText(v.parameters), csvText(v.where));
    }
    writeTextFile(out.stagingPath("comparison.csv"), table);
    writeTextFile(out.stagingPath("comparison_targets.csv"), targets);
    writeTextFile(out.stagingPath("scenarios.csv"), scenarios);
    std::vector<ChartMarker> stockTargets;
    std::set<std::pair<int, double>> seen;
    for (const auto& s : summaries)
        for (const auto& t : s.targets)
            if (t.metric == kTargetMetricNames[static_cast<int>(TargetMetric::StockM3)] &&
                seen.insert({t.year, t.required}).second)
                stockTargets.push_back({fmt::format("target {}: {:.3g} billion m3", t.year, t.required / 1e9),
                                        static_cast<double>(t.year), t.required / 1e9});
    drawLineChart(out.stagingPath("comparison.png"), batch.name + ": forest stock", "year", "forest stock (billion m3)",
                  seriesOf(summaries, &VariantSummary::stockM3, 1e9), stockTargets);
    drawLineChart(out.stagingPath("comparison_co2e.png"), batch.name + ": carbon stock as CO2e", "year",
                  "CO2e (million t)", seriesOf(summaries, &VariantSummary::co2eT, 1e6));
    drawLineChart(out.stagingPath("comparison_cost.png"), batch.name + ": cumulative programme cost", "year",
                  "cost (billion yuan)", seriesOf(summaries, &VariantSummary::cumulativeCostYuan, 1e9));
    writeBatchReport(out.stagingPath("report.html"), batch, summaries);
    return {"comparison.csv", "comparison_targets.csv", "scenarios.csv", "comparison.png", "comparison_co2e.png",
            "comparison_cost.png", "report.html"};
}

}  // namespace forestsink
