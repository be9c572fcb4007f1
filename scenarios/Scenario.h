#pragma once
// A run, as described by a scenario file (TOML): period, report years, seed,
// species table, grid and input layers with their code mappings.
// scenarios/README.md documents every key.
#include "scenarios/BiomassChoice.h"
#include "scenarios/CarbonPools.h"
#include "scenarios/GrowthChoice.h"
#include "scenarios/Programme.h"
#include "scenarios/Uncertainty.h"
#include "scenarios/ForestCategory.h"
#include "scenarios/LandClass.h"
#include "species/SpeciesGroup.h"
#include "raster/FeatureRaster.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace forestsink {

struct LayerSpec {
    std::string name;  // land_class, species, age, volume, site_class, region
    std::filesystem::path path;
    std::string where;  // file:line:column of its table, for messages
    // A vector source (`field = "…"` given): the attribute, the source's layer, the rasterising rule.
    std::optional<VectorSelection> vector;

    // What the layer reads, for telling whether two scenarios read the same
    // inputs: the file's canonical path and, for a vector source, its layer,
    // field and rule (one GeoPackage may give every layer).
    std::string inputIdentity() const;
};

// A raster code → model class mapping, with where it was declared.
template <typename Class>
struct CodeMap {
    std::map<int64_t, Class> classOfCode;
};

struct GridSpec {
    std::optional<std::string> fromLayer;  // take the grid of this layer
    // Or an explicit grid:
    std::string crs;  // anything GDAL's SetFromUserInput reads (EPSG:…, PROJ string, WKT)
    std::optional<std::string> like;  // origin and size from this layer's extent, snapped to the cell size
    double originX = 0, originY = 0;  // upper-left corner
    double cellWidth = 0, cellHeight = 0;
    int cols = 0, rows = 0;
    // The least share of the study area each layer's file must cover.
    double minLayerCover = 0.9;
};

// Plantations (未成林造林地) from planting to closure, the [plantations]
// table (scenarios/README.md, "Plantations"). Each un-closed plantation
// carries its cohort (planting) year. With `checkSurvival`, at `checkAge`
// years after planting its survival is drawn from its species' distribution
// (species table); at or below `failAtOrBelowPct` (GB/T 15776: ≤ 40 % means
// plant again) the planting failed and the land is again land suitable for
// forest; 41–84 % is replanted in place (补植) and kept. Survivors become
// forest `closure_years_<site>` (species table) after planting.
struct PlantationRules {
    bool checkSurvival = false;  // the scenario has a [plantations] table
    int checkAge = 3;            // years after planting of the retention check
    double failAtOrBelowPct = 40;
    // The input state's un-closed plantations carry no stand: they get the
    // region's commonest forest species, planted over the `inputCohortYears`
    // years up to the start year (spread by a hash of the grid cell) at
    // `inputStocking`, grown by the growth rule to the start year.
    int inputCohortYears = 2;
    double inputStocking = 0.70;
    std::string where;  // file:line:column of the table
    // Monte Carlo multipliers: of the species table's closure years (closure_time) and of each
    // drawn survival (survival); 1 outside draws.
    double closureTimeFactor = 1.0;
    double survivalFactor = 1.0;
};

// Natural dynamics of the inventory classes, the [succession] table
// (scenarios/README.md, "Succession"). Without it nothing changes class by
// itself. Each year, by a draw keyed on the seed, the grid cell and the year:
// sparse forest becomes tree forest at `sparseToForestPerYear` (it keeps its
// stand); other shrubland becomes sparse forest at
// `shrublandToSparsePerYear` (a young stand of the region's commonest forest
// species at `shrublandStartVolumeM3PerHa`, on its curve); land closed by a
// closure programme that does not set its own `closure_years` becomes forest
// from `closedMinYears` after its closure at `closedToForestPerYear`.
struct SuccessionRules {
    bool on = false;  // the scenario has a [succession] table
    double sparseToForestPerYear = 0.03;
    double shrublandToSparsePerYear = 0.01;
    double shrublandStartVolumeM3PerHa = 5.0;
    double closedToForestPerYear = 0.33;
    int closedMinYears = 5;
    std::string where;  // file:line:column of the table
};

struct Scenario {
    std::filesystem::path file;
    std::string name;
    std::string description;
    int startYear = 0;  // the year of the input state
    int endYear = 0;
    std::vector<int> reportYears;  // years written as rasters (sorted, within the period)
    uint64_t seed = 1;
    std::filesystem::path speciesTable;
    GridSpec grid;
    LayerSpec landClass, species, age, volume, siteClass;
    std::optional<LayerSpec> region;
    // Origin and management category of each stand (natural or planted;
    // public-welfare or commercial). Without it, harvest may take any forest.
    std::optional<LayerSpec> forestCategory;
    CodeMap<ForestCategory> forestCategoryCodes;
    std::optional<std::filesystem::path> regionNames;  // CSV id,name
    CodeMap<LandClass> landClassCodes;
    CodeMap<SiteClass> siteClassCodes;
    // Classes counted as forest for area and stock: by default the inventory's
    // forest (tree forest + bamboo + special shrubland). The pre-2003 coverage
    // series counts these and other shrubland.
    std::vector<LandClass> forestClasses{kInventoryForestClasses.begin(), kInventoryForestClasses.end()};
    std::vector<ProgrammeSpec> programmes;   // in the order they act each year
    std::vector<TargetSpec> targets;
    double carbonPriceYuanPerTCo2e = 0;
    CarbonSpec carbon;  // the pools reported and counted in CO2e
    BiomassSpec biomass;  // the volume-to-biomass equations and carbon fraction
    GrowthSpec growth;    // growth multipliers by species group (calibration); 1 without [growth]
    // Share of the living stock (活立木总蓄积) that stands outside forest
    // stands: scattered trees (散生木) and trees around villages, houses, roads
    // and waters (四旁树). living_stock_m3 = stand volume on every cell ÷ (1 − share).
    double scatteredTreesShare = 0;
    std::optional<std::filesystem::path> baseline;  // scenario to compare with
    UncertaintySpec uncertainty;
    PlantationRules plantations;
    SuccessionRules succession;

    std::vector<const LayerSpec*> layers() const;
};

class ProgrammeKinds;

// Reads and checks a scenario file; throws Error with file:line:column.
// `kinds` declares each programme kind's keys and defaults (the engine's
// sim/programmes/ProgrammeKinds.h gives them: programmeKinds()).
Scenario loadScenario(const std::filesystem::path& file, const ProgrammeKinds& kinds);

}  // namespace forestsink
