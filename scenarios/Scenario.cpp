#include "scenarios/Scenario.h"

#include "common/Error.h"
#include "scenarios/ProgrammeLoader.h"
#include "scenarios/TomlTable.h"

#include <fmt/format.h>

#include <algorithm>

namespace forestsink {
namespace {

// field = "age", vector_layer = "xiaoban" (optional), rasterize = "stands" | "centre" | "all_touched" (optional).
VectorSelection readVectorSelection(const TomlTable& t) {
    VectorSelection v;
    v.field = t.string("field");
    if (v.field.empty()) throw Error(fmt::format("{}: '{}' is empty; name an attribute", t.where("field"), t.qualified("field")));
    if (t.has("vector_layer")) v.layer = t.string("vector_layer");
    if (t.has("rasterize")) {
        const std::string rule = t.string("rasterize");
        if (rule == "all_touched") v.rule = RasterizeRule::AllTouched;
        else if (rule == "centre") v.rule = RasterizeRule::Centre;
        else if (rule != "stands")
            throw Error(fmt::format("{}: '{}' = '{}' is not a rule; allowed: \"stands\" (the default: a grid "
                                    "coarser than the land class's polygons keeps the stands of a finer lattice, "
                                    "otherwise as \"centre\"), \"centre\" (a cell takes the feature containing its "
                                    "centre), \"all_touched\" (every cell a feature touches)",
                                    t.where("rasterize"), t.qualified("rasterize"), rule));
    }
    return v;
}

LayerSpec readLayer(const TomlTable& layers, const std::string& name, const std::vector<std::string>& extraKeys) {
    const TomlTable t = layers.table(name);
    std::vector<std::string> allowed = {"path", "field", "vector_layer", "rasterize"};
    allowed.insert(allowed.end(), extraKeys.begin(), extraKeys.end());
    t.allowOnly(allowed);
    LayerSpec spec{name, t.path("path"), t.where(), std::nullopt};
    if (t.has("field")) spec.vector = readVectorSelection(t);
    for (const char* key : {"vector_layer", "rasterize"})
        if (!spec.vector && t.has(key))
            throw Error(fmt::format("{}: '{}' applies to a vector source; give 'field' naming the attribute to read",
                                    t.where(key), t.qualified(key)));
    return spec;
}

template <typename Class, typename FromName>
CodeMap<Class> readCodes(const TomlTable& layer, const std::vector<std::string>& names, FromName fromName) {
    const TomlTable codes = layer.table("codes");
    codes.allowOnly(names);
    CodeMap<Class> map;
    for (const auto& name : codes.keys()) {
        for (int64_t code : codes.integers(name, INT32_MIN, INT32_MAX)) {
            const auto [it, inserted] = map.classOfCode.emplace(code, fromName(name));
            if (!inserted)
                throw Error(fmt::format("{}: code {} is listed twice in '{}'", codes.where(name), code,
                                        codes.qualified(name)));
        }
    }
    if (map.classOfCode.empty()) throw Error(fmt::format("{}: '{}' maps no codes", codes.where(), codes.qualified("")));
    return map;
}

GridSpec readGrid(const TomlTable& t) {
    t.allowOnly({"layer", "crs", "origin", "cell_size", "size", "like", "min_layer_cover"});
    GridSpec g;
    g.minLayerCover = t.number("min_layer_cover", 0.0, 1.0, g.minLayerCover);
    if (t.has("layer")) {
        g.fromLayer = t.string("layer");
        return g;
    }
    g.crs = t.string("crs");
    // cell_size = 30 or [30, 30]
    const auto cell = t.isNumber("cell_size") ? std::vector<double>(2, t.number("cell_size", 0, 1e300))
                                              : t.numbers("cell_size");
    if (cell.size() != 2 || cell[0] <= 0 || cell[1] <= 0)
        throw Error(t.where("cell_size") + ": 'grid.cell_size' must be [width, height], both positive");
    g.cellWidth = cell[0], g.cellHeight = cell[1];
    if (t.has("like")) {
        g.like = t.string("like");
        for (const char* key : {"origin", "size"})
            if (t.has(key))
                throw Error(fmt::format("{}: 'grid.{}' cannot be given with 'grid.like', which derives it from the "
                                        "layer's extent",
                                        t.where(key), key));
        return g;
    }
    if (!t.has("origin"))
        throw Error(t.where() + ": [grid] needs 'origin' and 'size' with 'crs' and 'cell_size', or 'like = \"<layer>\"' "
                                "to take them from a layer's extent, or 'layer = \"<layer>\"' to use a layer's own grid; "
                                "`forestsink grid FILE --crs CRS --cell-size S` prints a ready-to-paste block");
    const auto origin = t.numbers("origin");
    const auto size = t.integers("size", 1, 1'000'000);
    if (origin.size() != 2) throw Error(t.where("origin") + ": 'grid.origin' must be [x, y] of the upper-left corner");
    if (size.size() != 2) throw Error(t.where("size") + ": 'grid.size' must be [columns, rows]");
    g.originX = origin[0], g.originY = origin[1];
    g.cols = static_cast<int>(size[0]), g.rows = static_cast<int>(size[1]);
    return g;
}

}  // namespace

std::string LayerSpec::inputIdentity() const {
    std::string id = std::filesystem::weakly_canonical(path).string();
    if (vector) id += fmt::format("#{}#{}#{}", vector->layer, vector->field, ruleName(vector->rule));
    return id;
}

std::vector<const LayerSpec*> Scenario::layers() const {
    std::vector<const LayerSpec*> out = {&landClass, &species, &age, &volume, &siteClass};
    if (region) out.push_back(&*region);
    if (forestCategory) out.push_back(&*forestCategory);
    return out;
}

namespace {

PlantationRules readPlantations(const TomlTable& t) {
    t.allowOnly({"check_age", "fail_at_or_below_pct", "input_cohort_years", "input_stocking"});
    PlantationRules p;
    p.checkSurvival = true;
    p.where = t.where();
    p.checkAge = static_cast<int>(t.optionalInteger("check_age", 1, 20).value_or(p.checkAge));
    p.failAtOrBelowPct = t.number("fail_at_or_below_pct", 0, 100, p.failAtOrBelowPct);
    p.inputCohortYears = static_cast<int>(t.optionalInteger("input_cohort_years", 1, 20).value_or(p.inputCohortYears));
    p.inputStocking = t.number("input_stocking", 0.01, 1.5, p.inputStocking);
    return p;
}

SuccessionRules readSuccession(const TomlTable& t) {
    t.allowOnly({"sparse_to_forest_per_year", "shrubland_to_sparse_per_year", "shrubland_start_volume_m3_per_ha",
                 "closed_to_forest_per_year", "closed_min_years"});
    SuccessionRules r;
    r.on = true;
    r.where = t.where();
    r.sparseToForestPerYear = t.number("sparse_to_forest_per_year", 0, 1, r.sparseToForestPerYear);
    r.shrublandToSparsePerYear = t.number("shrubland_to_sparse_per_year", 0, 1, r.shrublandToSparsePerYear);
    r.shrublandStartVolumeM3PerHa = t.number("shrubland_start_volume_m3_per_ha", 0, 100, r.shrublandStartVolumeM3PerHa);
    r.closedToForestPerYear = t.number("closed_to_forest_per_year", 0.01, 1, r.closedToForestPerYear);
    r.closedMinYears = static_cast<int>(t.optionalInteger("closed_min_years", 1, 50).value_or(r.closedMinYears));
    return r;
}

// Closure programmes without their own closure_years follow the table: the
// earliest year after closure, then a share of what is still closed each year.
void applySuccessionToClosures(Scenario& s) {
    if (!s.succession.on) return;
    for (ProgrammeSpec& p : s.programmes)
        if (p.kind == ProgrammeKind::Closure && !p.yearsToForestGiven) {
            p.yearsToForest = s.succession.closedMinYears;
            p.becomesForestPerYear = s.succession.closedToForestPerYear;
        }
}

}  // namespace

Scenario loadScenario(const std::filesystem::path& file, const ProgrammeKinds& kinds) {
    const toml::table root = TomlTable::parseFile(file);
    const TomlTable t(root, file, "");
    t.allowOnly({"name", "description", "start_year", "end_year", "report_years", "seed", "species_table",
                 "forest_classes", "coverage_classes", "carbon_price_yuan_per_t_co2e", "baseline", "grid", "layers",
                 "programmes", "targets", "uncertainty", "carbon", "biomass",
                 "scattered_trees_share", "plantations", "succession", "growth"});
    Scenario s;
    s.file = std::filesystem::absolute(file);
    s.name = t.string("name");
    s.description = t.optionalString("description").value_or("");
    s.startYear = static_cast<int>(t.integer("start_year", 1900, 2200));
    s.endYear = static_cast<int>(t.integer("end_year", s.startYear, s.startYear + 300));
    for (int64_t y : t.integers("report_years", s.startYear, s.endYear)) s.reportYears.push_back(static_cast<int>(y));
    // The rasters, the QGIS project and the report are built on report years: at least one is needed.
    if (s.reportYears.empty())
        throw Error(fmt::format("{}: 'report_years' is empty; list at least one year from {} to {}",
                                t.where("report_years"), s.startYear, s.endYear));
    std::sort(s.reportYears.begin(), s.reportYears.end());
    s.reportYears.erase(std::unique(s.reportYears.begin(), s.reportYears.end()), s.reportYears.end());
    s.seed = static_cast<uint64_t>(t.optionalInteger("seed", 0, INT64_MAX).value_or(1));
    s.speciesTable = t.path("species_table");

    std::vector<std::string> classNames(kLandClassNames.begin(), kLandClassNames.end());
    for (const auto& synonym : kLandClassSynonyms) classNames.emplace_back(synonym.name);
    // Forest area by the inventory rules unless the scenario says otherwise.
    s.forestClasses = t.has("forest_classes")
                          ? readLandClasses(t, "forest_classes")
                          : std::vector<LandClass>(kInventoryForestClasses.begin(), kInventoryForestClasses.end());
    if (t.has("coverage_classes"))
        throw Error(fmt::format("{}: 'coverage_classes' was replaced by two fixed coverage series: summary.csv "
                                "reports coverage_current_pct (forest area ÷ land area, the inventory's standard "
                                "since 2003) and coverage_pre2003_pct (forest area + other shrubland ÷ land area); "
                                "remove the key, and let each coverage target name its series with metric = "
                                "\"coverage_current_pct\" or \"coverage_pre2003_pct\"",
                                t.where("coverage_classes")));
    s.carbonPriceYuanPerTCo2e = t.number("carbon_price_yuan_per_t_co2e", 0, 1e6, 0.0);
    if (t.has("baseline")) {
        s.baseline = t.path("baseline");
        if (!std::filesystem::exists(*s.baseline))
            throw Error(fmt::format("{}: baseline scenario '{}' does not exist", t.where("baseline"),
                                    s.baseline->string()));
    }
    for (const TomlTable& p : t.tables("programmes")) s.programmes.push_back(readProgramme(p, s.startYear, s.endYear, kinds));
    if (s.programmes.size() > 250)
        throw Error(fmt::format("{}: {} programmes; at most 250 are allowed", t.where("programmes"), s.programmes.size()));
    for (const TomlTable& g : t.tables("targets")) s.targets.push_back(readTarget(g, s.startYear, s.endYear));
    if (t.has("uncertainty")) s.uncertainty = readUncertainty(t.table("uncertainty"));
    if (t.has("carbon")) s.carbon = readCarbon(t.table("carbon"));
    if (t.has("biomass")) s.biomass = readBiomass(t.table("biomass"));
    if (t.has("growth")) s.growth = readGrowth(t.table("growth"));
    s.scatteredTreesShare = t.number("scattered_trees_share", 0.0, 0.9, 0.0);
    if (t.has("plantations")) s.plantations = readPlantations(t.table("plantations"));
    if (t.has("succession")) s.succession = readSuccession(t.table("succession"));
    applySuccessionToClosures(s);
    if (s.uncertainty.rootShoot && !carbonDependsOnRootShoot(s.carbon.pools))
        throw Error(fmt::format("{}: 'uncertainty.root_shoot' was dropped: with the pools {}, carbon is CF·M of the "
                                "biomass line whatever the root:shoot ratio, so the draw would change no reported "
                                "figure. It is allowed only when [carbon] pools count above_ground or below_ground "
                                "alone, or dead_wood or litter. Other draws: growth, growth_by_species, survival, "
                                "biomass_slope, biomass_equations, carbon_fraction, stand_age, closure_time, "
                                "disturbance_rate",
                                s.uncertainty.rootShootWhere, poolList(s.carbon.pools)));

    const TomlTable layers = t.table("layers");
    layers.allowOnly({"land_class", "species", "age", "volume", "site_class", "region", "forest_category"});
    s.landClass = readLayer(layers, "land_class", {"codes"});
    s.landClassCodes = readCodes<LandClass>(layers.table("land_class"), classNames,
                                            [](const std::string& n) { return *landClassFromName(n); });
    s.species = readLayer(layers, "species", {});
    s.age = readLayer(layers, "age", {});
    s.volume = readLayer(layers, "volume", {});
    s.siteClass = readLayer(layers, "site_class", {"codes"});
    s.siteClassCodes = readCodes<SiteClass>(layers.table("site_class"), {"good", "medium", "poor"},
                                            [](const std::string& n) {
                                                return n == "good" ? SiteClass::Good
                                                       : n == "medium" ? SiteClass::Medium
                                                                       : SiteClass::Poor;
                                            });
    if (layers.has("region")) {
        s.region = readLayer(layers, "region", {"names"});
        const TomlTable region = layers.table("region");
        if (region.has("names")) s.regionNames = region.path("names");
    }
    if (layers.has("forest_category")) {
        s.forestCategory = readLayer(layers, "forest_category", {"codes"});
        const std::vector<std::string> names(kForestCategoryNames.begin(), kForestCategoryNames.end());
        s.forestCategoryCodes = readCodes<ForestCategory>(layers.table("forest_category"), names,
                                                          [](const std::string& n) { return *forestCategoryFromName(n); });
    }
    for (const ProgrammeSpec& p : s.programmes)
        if (!p.eligible.forestCategoryWhere.empty() && !s.forestCategory)
            throw Error(fmt::format("{}: programme '{}' selects stands by forest category, but the scenario has no "
                                    "[layers.forest_category]",
                                    p.eligible.forestCategoryWhere, p.name));

    s.grid = readGrid(t.table("grid"));
    for (const auto& [key, named] : {std::pair{"layer", &s.grid.fromLayer}, std::pair{"like", &s.grid.like}}) {
        if (!*named) continue;
        const auto all = s.layers();
        const std::string& layerName = **named;  // (clang 14 cannot capture a structured binding)
        if (std::none_of(all.begin(), all.end(), [&](const LayerSpec* l) { return l->name == layerName; }))
            throw Error(fmt::format("{}: 'grid.{}' = '{}' names no layer of [layers]", t.table("grid").where(key), key,
                                    **named));
    }
    return s;
}

}  // namespace forestsink
