#include "report/UncertaintyTable.h"

#include "common/TextFile.h"
#include "report/CsvText.h"
#include "sim/Sampling.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

namespace forestsink {

void writeUncertaintyCsv(const std::filesystem::path& path, const std::vector<DrawResult>& draws,
                         const std::vector<Region>& regions, const std::vector<double>& percentiles) {
    std::string header = "year,region_id,region,metric,draws,mean";
    for (double p : percentiles) header += fmt::format(",p{:g}", p);
    std::string text = header + "\n";
    const std::size_t years = draws.front().years.size();
    const std::pair<const char*, std::function<double(const Totals&)>> metrics[] = {
        {"stock_m3", [](const Totals& t) { return t[kStockM3]; }},
        {"carbon_t", [](const Totals& t) { return t[kCarbonT] + t[kSinkCarbonT]; }},
        {"co2e_t", [](const Totals& t) { return co2eOfTotals(t); }},
    };
    for (std::size_t y = 0; y < years; ++y) {
        for (std::size_t r = 0; r <= regions.size(); ++r) {  // regions, then "all"
            for (const auto& [name, metric] : metrics) {
                std::vector<double> values;
                for (const auto& d : draws)
                    values.push_back(metric(r < regions.size() ? d.years[y].totals.byRegion[r] : d.years[y].totals.province));
                std::sort(values.begin(), values.end());
                double mean = 0;
                for (double v : values) mean += v;
                mean /= static_cast<double>(values.size());
                text += fmt::format("{},{},{},{},{},{:.3f}", draws.front().years[y].totals.year,
                                    r < regions.size() ? std::to_string(regions[r].id) : std::string(),
                                    csvText(r < regions.size() ? regions[r].name : std::string("all")), name,
                                    values.size(), mean);
                for (double p : percentiles) text += fmt::format(",{:.3f}", percentile(values, p));
                text += "\n";
            }
        }
    }
    writeTextFile(path, text);
}

}  // namespace forestsink
