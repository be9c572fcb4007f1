#include "report/ReportText.h"

#include "common/DisplayUnits.h"
#include "raster/QgisStyle.h"

#include <fmt/format.h>

#include <cmath>

namespace forestsink {

std::string html(const std::string& s) { return xmlEscape(s); }

std::string number(double v, int decimals) {
    std::string s = fmt::format("{:.{}f}", v, decimals);
    if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) s = fmt::format("{:.{}f}", 0.0, decimals);
    const auto dot = s.find('.');
    int end = static_cast<int>(dot == std::string::npos ? s.size() : dot);
    for (int i = end - 3; i > (s[0] == '-' ? 1 : 0); i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

const char* metricUnit(TargetMetric metric) {
    switch (metric) {
        case TargetMetric::StockM3:
        case TargetMetric::LivingStockM3: return "m³";
        case TargetMetric::CoverageCurrentPct:
        case TargetMetric::CoveragePre2003Pct: return "%";
        case TargetMetric::ForestAreaHa:
        case TargetMetric::ForestryLandHa: return "ha";
        case TargetMetric::CarbonT: return "t C";
        case TargetMetric::Co2eT: return "t CO2e";
    }
    return "";
}

int metricDecimals(TargetMetric metric) { return isCoverageMetric(metric) ? 2 : 0; }

std::string metricInWords(double value, TargetMetric metric) {
    switch (metric) {
        case TargetMetric::StockM3:
        case TargetMetric::LivingStockM3: return roughly(value, volumeUnitFor(std::abs(value)));
        case TargetMetric::CoverageCurrentPct: return fmt::format("{:.3g} % (current standard)", value);
        case TargetMetric::CoveragePre2003Pct: return fmt::format("{:.3g} % (pre-2003 standard)", value);
        case TargetMetric::ForestAreaHa:
        case TargetMetric::ForestryLandHa: return roughly(value, areaUnitFor(std::abs(value)));
        case TargetMetric::CarbonT: return roughly(value, massUnitFor(std::abs(value))) + " C";
        case TargetMetric::Co2eT: return roughly(value, massUnitFor(std::abs(value))) + " CO2e";
    }
    return "";
}

}  // namespace forestsink
