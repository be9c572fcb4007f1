#pragma once
// A forestry programme of a scenario: what it does to a cell (its kind), when,
// on how much land, on which cells (eligibility), in what order (priority),
// at what cost, and its kind's parameters. Defaults and their sources are in
// scenarios/README.md.
#include "scenarios/ForestCategory.h"
#include "scenarios/LandClass.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace forestsink {

enum class ProgrammeKind {
    Afforestation, Closure, Improvement, Tending, Harvest, Disturbance, Recovery, Conversion, Construction
};
inline constexpr const char* kProgrammeKindNames[] = {"afforestation", "closure", "improvement", "tending",
                                                      "harvest",       "disturbance", "recovery", "conversion",
                                                      "construction"};
inline const char* kindName(ProgrammeKind k) { return kProgrammeKindNames[static_cast<int>(k)]; }

enum class PriorityRule { Random, LowestStock, Oldest, NearestForest, HighestRaster, LowestRaster };

// A species named in a scenario: by name or code, or "local" (the commonest
// forest species of the cell's region at the start).
struct SpeciesChoice {
    bool local = false;
    std::string nameOrCode;  // as written
    std::string where;       // file:line:column
};

struct RasterThreshold {
    std::filesystem::path path;
    double min = -1e300, max = 1e300;
    std::string where;
};

struct Eligibility {
    std::vector<LandClass> landClasses;      // empty: the kind's default
    std::vector<SpeciesChoice> species;      // empty: any species
    std::optional<int> minAge, maxAge;
    std::vector<std::string> ageClasses;     // young, middle, near_mature, mature, over_mature
    std::optional<double> minRelativeStock, maxRelativeStock;  // V / mean V of its species and site class
    std::vector<std::string> regions;        // region names or ids; empty: all
    std::optional<RasterThreshold> raster;
    bool damagedOnly = false;                // recovery: cells damaged by a disturbance
    std::vector<ForestCategory> forestCategories;  // empty: the kind's default (any, where it sets none)
    std::string forestCategoryWhere;               // where the scenario lists them (empty: not listed)
};

struct ProgrammeSpec {
    std::string name;
    ProgrammeKind kind = ProgrammeKind::Afforestation;
    int firstYear = 0, lastYear = 0;
    std::string where;  // file:line:column of the programme's table

    // How much, each year of the period (one of them).
    std::optional<double> areaHaPerYear;
    std::optional<double> areaHaTotal;          // spread evenly; a year's shortfall carries over
    std::map<std::string, double> areaHaPerYearByRegion;  // region name or id → ha per year
    std::optional<double> volumeM3PerYear;       // harvest quota in m³
    std::optional<double> ratePerYear;           // disturbance: share of the eligible area per year

    Eligibility eligible;
    PriorityRule priority = PriorityRule::Random;
    std::optional<std::filesystem::path> priorityRaster;
    double costYuanPerHa = 0;

    // Kind parameters (defaults set by the loader from the kind).
    std::optional<SpeciesChoice> species;  // afforestation, closure, replanting, conversion to forest
    double stocking = 1.0;                 // share of the curve a new stand reaches
    int yearsToForest = 0;                 // closure: years until the land counts as forest; afforestation: the same, 0 for the species table's closure years
    bool yearsToForestGiven = false;       // the scenario set closure_years or years_to_forest itself
    // Closure: the share of its land still closed that becomes forest each
    // year from `yearsToForest` after closure (1: all at once, the fixed
    // delay; [succession] sets it where the programme gives no closure_years).
    double becomesForestPerYear = 1.0;
    double startVolumeM3PerHa = 0;         // closure
    double growthGain = 0;                 // improvement, tending, recovery (restore)
    int gainYears = 0;
    bool replant = false;                  // improvement, recovery: clear and replant
    double severity = 0;                   // disturbance: share of volume lost
    LandClass toClass = LandClass::Forest; // conversion
    double sinkCarbonTPerHa = 0;           // conversion to a non-forest sink
    int naturalLoggingEnds = kNever;       // harvest: from this year natural forest is cut only as salvage
    static constexpr int kNever = 9999;
};

// A coverage target names its series: the current standard (forest area ÷
// land area) or the pre-2003 standard (also counting other shrubland).
enum class TargetMetric {
    StockM3, CoverageCurrentPct, ForestAreaHa, CarbonT, Co2eT, LivingStockM3, ForestryLandHa, CoveragePre2003Pct
};
inline constexpr const char* kTargetMetricNames[] = {"stock_m3", "coverage_current_pct", "forest_area_ha",
                                                     "carbon_t", "co2e_t",              "living_stock_m3",
                                                     "forestry_land_ha", "coverage_pre2003_pct"};
inline bool isCoverageMetric(TargetMetric m) {
    return m == TargetMetric::CoverageCurrentPct || m == TargetMetric::CoveragePre2003Pct;
}

struct TargetSpec {
    std::string name;
    TargetMetric metric = TargetMetric::StockM3;
    int year = 0;
    double value = 0;
    std::optional<int> increaseOverYear;  // value is an increase over the simulated value of that year
    std::string region;                   // a region's name or id; empty for the whole study area
    std::string where;
};

}  // namespace forestsink
