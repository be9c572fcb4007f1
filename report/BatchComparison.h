#pragma once
// The comparison of a batch's variants:
//   comparison.csv          per variant and report year: stock, carbon, CO2e, cost, additional CO2e, targets reached
//   comparison_targets.csv  each target of each variant
//   scenarios.csv           each variant's folder, scenario file and swept parameters
//   comparison.png, comparison_co2e.png, comparison_cost.png
//                           stock, CO2e and cumulative cost of every variant over the years
//   report.html             the batch report (report/BatchReport.h)
// A variant enters as a VariantSummary: made from its run, or read back from
// the record a resumed batch kept (.forestsink-variant.json in its folder).
#include "report/OutputFolder.h"
#include "scenarios/BatchFile.h"
#include "sim/RunResult.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace forestsink {

struct VariantTarget {
    std::string name, metric;
    int year = 0;
    double required = 0, simulated = 0, gap = 0;
    bool reached = false;
    std::optional<int> firstYearReached;
    std::optional<double> probability;
};

// What the comparison needs of one variant's run.
struct VariantSummary {
    std::string name, parameters;
    std::string comparisonRows, targetRows;  // its lines of comparison.csv and comparison_targets.csv
    std::vector<int> years;
    std::vector<double> stockM3, co2eT, cumulativeCostYuan;  // per year
    std::vector<VariantTarget> targets;
};

VariantSummary summarizeVariant(const BatchVariant& variant, const RunResult& result);
nlohmann::json toJson(const VariantSummary& summary);
// Throws Error naming `what` when the record is not a summary.
VariantSummary variantSummaryFromJson(const nlohmann::json& json, const std::string& what);

// `summaries[i]` is the run of `batch.variants[i]`. Returns the relative paths written.
std::vector<std::string> writeBatchComparison(OutputFolder& out, const Batch& batch,
                                              const std::vector<VariantSummary>& summaries);

}  // namespace forestsink
