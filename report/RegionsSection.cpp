#include "report/RegionsSection.h"

#include "report/ReportText.h"

#include <fmt/format.h>

namespace forestsink {
namespace {

// Area treated and cost of the programmes (harvest and disturbances are not
// programmes a plan pays for) in region `index`, over the whole period.
std::pair<double, double> treatedAndCost(const Scenario& s, const RunResult& r, std::size_t index) {
    double ha = 0, yuan = 0;
    for (const YearRecord& y : r.years)
        for (const ProgrammeYear& p : y.programmes) {
            const ProgrammeSpec& spec = s.programmes.at(static_cast<std::size_t>(p.programme));
            if (spec.kind == ProgrammeKind::Harvest || spec.kind == ProgrammeKind::Disturbance) continue;
            if (index >= p.areaM2ByRegion.size()) continue;
            const double regionHa = static_cast<double>(p.areaM2ByRegion[index]) * 1e-4;
            ha += regionHa;
            yuan += regionHa * spec.costYuanPerHa;
        }
    return {ha, yuan};
}

}  // namespace

std::string regionsSection(const Scenario& s, const RunResult& r) {
    if (r.regions.size() < 2) return "";  // one region is the whole study area, above
    const YearTotals& first = r.years.front().totals;
    const YearTotals& last = r.years.back().totals;
    std::string body = fmt::format(
        "<h2>Regions</h2>\n<table>\n<tr><th>id</th><th>region</th><th>study area (ha)</th>"
        "<th>forest area {1} (ha)</th><th>coverage {0}, current standard (%)</th><th>coverage {1}, current standard (%)</th><th>coverage {1}, pre-2003 standard (%)</th><th>forest stock {0} (m³)</th>"
        "<th>forest stock {1} (m³)</th><th>CO2e {1} (t CO2e)</th><th>area treated by programmes (ha)</th>"
        "<th>programme cost (million yuan)</th></tr>\n",
        first.year, last.year);
    for (std::size_t i = 0; i < r.regions.size(); ++i) {
        const Totals& a = first.byRegion.at(i);
        const Totals& b = last.byRegion.at(i);
        const auto [ha, yuan] = treatedAndCost(s, r, i);
        body += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                            r.regions[i].id, html(r.regions[i].name), number(b[kAreaHa]), number(b[kForestAreaHa]),
                            number(coverageCurrentPct(a), 2), number(coverageCurrentPct(b), 2),
                            number(coveragePre2003Pct(b), 2), number(a[kStockM3]),
                            number(b[kStockM3]), number(co2eOfTotals(b)), number(ha), number(yuan / 1e6, 1));
    }
    body += "</table>\n<p class=\"note\">By region, year and programme in <code>summary.csv</code> and "
            "<code>programmes.csv</code>; a target may name a region (<code>region = \"…\"</code> in "
            "<code>[[targets]]</code>).</p>\n";
    return body;
}

}  // namespace forestsink
