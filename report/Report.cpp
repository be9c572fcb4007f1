#include "report/Report.h"

#include "common/TextFile.h"
#include "common/Error.h"
#include "report/Sha256.h"
#include "common/Version.h"
#include "raster/Gdal.h"
#include "raster/QgisStyle.h"
#include "report/AnswerSection.h"
#include "report/Chart.h"
#include "report/MapFigure.h"
#include "report/ProvenanceText.h"
#include "report/RegionsSection.h"
#include "report/ReportText.h"
#include "report/LayerStyles.h"
#include "sim/Sampling.h"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_utils.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>

namespace forestsink {
namespace {


std::string base64Of(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    char* encoded = CPLBase64Encode(static_cast<int>(bytes.size()), reinterpret_cast<const GByte*>(bytes.data()));
    std::string out = encoded;
    CPLFree(encoded);
    return out;
}

std::string figure(const std::filesystem::path& png, const std::string& caption) {
    return fmt::format("<figure><img alt=\"{0}\" src=\"data:image/png;base64,{1}\"><figcaption>{0}</figcaption></figure>\n",
                       html(caption), base64Of(png));
}


}  // namespace

namespace {

// What every part of the report reads.
struct ReportParts {
    OutputFolder& out;
    const ReportInputs& in;
    const Scenario& s;
    const RunResult& r;
    std::vector<std::string>& written;
};

// Forest stock of the scenario, the baseline and the draws' percentiles, against the stock targets.
std::string stockChart(ReportParts& part) {
    const RunResult& r = part.r;
    const ReportInputs& in = part.in;
    OutputFolder& out = part.out;
    auto series = [&](const std::string& label, const std::vector<YearRecord>& records, auto metric) {
        ChartSeries c{label, {}, {}};
        for (const auto& y : records) c.x.push_back(y.totals.year), c.y.push_back(metric(y.totals.province));
        return c;
    };
    auto stock = [](const Totals& t) { return t[kStockM3] / 1e9; };
    std::vector<ChartSeries> stockSeries = {series("scenario", r.years, stock)};
    if (in.baseline) stockSeries.push_back(series("baseline", *in.baseline, stock));
    std::vector<ChartBand> bands;
    if (in.draws && !in.draws->empty()) {
        ChartBand band{fmt::format("P5 to P95 of {} draws", in.draws->size()), {}, {}, {}};
        ChartSeries median{"P50 of the draws", {}, {}};
        for (std::size_t y = 0; y < r.years.size(); ++y) {
            std::vector<double> v;
            for (const auto& d : *in.draws) v.push_back(stock(d.years[y].totals.province));
            std::sort(v.begin(), v.end());
            const double year = r.years[y].totals.year;
            band.x.push_back(year), band.low.push_back(percentile(v, 5)), band.high.push_back(percentile(v, 95));
            median.x.push_back(year), median.y.push_back(percentile(v, 50));
        }
        bands.push_back(band);
        stockSeries.push_back(median);
    }
    // Province stock targets, each at its year.
    std::vector<ChartMarker> stockTargets;
    for (const auto& o : r.targets)
        if (o.target->metric == TargetMetric::StockM3 && o.regionIndex < 0)
            stockTargets.push_back({fmt::format("target: {} ({:.3g} billion m³ by {})", o.target->name,
                                                o.required / 1e9, o.target->year),
                                    static_cast<double>(o.target->year), o.required / 1e9});
    const auto stockChart = out.stagingPath("charts/stock.png");
    drawLineChart(stockChart, "Forest stock against the targets", "year", "forest stock (billion m³)", stockSeries,
                  stockTargets, bands);
    part.written.push_back("charts/stock.png");
    return figure(stockChart, "Forest stock against the stock targets, each marked at its year" +
                                  std::string(in.draws ? " (the draws' P5 to P95 shaded, their P50 a line)" : ""));
}

// Additional CO2e of each programme (harvest and disturbance left out).
std::string programmeChart(ReportParts& part) {
    const RunResult& r = part.r;
    if (r.contributions.empty()) return "";
    std::vector<double> years;
    for (const auto& y : r.years) years.push_back(y.totals.year);
    std::vector<ChartSeries> bought;
    for (std::size_t c = 0; c < r.contributions.size(); ++c) {
        const auto& k = r.contributions[c];
        if (k.kind == "harvest" || k.kind == "disturbance") continue;
        ChartSeries line{k.name, years, {}};
        for (double v : k.additionalCo2eT) line.y.push_back(v / 1e6);
        bought.push_back(line);
    }
    const auto chart = part.out.stagingPath("charts/sequestration_by_programme.png");
    drawLineChart(chart, "Additional CO2e by programme", "year", "additional CO2e (Mt CO2e)", bought);
    part.written.push_back("charts/sequestration_by_programme.png");
    std::string figures = figure(chart, "Additional CO2e stored by each programme (the plan against the plan without "
                                        "it) and by all programmes (against the baseline)");
    // What each paid programme costs against what it adds, by the end of the run.
    std::vector<ChartPoint> points;
    for (std::size_t c = 1; c < r.contributions.size(); ++c) {
        const auto& k = r.contributions[c];
        if (k.cumulativeCostYuan.back() > 0)
            points.push_back({k.name, k.additionalCo2eT.back() / 1e6, k.cumulativeCostYuan.back() / 1e6});
    }
    if (points.empty()) return figures;
    const auto costChart = part.out.stagingPath("charts/cost_against_co2e.png");
    drawScatterChart(costChart, fmt::format("Cost against additional CO2e by {}", part.s.endYear),
                     "additional CO2e (Mt CO2e)", "cost (million yuan)", points);
    part.written.push_back("charts/cost_against_co2e.png");
    return figures + figure(costChart, "What each programme costs against the CO2e it adds (the plan against the plan "
                                       "without it); points nearer the bottom right buy CO2e more cheaply");
}

// Quick-look maps of the last report year.
std::string mapsSection(ReportParts& part) {
    OutputFolder& out = part.out;
    const int last = part.s.reportYears.back();
    std::string maps;
    std::optional<MapOutlines> outlines;  // the same for every map
    for (const auto& [layer, caption, ramp, palette] :
         {std::tuple{"volume", "Stand volume (m³/ha)", kVolumeRamp, std::vector<PaletteEntry>{}},
          std::tuple{"carbon", "Tree carbon density (t C/ha)", kCarbonRamp, std::vector<PaletteEntry>{}},
          std::tuple{"sequestration", "Sequestration over the year (t CO2e/ha/yr; positive: uptake)", kSequestrationRamp, std::vector<PaletteEntry>{}},
          std::tuple{"land_class", "Land class", std::vector<RampStop>{}, kLandClassPalette}}) {
        const std::string tifName = fmt::format("rasters/{}_{}.tif", layer, last);
        if (!out.has(tifName)) continue;
        const auto tif = out.stagingPath(tifName);
        const std::string name = fmt::format("maps/{}_{}.png", layer, last);
        // Outlines come from a region raster; a vector region layer's polygons are not outlined.
        if (!outlines && part.s.region && !part.s.region->vector) outlines = regionOutlines(part.s.region->path, tif);
        MapFigure map{tif, outlines ? &*outlines : nullptr, fmt::format("{}, {}", caption, last), "", ramp, palette};
        drawMap(out.stagingPath(name), map);
        part.written.push_back(name);
        std::string legend;
        for (const auto& stop : ramp) legend += fmt::format("<span style=\"background:{}\"></span>{} ", stop.colour, html(stop.label));
        for (const auto& e : palette) legend += fmt::format("<span style=\"background:{}\"></span>{} ", e.colour, html(e.label));
        maps += figure(out.stagingPath(name), fmt::format("{}, {}", caption, last)) +
                "<p class=\"legend\">" + legend + "</p>\n";
    }

    return maps;
}

std::string runSection(const ReportParts& part) {
    const Scenario& s = part.s;
    const RunResult& r = part.r;
    std::string body;
    const Totals& p = r.years.back().totals.province;
    body += fmt::format("<h2>Run</h2>\n<p>{}</p>\n<table>\n", html(s.description));
    for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
             {"scenario", s.name},
             {"period", fmt::format("{} (input state) to {}", s.startYear, s.endYear)},
             {"grid", part.in.gridDescription},
             {"seed", std::to_string(s.seed)},
             {fmt::format("forest area {}", r.years.back().totals.year), number(p[kForestAreaHa]) + " ha"},
             {fmt::format("forest stock {}", r.years.back().totals.year), number(p[kStockM3]) + " m³"},
             {fmt::format("tree carbon {}", r.years.back().totals.year), number(p[kTreeCarbonT]) + " t C"},
             {"CO2e counts", "carbon pools: " + poolList(s.carbon.pools) +
                                 (p[kSinkCarbonT] > 0 ? "; and the sinks of conversions" : "")},
             {"forestsink", kVersion}})
        body += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", html(k), html(v));
    body += "</table>\n";
    for (const auto& note : part.in.notes) body += fmt::format("<p class=\"note\">Note: {}</p>\n", html(note));

    return body;
}

// Areas and costs over the period, and what each programme buys when the
// run measured every programme (--contributions all).
std::string programmesSection(const ReportParts& part) {
    const Scenario& s = part.s;
    const RunResult& r = part.r;
    std::string body;
    const bool eachProgramme = r.contributions.size() == s.programmes.size() + 1;
    body += "<h2>Programmes</h2>\n<table>\n<tr><th>programme</th><th>kind</th><th>years</th><th>area treated (ha)</th>"
            "<th>shortfall</th><th>cost (yuan)</th>" +
            std::string(eachProgramme ? "<th>additional CO2e (t)</th><th>yuan per t CO2e</th>" : "") + "</tr>\n";
    for (std::size_t i = 0; i < s.programmes.size(); ++i) {
        const ProgrammeSpec& spec = s.programmes[i];
        const double ha = treatedHa(r.years, r.years.size() - 1, static_cast<int>(i));
        double shortfall = 0;
        bool volume = false;
        for (const auto& y : r.years)
            for (const auto& py : y.programmes)
                if (py.programme == static_cast<int>(i)) {
                    volume = py.volumeQuota;
                    for (std::size_t g = 0; g < py.need.size(); ++g)
                        shortfall += static_cast<double>(std::max<int64_t>(0, py.need[g] - py.taken[g])) * (volume ? 1e-3 : 1e-4);
                }
        std::string extra;
        if (eachProgramme) {
            const auto& c = r.contributions[i + 1];
            const double co2e = c.additionalCo2eT.back();
            extra = fmt::format("<td>{}</td><td>{}</td>", number(co2e), co2e > 0 && ha * spec.costYuanPerHa > 0
                                                                           ? number(ha * spec.costYuanPerHa / co2e, 1)
                                                                           : std::string("–"));
        }
        body += fmt::format("<tr><td>{}</td><td>{}</td><td>{}–{}</td><td>{}</td><td>{}</td><td>{}</td>{}</tr>\n",
                            html(spec.name), kindName(spec.kind), spec.firstYear, spec.lastYear, number(ha),
                            shortfall > 0 ? number(shortfall) + (volume ? " m³" : " ha") : std::string("0"),
                            number(ha * spec.costYuanPerHa), extra);
    }
    body += "</table>\n";

    return body;
}

// Species parameters and inputs with their sources and checksums.
std::string sourcesSection(const ReportParts& part) {
    const Scenario& s = part.s;
    std::string body;
    body += "<h2>Species parameters and their sources</h2>\n<table>\n<tr><th>code</th><th>species group</th>"
            "<th>curve (Vmax, k, c)</th><th>biomass a + b·V, RSR, CF</th><th>growth source</th><th>biomass source</th></tr>\n";
    for (const auto& g : part.in.species->groups())
        body += fmt::format("<tr><td>{}</td><td>{}</td><td>{:g}, {:g}, {:g}</td><td>{:g} + {:g}·V, {:g}, {:g}</td><td>{}</td><td>{}</td></tr>\n",
                            g.code, html(g.name), g.vmax, g.k, g.c, g.biomassA, g.biomassB, g.rootShoot,
                            g.carbonFraction, html(g.growthSource), html(g.biomassSource));
    body += "</table>\n<h2>Inputs</h2>\n<table>\n<tr><th>role</th><th>file</th><th>bytes</th><th>SHA-256</th></tr>\n";
    std::vector<std::pair<std::string, std::filesystem::path>> inputs = {{"scenario", s.file}, {"species table", s.speciesTable}};
    for (const LayerSpec* l : s.layers()) inputs.emplace_back("layer " + l->name, l->path);
    if (s.regionNames) inputs.emplace_back("region names", *s.regionNames);
    for (const auto& [role, path] : inputs)
        body += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>\n", html(role),
                            html(path.string()), number(static_cast<double>(std::filesystem::file_size(path))),
                            sha256OfFile(path));
    body += "</table>\n<h2>Files</h2>\n<p>Every input with its SHA-256 is also listed in <code>run.json</code>; the tables "
            "behind this page are <code>summary.csv</code>, <code>programmes.csv</code>, <code>targets.csv</code>" +
            std::string(part.r.contributions.empty() ? "" : ", <code>contributions.csv</code>") +
            std::string(part.in.draws ? ", <code>uncertainty.csv</code>" : "") +
            "; the maps are Cloud-Optimised GeoTIFFs in <code>rasters/</code> with QGIS styles beside them.</p>\n";

    return body;
}

// The footer: the shipped demo data's caveat only when the inputs are that data.
std::string footer(const Scenario& s) {
    if (usesSyntheticDemoData(s))
        return fmt::format("Made by forestsink {}. Synthetic demo data and estimated growth curves give illustrative "
                           "figures: check the sources above before quoting them.", kVersion);
    return fmt::format("Made by forestsink {} from the inputs listed above (with their SHA-256); the growth, biomass "
                       "and carbon parameters are the species table's, with the sources above.", kVersion);
}

std::string page(const Scenario& s, const std::string& body) {
    return fmt::format(R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{0}</title>
<style>
body {{ font-family: sans-serif; max-width: 1200px; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; font-size: 90%; }}
tr.yes td:nth-child(6) {{ color: #1b7837; font-weight: bold; }}
tr.no td:nth-child(6) {{ color: #b2182b; font-weight: bold; }}
figure {{ margin: 1em 0; }} img {{ max-width: 100%; border: 1px solid #ddd; }}
.legend span {{ display: inline-block; width: 1.5em; height: 1em; margin: 0 0.3em 0 1em; border: 1px solid #999; }}
.note {{ color: #555; font-size: 90%; }}
.answer {{ font-size: 110%; line-height: 1.5; background: #f4f8f2; padding: 0.8em 1em; border-left: 4px solid #1b7837; }}
</style></head><body>
<h1>{0}</h1>
{1}
<p class="note" id="footer">{2}</p>
</body></html>
)",
                                         html(s.name), body, html(footer(s)));
}

}  // namespace

std::vector<std::string> writeReport(OutputFolder& out, const ReportInputs& in) {
    std::vector<std::string> written;
    ReportParts part{out, in, *in.scenario, *in.result, written};
    // One after the other: each adds the files it writes to `written`, in order.
    std::string charts = stockChart(part);
    charts += programmeChart(part);
    const std::string maps = mapsSection(part);
    const std::string body = answerSection(*in.scenario, *in.result) + runSection(part) + "<h2>Charts</h2>\n" + charts +
                             "<h2>Maps</h2>\n" + maps + programmesSection(part) +
                             regionsSection(*in.scenario, *in.result) + drawsSection(*in.scenario, in.draws ? in.draws->size() : 0) + sourcesSection(part);
    writeTextFile(out.stagingPath("report.html"), page(*in.scenario, body));
    written.push_back("report.html");
    return written;
}

}  // namespace forestsink
