#include "scenarios/ProgrammeLoader.h"

#include "common/Error.h"
#include "common/NearestName.h"
#include "scenarios/ProgrammeKinds.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace forestsink {
namespace {

constexpr double kMaxHa = 1e9;  // larger than any country

template <typename Enum, std::size_t N>
Enum choose(const TomlTable& t, const std::string& key, const char* const (&names)[N]) {
    const std::string value = t.string(key);
    for (std::size_t i = 0; i < N; ++i)
        if (value == names[i]) return static_cast<Enum>(i);
    std::vector<std::string> allowed(names, names + N);
    throw Error(fmt::format("{}: '{}' = '{}' is not known; allowed: {}", t.where(key), t.qualified(key), value,
                            fmt::join(allowed, ", ")));
}

Eligibility readEligibility(const TomlTable& p) {
    Eligibility e;
    if (!p.has("eligible")) return e;
    const TomlTable t = p.table("eligible");
    t.allowOnly({"land_class", "species", "age", "age_class", "relative_stock", "regions", "raster", "damaged",
                 "forest_category"});
    if (t.has("land_class")) e.landClasses = readLandClasses(t, "land_class");
    if (t.has("species")) {
        for (const auto& name : t.strings("species")) e.species.push_back(SpeciesChoice{false, name, t.where("species")});
    }
    if (t.has("age")) {
        const auto a = t.integers("age", 0, 65535);
        if (a.size() != 2 || a[0] > a[1])
            throw Error(fmt::format("{}: '{}' must be [min, max] years with min ≤ max", t.where("age"), t.qualified("age")));
        e.minAge = static_cast<int>(a[0]), e.maxAge = static_cast<int>(a[1]);
    }
    if (t.has("age_class")) {
        for (const auto& c : t.strings("age_class")) {
            static const std::vector<std::string> allowed = {"young", "middle", "near_mature", "mature", "over_mature"};
            if (std::find(allowed.begin(), allowed.end(), c) == allowed.end())
                throw Error(fmt::format("{}: '{}' holds unknown age class '{}'; allowed: {}", t.where("age_class"),
                                        t.qualified("age_class"), c, fmt::join(allowed, ", ")));
            e.ageClasses.push_back(c);
        }
    }
    if (t.has("relative_stock")) {
        const auto r = t.numbers("relative_stock");
        if (r.size() != 2 || r[0] < 0 || r[0] > r[1])
            throw Error(fmt::format("{}: '{}' must be [min, max] with 0 ≤ min ≤ max (1 = the mean stock of the "
                                    "stand's species and site class)",
                                    t.where("relative_stock"), t.qualified("relative_stock")));
        e.minRelativeStock = r[0], e.maxRelativeStock = r[1];
    }
    if (t.has("regions")) e.regions = t.strings("regions");
    if (t.has("raster")) {
        const TomlTable r = t.table("raster");
        r.allowOnly({"path", "min", "max"});
        RasterThreshold th;
        th.path = r.path("path");
        th.where = r.where("path");
        th.min = r.number("min", -1e300, 1e300, -1e300);
        th.max = r.number("max", -1e300, 1e300, 1e300);
        if (!std::filesystem::exists(th.path))
            throw Error(fmt::format("{}: raster '{}' named by '{}' does not exist", th.where, th.path.string(),
                                    r.qualified("path")));
        e.raster = th;
    }
    if (t.has("damaged")) e.damagedOnly = t.boolean("damaged");
    if (t.has("forest_category")) e.forestCategoryWhere = t.where("forest_category");
    if (t.has("forest_category"))
        for (const auto& name : t.strings("forest_category")) {
            const auto c = forestCategoryFromName(name);
            if (!c)
                throw Error(fmt::format("{}: '{}' holds unknown forest category '{}'; allowed: {}",
                                        t.where("forest_category"), t.qualified("forest_category"), name,
                                        fmt::join(kForestCategoryNames, ", ")));
            e.forestCategories.push_back(*c);
        }
    return e;
}

// Keys every programme may have, and those of each kind.
const std::vector<std::string> kCommonKeys = {"name", "kind", "years", "area_ha_per_year", "area_ha_total",
                                              "area_ha_per_year_by_region", "area_per_year", "area_total",
                                              "area_per_year_by_region", "eligible", "priority", "priority_raster",
                                              "cost_yuan_per_ha"};

// An area: a number of hectares under an `_ha` key (`inHectares`), else a
// string with its unit, "2.6e6 mu", "173333 ha" or "1733 km2" (1 mu = 1/15 ha);
// a plain number there is refused, as its unit would be a guess. Returns hectares.
double areaHa(const TomlTable& t, const std::string& key, bool inHectares) {
    if (inHectares || !t.has(key)) return t.number(key, 0, kMaxHa);
    if (t.isNumber(key))
        throw Error(fmt::format("{}: '{}' = {:g} has no unit; write a number and a unit in quotes: ha, mu (1/15 ha) or "
                                "km2, for example \"{:g} ha\" (or use the _ha form of the key for plain hectares)",
                                t.where(key), t.qualified(key), t.number(key, -1e300, 1e300), t.number(key, -1e300, 1e300)));
    const std::string text = t.string(key);
    static const std::vector<std::pair<std::string, double>> units = {{"ha", 1.0}, {"mu", 1.0 / 15.0}, {"km2", 100.0}};
    std::size_t end = 0;
    double value = -1;
    try {
        value = std::stod(text, &end);
    } catch (const std::exception&) {
    }
    std::string unit = text.substr(std::min(end, text.size()));
    unit.erase(0, unit.find_first_not_of(' '));
    for (const auto& [name, toHa] : units)
        if (unit == name && value >= 0 && value * toHa <= kMaxHa) return value * toHa;
    throw Error(fmt::format("{}: '{}' = \"{}\" is not an area; write a non-negative number and a unit: ha, mu "
                            "(1/15 ha) or km2, for example \"2.6e6 mu\"",
                            t.where(key), t.qualified(key), text));
}

}  // namespace

std::vector<LandClass> readLandClasses(const TomlTable& t, const std::string& key) {
    std::vector<LandClass> out;
    for (const auto& name : t.strings(key)) {
        const auto c = landClassFromName(name);
        if (!c || *c == LandClass::Outside) {
            std::vector<std::string> allowed(kLandClassNames.begin() + 1, kLandClassNames.end());
            throw Error(fmt::format("{}: '{}' holds unknown land class '{}'; allowed: {}", t.where(key),
                                    t.qualified(key), name, fmt::join(allowed, ", ")));
        }
        out.push_back(*c);
    }
    return out;
}

ProgrammeSpec readProgramme(const TomlTable& t, int startYear, int endYear, const ProgrammeKinds& kinds) {
    ProgrammeSpec p;
    p.where = t.where();
    p.kind = choose<ProgrammeKind>(t, "kind", kProgrammeKindNames);
    const ProgrammeKindDeclaration& kind = kinds.declaration(p.kind);
    std::vector<std::string> allowed = kCommonKeys;
    for (const auto& k : kind.keys().names()) allowed.push_back(k);
    t.allowOnly(allowed);
    p.name = t.string("name");
    // Programmes act from the year after the input state.
    const auto years = t.integers("years", startYear + 1, endYear);
    if (years.size() != 2 || years[0] > years[1])
        throw Error(fmt::format("{}: '{}' must be [first, last] years, first ≤ last, within {}–{}", t.where("years"),
                                t.qualified("years"), startYear + 1, endYear));
    p.firstYear = static_cast<int>(years[0]), p.lastYear = static_cast<int>(years[1]);

    // Areas: *_ha keys take hectares; the others take a unit ("2.6e6 mu").
    int areaKeys = 0;
    auto inHectares = [](const std::string& key) { return key.find("_ha_") != std::string::npos; };
    for (const char* key : {"area_ha_per_year", "area_per_year"})
        if (t.has(key)) p.areaHaPerYear = areaHa(t, key, inHectares(key)), ++areaKeys;
    for (const char* key : {"area_ha_total", "area_total"})
        if (t.has(key)) p.areaHaTotal = areaHa(t, key, inHectares(key)), ++areaKeys;
    for (const char* key : {"area_ha_per_year_by_region", "area_per_year_by_region"}) {
        if (!t.has(key)) continue;
        const TomlTable r = t.table(key);
        for (const auto& region : r.keys()) p.areaHaPerYearByRegion[region] = areaHa(r, region, inHectares(key));
        ++areaKeys;
    }
    if (t.has("volume_m3_per_year")) p.volumeM3PerYear = t.number("volume_m3_per_year", 0, 1e12);
    if (t.has("rate_per_year")) p.ratePerYear = t.number("rate_per_year", 0, 1);
    const int amounts = areaKeys + p.volumeM3PerYear.has_value() + p.ratePerYear.has_value();
    if (amounts != 1) {
        std::string kindAmounts;
        for (const KindKey& k : kind.keys().all())
            if (k.type == KindKey::Type::Amount) kindAmounts += ", " + k.name;
        throw Error(fmt::format("{}: programme '{}' needs exactly one of area_per_year, area_total, "
                                "area_per_year_by_region (or their _ha_ forms){} (it has {})",
                                p.where, p.name, kindAmounts, amounts));
    }

    p.eligible = readEligibility(t);
    p.costYuanPerHa = t.number("cost_yuan_per_ha", 0, 1e9, 0.0);

    // The kind's keys and defaults (sources in scenarios/README.md).
    kind.keys().read(t, p);
    p.yearsToForestGiven = t.has("closure_years") || t.has("years_to_forest");
    kind.setDefaults(p);
    if (t.has("priority")) {
        static const char* const names[] = {"random", "lowest_stock", "oldest", "nearest_forest", "highest_raster",
                                            "lowest_raster"};
        p.priority = choose<PriorityRule>(t, "priority", names);
    }
    if (p.priority == PriorityRule::HighestRaster || p.priority == PriorityRule::LowestRaster) {
        p.priorityRaster = t.path("priority_raster");
        if (!std::filesystem::exists(*p.priorityRaster))
            throw Error(fmt::format("{}: raster '{}' named by '{}' does not exist", t.where("priority_raster"),
                                    p.priorityRaster->string(), t.qualified("priority_raster")));
    } else if (t.has("priority_raster")) {
        throw Error(fmt::format("{}: 'priority_raster' is used only with priority = \"highest_raster\" or "
                                "\"lowest_raster\"",
                                t.where("priority_raster")));
    }
    return p;
}

namespace {

Distribution readDistribution(const TomlTable& t) {
    static const char* const kinds[] = {"normal", "lognormal", "uniform", "triangular"};
    Distribution d;
    d.where = t.where();
    d.kind = choose<Distribution::Kind>(t, "distribution", kinds);
    switch (d.kind) {
        case Distribution::Normal:
            t.allowOnly({"distribution", "mean", "sd", "min", "max"});
            d.a = t.number("mean", -1e12, 1e12);
            d.b = t.number("sd", 0, 1e12);
            break;
        case Distribution::LogNormal:
            t.allowOnly({"distribution", "median", "sdlog", "min", "max"});
            d.a = t.number("median", 1e-12, 1e12);
            d.b = t.number("sdlog", 0, 10);
            break;
        case Distribution::Uniform:
            t.allowOnly({"distribution", "low", "high"});
            d.a = t.number("low", -1e12, 1e12);
            d.b = t.number("high", d.a, 1e12);
            break;
        case Distribution::Triangular:
            t.allowOnly({"distribution", "low", "mode", "high"});
            d.a = t.number("low", -1e12, 1e12);
            d.b = t.number("mode", d.a, 1e12);
            d.c = t.number("high", d.b, 1e12);
            break;
    }
    d.min = t.number("min", -1e300, 1e300, -1e300);
    d.max = t.number("max", d.min, 1e300, 1e300);
    return d;
}

// choices = ["species_table", "fang_2001"], weights = [0.5, 0.5] (optional: equal).
EquationDraw readEquationDraw(const TomlTable& t) {
    t.allowOnly({"choices", "weights"});
    EquationDraw d;
    d.where = t.where("choices");
    std::vector<std::string> names(kBiomassEquationNames.begin(), kBiomassEquationNames.end());
    for (const auto& name : t.strings("choices")) {
        const auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end()) {
            const std::string near = nearestName(name, names);
            throw Error(fmt::format("{}: '{}' holds '{}', which is not an equation set{}; allowed: {}", t.where("choices"),
                                    t.qualified("choices"), name,
                                    near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near), fmt::join(names, ", ")));
        }
        d.choices.push_back(static_cast<BiomassEquations>(it - names.begin()));
    }
    if (d.choices.size() < 2)
        throw Error(fmt::format("{}: '{}' needs at least two equation sets to draw between", t.where("choices"),
                                t.qualified("choices")));
    d.weights.assign(d.choices.size(), 1.0 / static_cast<double>(d.choices.size()));
    if (t.has("weights")) {
        d.weights = t.numbers("weights");
        double sum = 0;
        for (double w : d.weights) sum += w;
        const bool valid = std::all_of(d.weights.begin(), d.weights.end(), [](double w) { return w >= 0 && w <= 1; });
        if (d.weights.size() != d.choices.size() || !valid || std::abs(sum - 1.0) > 1e-9)
            throw Error(fmt::format("{}: '{}' must give one weight from 0 to 1 per choice ({}), summing to 1",
                                    t.where("weights"), t.qualified("weights"), d.choices.size()));
    }
    return d;
}

}  // namespace

UncertaintySpec readUncertainty(const TomlTable& t) {
    t.allowOnly({"draws", "percentiles", "growth", "growth_by_species", "survival", "biomass_slope",
                 "carbon_fraction", "root_shoot", "disturbance_rate", "stand_age", "closure_time",
                 "biomass_equations"});
    UncertaintySpec u;
    u.draws = static_cast<int>(t.optionalInteger("draws", 0, 100000).value_or(0));
    if (t.has("percentiles")) {
        u.percentiles = t.numbers("percentiles");
        for (double p : u.percentiles)
            if (p < 0 || p > 100)
                throw Error(fmt::format("{}: 'uncertainty.percentiles' holds {}; allowed 0 to 100", t.where("percentiles"), p));
    }
    auto optional = [&](const char* key) {
        return t.has(key) ? std::optional<Distribution>(readDistribution(t.table(key))) : std::nullopt;
    };
    u.growth = optional("growth");
    u.survival = optional("survival");
    u.biomassSlope = optional("biomass_slope");
    u.carbonFraction = optional("carbon_fraction");
    u.rootShoot = optional("root_shoot");
    if (u.rootShoot) u.rootShootWhere = t.where("root_shoot");
    u.disturbanceRate = optional("disturbance_rate");
    u.standAge = optional("stand_age");
    u.closureTime = optional("closure_time");
    if (t.has("biomass_equations")) u.biomassEquations = readEquationDraw(t.table("biomass_equations"));
    if (t.has("growth_by_species")) {
        const TomlTable bySpecies = t.table("growth_by_species");
        for (const auto& name : bySpecies.keys()) u.growthBySpecies[name] = readDistribution(bySpecies.table(name));
    }
    return u;
}

TargetSpec readTarget(const TomlTable& t, int startYear, int endYear) {
    t.allowOnly({"name", "metric", "year", "value", "increase_over", "region"});
    TargetSpec g;
    g.where = t.where();
    g.name = t.string("name");
    if (t.has("metric") && t.string("metric") == "coverage_pct")
        throw Error(fmt::format("{}: '{}' = \"coverage_pct\" does not say which coverage series the target tests; "
                                "write \"coverage_current_pct\" (forest area ÷ land area, the inventory's standard "
                                "since 2003) or \"coverage_pre2003_pct\" (forest area + other shrubland ÷ land area, "
                                "the standard of the Yunnan plan's 52.9 %, 55 % and 58 %)",
                                t.where("metric"), t.qualified("metric")));
    g.metric = choose<TargetMetric>(t, "metric", kTargetMetricNames);
    g.year = static_cast<int>(t.integer("year", startYear, endYear));
    g.value = t.number("value", isCoverageMetric(g.metric) ? 0 : -1e15, isCoverageMetric(g.metric) ? 100 : 1e15);
    if (t.has("region")) g.region = t.string("region");  // checked against the grid's regions once loaded
    if (t.has("increase_over")) g.increaseOverYear = static_cast<int>(t.integer("increase_over", startYear, g.year));
    return g;
}

}  // namespace forestsink
