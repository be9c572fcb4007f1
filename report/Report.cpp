#include "report/Report.h"

#include "common/TextFile.h"
#include "common/Error.h"
#include "report/Sha256.h"
#include "common/Version.h"
#include "raster/Gdal.h"
#include "raster/QgisStyle.h"
#include "report/Chart.h"
#include "report/LayerStyles.h"
#include "sim/Sampling.h"

#include <cpl_string.h>
#include <unistd.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_utils.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

namespace forestsink {
namespace {

// HTML text needs the same escapes as XML.
std::string html(const std::string& s) { return xmlEscape(s); }

int hexByte(const std::string& colour, int i) { return std::stoi(colour.substr(1 + 2 * i, 2), nullptr, 16); }

// A quick-look PNG of a raster, coloured by GDAL (color-relief) with the
// layer's ramp or palette; nodata is transparent.
void renderMap(const std::filesystem::path& tif, const std::filesystem::path& png, const std::vector<RampStop>& ramp,
               const std::vector<PaletteEntry>& palette) {
    std::string colours;
    for (const auto& s : ramp)
        colours += fmt::format("{:g} {} {} {} 255\n", s.value, hexByte(s.colour, 0), hexByte(s.colour, 1), hexByte(s.colour, 2));
    for (const auto& e : palette)
        colours += fmt::format("{} {} {} {} 255\n", e.value, hexByte(e.colour, 0), hexByte(e.colour, 1), hexByte(e.colour, 2));
    colours += "nv 0 0 0 0\n";
    // A scratch name no other map of this process shares (batch variants render at once).
    static std::atomic<unsigned long> maps{0};
    const std::string colourFile = fmt::format("/vsimem/forestsink-colours-{}-{}.txt", ::getpid(), maps++);
    VSILFILE* f = VSIFOpenL(colourFile.c_str(), "wb");
    if (!f || VSIFWriteL(colours.data(), 1, colours.size(), f) != colours.size() || VSIFCloseL(f) != 0)
        throw Error(fmt::format("{}: cannot write the colour table of the map in memory", png.string()));
    auto full = openRaster(tif, "map source");
    // A quick look: at most kMapPixels across, averaged (or the commonest class).
    constexpr int kMapPixels = 1200;
    GDALDatasetUniquePtr small;
    GDALDataset* src = full.get();
    if (full->GetRasterXSize() > kMapPixels || full->GetRasterYSize() > kMapPixels) {
        const bool wide = full->GetRasterXSize() >= full->GetRasterYSize();
        CPLStringList t;
        for (const std::string& a : {std::string("-of"), std::string("MEM"), std::string("-outsize"),
                                     wide ? std::to_string(kMapPixels) : std::string("0"),
                                     wide ? std::string("0") : std::to_string(kMapPixels), std::string("-r"),
                                     std::string(palette.empty() ? "average" : "mode")})
            t.AddString(a.c_str());
        std::unique_ptr<GDALTranslateOptions, decltype(&GDALTranslateOptionsFree)> topt(
            GDALTranslateOptionsNew(t.List(), nullptr), GDALTranslateOptionsFree);
        int translateError = 0;
        small.reset(GDALDataset::FromHandle(GDALTranslate("", GDALDataset::ToHandle(full.get()), topt.get(), &translateError)));
        if (!small) throw Error(fmt::format("{}: GDAL could not downsample the map ({})", png.string(), lastGdalError()));
        src = small.get();
    }
    CPLStringList args;
    args.AddString("-of");
    args.AddString("PNG");
    args.AddString("-alpha");
    // Integer classes: the nearest entry is the exact one (GDAL 3.6 renders nothing
    // with -exact_color_entry on these rasters).
    if (!palette.empty()) args.AddString("-nearest_color_entry");
    std::unique_ptr<GDALDEMProcessingOptions, decltype(&GDALDEMProcessingOptionsFree)> options(
        GDALDEMProcessingOptionsNew(args.List(), nullptr), GDALDEMProcessingOptionsFree);
    int usageError = 0;
    CPLErrorReset();
    GDALDatasetH out = GDALDEMProcessing(png.c_str(), GDALDataset::ToHandle(src), "color-relief",
                                         colourFile.c_str(), options.get(), &usageError);
    VSIUnlink(colourFile.c_str());
    if (!out)
        throw Error(fmt::format("{}: GDAL could not render the map: {}", png.string(),
                                libraryWriteFailureReason(png, lastGdalError())));
    GDALClose(out);
    std::filesystem::remove(png.string() + ".aux.xml");
}

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

std::string number(double v, int decimals = 0) {
    std::string s = fmt::format("{:.{}f}", v, decimals);
    // Thousands separators for readability.
    const auto dot = s.find('.');
    int end = static_cast<int>(dot == std::string::npos ? s.size() : dot);
    for (int i = end - 3; i > (s[0] == '-' ? 1 : 0); i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
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
    if (in.draws && !in.draws->empty()) {
        for (double p : {5.0, 50.0, 95.0}) {
            ChartSeries c{fmt::format("draws P{:g}", p), {}, {}};
            for (std::size_t y = 0; y < r.years.size(); ++y) {
                std::vector<double> v;
                for (const auto& d : *in.draws) v.push_back(stock(d.years[y].totals.province));
                std::sort(v.begin(), v.end());
                c.x.push_back(r.years[y].totals.year);
                c.y.push_back(percentile(v, p));
            }
            stockSeries.push_back(c);
        }
    }
    std::vector<ChartLine> stockTargets;
    for (const auto& o : r.targets)
        if (o.target->metric == TargetMetric::StockM3)
            stockTargets.push_back({fmt::format("target {}: {:.3g} billion m3", o.target->year, o.required / 1e9),
                                    o.required / 1e9});
    const auto stockChart = out.stagingPath("charts/stock.png");
    drawLineChart(stockChart, "Forest stock against the targets", "year", "forest stock (billion m3)", stockSeries,
                  stockTargets);
    part.written.push_back("charts/stock.png");
    return figure(stockChart, "Forest stock against the stock targets" +
                                  std::string(in.draws ? " (with the P5, P50 and P95 of the draws)" : ""));
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
    drawLineChart(chart, "Additional CO2e by programme", "year", "additional CO2e (Mt)", bought);
    part.written.push_back("charts/sequestration_by_programme.png");
    return figure(chart, "Additional CO2e stored by each programme (the plan against the plan without it) "
                            "and by all programmes (against the baseline)");
}

// Quick-look maps of the last report year.
std::string mapsSection(ReportParts& part) {
    OutputFolder& out = part.out;
    const int last = part.s.reportYears.back();
    std::string maps;
    for (const auto& [layer, caption, ramp, palette] :
         {std::tuple{"volume", "Stand volume (m³/ha)", kVolumeRamp, std::vector<PaletteEntry>{}},
          std::tuple{"carbon", "Tree carbon density (t C/ha)", kCarbonRamp, std::vector<PaletteEntry>{}},
          std::tuple{"sequestration", "Sequestration over the year (t CO2e/ha/yr)", kSequestrationRamp, std::vector<PaletteEntry>{}},
          std::tuple{"land_class", "Land class", std::vector<RampStop>{}, kLandClassPalette}}) {
        const std::string tifName = fmt::format("rasters/{}_{}.tif", layer, last);
        if (!out.has(tifName)) continue;
        const auto tif = out.stagingPath(tifName);
        const std::string name = fmt::format("maps/{}_{}.png", layer, last);
        renderMap(tif, out.stagingPath(name), ramp, palette);
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
             {fmt::format("tree carbon {}", r.years.back().totals.year), number(p[kCarbonT]) + " t C"},
             {"forestsink", kVersion}})
        body += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", html(k), html(v));
    body += "</table>\n";
    for (const auto& note : part.in.notes) body += fmt::format("<p class=\"note\">Note: {}</p>\n", html(note));

    return body;
}

std::string targetsSection(const ReportParts& part) {
    const RunResult& r = part.r;
    std::string body;
    body += "<h2>Targets</h2>\n<table>\n<tr><th>target</th><th>year</th><th>required</th><th>simulated</th><th>reached</th>"
            "<th>first reached</th><th>gap</th>" + std::string(r.probability.empty() ? "" : "<th>probability</th>") + "</tr>\n";
    for (std::size_t i = 0; i < r.targets.size(); ++i) {
        const auto& o = r.targets[i];
        body += fmt::format("<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}</tr>\n",
                            o.reached ? "yes" : "no", html(o.target->name), o.target->year, number(o.required, 2),
                            number(o.simulated, 2), o.reached ? "yes" : "no",
                            o.firstYearReached ? std::to_string(*o.firstYearReached) : "never", number(o.gap, 2),
                            r.probability.empty() ? "" : fmt::format("<td>{:.0f} %</td>", 100 * r.probability[i]));
    }
    body += "</table>\n";
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

std::string page(const Scenario& s, const std::string& body) {
    return fmt::format(R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{0}</title>
<style>
body {{ font-family: sans-serif; max-width: 1200px; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; font-size: 90%; }}
tr.yes td:nth-child(5) {{ color: #1b7837; font-weight: bold; }}
tr.no td:nth-child(5) {{ color: #b2182b; font-weight: bold; }}
figure {{ margin: 1em 0; }} img {{ max-width: 100%; border: 1px solid #ddd; }}
.legend span {{ display: inline-block; width: 1.5em; height: 1em; margin: 0 0.3em 0 1em; border: 1px solid #999; }}
.note {{ color: #555; font-size: 90%; }}
</style></head><body>
<h1>{0}</h1>
{1}
<p class="note">Made by forestsink {2}. Synthetic demo data and estimated growth curves give illustrative figures:
check the sources above before quoting them.</p>
</body></html>
)",
                                         html(s.name), body, kVersion);
}

}  // namespace

std::vector<std::string> writeReport(OutputFolder& out, const ReportInputs& in) {
    std::vector<std::string> written;
    ReportParts part{out, in, *in.scenario, *in.result, written};
    // One after the other: each adds the files it writes to `written`, in order.
    std::string charts = stockChart(part);
    charts += programmeChart(part);
    const std::string maps = mapsSection(part);
    const std::string body = runSection(part) + targetsSection(part) + "<h2>Charts</h2>\n" + charts +
                             "<h2>Maps</h2>\n" + maps + programmesSection(part) + sourcesSection(part);
    writeTextFile(out.stagingPath("report.html"), page(*in.scenario, body));
    written.push_back("report.html");
    return written;
}

}  // namespace forestsink
