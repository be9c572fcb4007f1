#include "report/ProvenanceText.h"

#include <gdal_priv.h>
#include "report/ReportText.h"

#include <fmt/format.h>

namespace forestsink {
namespace {

std::string distributionText(const Distribution& d) {
    std::string s;
    switch (d.kind) {
        case Distribution::Normal: s = fmt::format("normal, mean {:g}, sd {:g}", d.a, d.b); break;
        case Distribution::LogNormal: s = fmt::format("lognormal, median {:g}, sd of the log {:g}", d.a, d.b); break;
        case Distribution::Uniform: s = fmt::format("uniform, {:g} to {:g}", d.a, d.b); break;
        case Distribution::Triangular: s = fmt::format("triangular, {:g} to {:g}, mode {:g}", d.a, d.c, d.b); break;
    }
    if (d.min > -1e300 || d.max < 1e300) s += fmt::format(", kept within [{:g}, {:g}]", d.min, d.max);
    return s;
}

}  // namespace

std::string drawsSection(const Scenario& s, std::size_t draws) {
    if (draws == 0) return "";
    const UncertaintySpec& u = s.uncertainty;
    std::vector<std::pair<std::string, const Distribution*>> varied;
    if (u.growth) varied.emplace_back("growth increment of every species (multiplier)", &*u.growth);
    for (const auto& [species, d] : u.growthBySpecies)
        varied.emplace_back(fmt::format("growth increment of {} (multiplier, times the above)", species), &d);
    if (u.survival) varied.emplace_back("planting stocking of every programme and the survival of each plantation at its check (multiplier)", &*u.survival);
    if (u.biomassSlope) varied.emplace_back("biomass slope b of every species (multiplier)", &*u.biomassSlope);
    if (u.carbonFraction) varied.emplace_back("carbon fraction CF of every species (multiplier)", &*u.carbonFraction);
    if (u.rootShoot) varied.emplace_back("root:shoot ratio of every species (multiplier)", &*u.rootShoot);
    if (u.disturbanceRate) varied.emplace_back("area or rate of every disturbance (multiplier)", &*u.disturbanceRate);
    if (u.standAge) varied.emplace_back("age of every input stand (multiplier, rounded to years)", &*u.standAge);
    if (u.closureTime)
        varied.emplace_back("years until planted or closed land is forest (multiplier, rounded)", &*u.closureTime);
    std::string body = fmt::format(
        "<h2 id=\"draws\">Draws</h2>\n<p>{} Monte Carlo draws from seed {}: draw <i>i</i> samples every parameter "
        "below once from its own stream (the same on any machine and thread count) and runs the whole period; "
        "percentiles are in <code>uncertainty.csv</code>.</p>\n<table>\n<tr><th>what varied</th><th>distribution "
        "(multiplier, no unit)</th><th>declared at</th></tr>\n",
        draws, s.seed);
    for (const auto& [what, d] : varied)
        body += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", html(what), html(distributionText(*d)),
                            html(d->where));
    if (const auto& e = u.biomassEquations) {
        std::vector<std::string> sets;
        for (std::size_t k = 0; k < e->choices.size(); ++k)
            sets.push_back(fmt::format("{} ({:g})", kBiomassEquationNames[static_cast<int>(e->choices[k])], e->weights[k]));
        body += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                            html("volume-to-biomass equations of every species (one set a draw)"),
                            html(fmt::format("{}", fmt::join(sets, ", "))), html(e->where));
    }
    if (varied.empty() && !u.biomassEquations)
        body += "<tr><td>nothing: the scenario has no [uncertainty] table, so every draw is the same run</td>"
                "<td>–</td><td>–</td></tr>\n";
    return body + "</table>\n";
}

bool usesSyntheticDemoData(const Scenario& s) {
    for (const LayerSpec* l : s.layers()) {
        GDALDatasetUniquePtr ds(GDALDataset::Open(l->path.c_str(), GDAL_OF_RASTER | GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds) continue;  // the run read it; nothing to say here
        const char* source = ds->GetMetadataItem("SOURCE");
        if (source && std::string(source).find("synthetic demo data") != std::string::npos) return true;
    }
    return false;
}

}  // namespace forestsink
