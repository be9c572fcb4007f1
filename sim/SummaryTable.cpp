#include "sim/SummaryTable.h"

#include "common/Error.h"

#include <fmt/format.h>
#include <fmt/os.h>

namespace forestsink {

const char* const kSummaryHeader =
    "year,region_id,region,area_ha,forest_area_ha,stock_m3,living_stock_m3,biomass_t,above_biomass_t,carbon_t,"
    "co2e_t,sequestration_t_co2e";

namespace {

std::string csvText(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string row(int year, const std::string& id, const std::string& name, const Totals& t, const Totals* previous) {
    const double co2e = t[kCarbonT] * kCo2PerC;
    const std::string sequestration =
        previous ? fmt::format("{:.3f}", co2e - (*previous)[kCarbonT] * kCo2PerC) : std::string();
    return fmt::format("{},{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{}\n", year, id,
                       csvText(name), t[kAreaHa], t[kForestAreaHa], t[kStockM3], t[kLivingStockM3], t[kBiomassT],
                       t[kAboveBiomassT], t[kCarbonT], co2e, sequestration);
}

}  // namespace

void writeSummaryCsv(const std::filesystem::path& path, const std::vector<YearTotals>& years,
                     const std::vector<Region>& regions) {
    std::string text = std::string(kSummaryHeader) + "\n";
    for (std::size_t y = 0; y < years.size(); ++y) {
        const YearTotals* previous = y > 0 ? &years[y - 1] : nullptr;
        for (std::size_t r = 0; r < regions.size(); ++r)
            text += row(years[y].year, std::to_string(regions[r].id), regions[r].name, years[y].byRegion[r],
                        previous ? &previous->byRegion[r] : nullptr);
        text += row(years[y].year, "", "all", years[y].province, previous ? &previous->province : nullptr);
    }
    auto out = fmt::output_file(path.string());
    out.print("{}", text);
}

}  // namespace forestsink
