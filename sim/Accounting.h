#pragma once
// Per-year totals by region: areas, stock, biomass and carbon, summed in double
// precision. Each row is summed in column order and rows are added in row
// order, so totals do not depend on the thread count or the tile size.
#include "sim/CellState.h"
#include "common/ProcessGroup.h"
#include "common/ThreadRunner.h"
#include "scenarios/CarbonPools.h"
#include "species/BambooStand.h"
#include "species/SpeciesTable.h"

#include <algorithm>
#include <array>
#include <vector>

namespace forestsink {

enum Metric : int {
    kAreaHa,           // study area
    kForestAreaHa,     // cells of the forest classes (tree forest + bamboo + special shrubland)
    kStockM3,          // forest stock: volume on the forest classes
    kLivingStockM3,    // volume on every cell (forest, sparse forest, …)
    kBiomassT,         // total tree and bamboo biomass (above + below ground), every cell
    kAboveBiomassT,    // above-ground part
    kCarbonT,          // carbon of the scenario's chosen pools (default: tree biomass carbon)
    kPre2003CoverageAreaHa,  // forest area + other shrubland: the pre-2003 coverage standard
    kSinkCarbonT,      // carbon of non-forest sinks made by conversions (urban green, wetland)
    kForestryLandHa,   // forestry land (林业用地): every inventory class but non-forest land
    // Carbon pools (t C). Tree carbon CF·M and its above-ground part are
    // always summed; below ground is their difference. Dead wood, litter and
    // soil are summed when the scenario chooses them (0 otherwise); soil here
    // is its equilibrium value, which the simulation turns into the soil
    // pool with its transition (sim/SlowPools.h), as it adds the HWP pool.
    kTreeCarbonT,
    kAboveCarbonT,
    kBelowCarbonT,
    kDeadWoodCarbonT,
    kLitterCarbonT,
    kSoilCarbonT,
    kSoilEquilibriumCarbonT,
    kHwpCarbonT,
    kMetricCount
};

using Totals = std::array<double, kMetricCount>;

struct YearTotals {
    int year = 0;
    std::vector<Totals> byRegion;  // in the order of CellState::regions
    Totals province{};
    unsigned pools = kTreeBiomassPools;  // the pools counted in kCarbonT (CarbonSpec::pools)
};

// Per-species constants the accounting needs, in the table's order.
struct BiomassParameters {
    std::vector<float> a, b, carbonFraction, aboveShare;
    explicit BiomassParameters(const SpeciesTable& species);
};

struct AccountingRules {
    LandClassFlags isForest{};    // counted in forest area and stock
    LandClassFlags isCoverage{};  // counted in the pre-2003 coverage series
    std::array<float, 256> sinkCarbonTPerHa{};  // by treatment: carbon density of a non-forest sink
    CarbonSpec carbon;  // the chosen pools and their parameters
    // Share of the living stock outside forest stands (scattered and
    // roadside trees): living stock = stand volume ÷ (1 − share), by region.
    double scatteredTreesShare = 0;
};

// `ranks`: the ranks of a run split into bands (sim/RowBands.h); totals of all of them.
YearTotals accountYear(int year, const CellState& state, const BiomassParameters& biomass,
                       const AccountingRules& rules, const ThreadRunner& runner,
                       const ProcessGroup& ranks = singleProcess());

// The accounting of one year row by row, for a pass that does more on each
// row (Simulation::growTransitionAndAccount): addRow, then endRow, for each
// row; totals() after the last. Rows may be done by different threads, each
// with its own RowTotals.
class YearAccount {
public:
    // Cells counted by addRow on a grid of unit weights, in the four area metrics.
    struct CellCounts {
        uint32_t area = 0, forest = 0, coverage = 0, forestryLand = 0;
    };
    struct RowTotals {
        std::vector<Totals> byRegion;      // by region index
        std::vector<CellCounts> counted;  // by region index
        std::vector<double> growth;       // by region index: Σ growth × weight (addRow with a row's growth)
    };

    YearAccount(const CellState& state, const BiomassParameters& biomass, const AccountingRules& rules);
    RowTotals newRow() const {
        return {std::vector<Totals>(regionCount_), std::vector<CellCounts>(regionCount_), std::vector<double>(regionCount_)};
    }

    // Adds every study cell of a row, in column order. Each sum runs in
    // column order as one expression per cell would add it, to the bit, but
    // cheaply: a stretch of cells of one region is summed in registers (from
    // and back to the region's running sums), what a cell does not hold is
    // mostly added as zero without a branch (a zero changes no sum), and on a grid of
    // one cell area per row (every weight 1) the areas are counted (a sum of
    // ones is a whole number in any order).
    void addRow(RowTotals& t, int row) const;
    // The same, and sums the growth of the row's stands by region into
    // t.growth, in column order as the other sums: `growth` holds one value
    // per state entry of the row (from rowBegin), 0 where nothing grew.
    void addRow(RowTotals& t, int row, const double* growth) const;
    // Stores the row's sums, times its scale (CellAreas::rowScale), and clears them.
    void endRow(RowTotals& t, int row, double rowScale);
    // The year's totals: the rows' sums added in row order (in a run split
    // into bands, each rank's band in turn: ProcessGroup::addInRankOrder).
    YearTotals totals(int year, const ProcessGroup& ranks = singleProcess()) const;

private:
    const CellState& state_;
    const BiomassParameters& bio_;
    const AccountingRules& rules_;
    std::size_t regionCount_;
    double deadWoodRatio_, litterRatio_;
    std::array<double, kLandClassCount> soilTPerHa_{};
    bool soilCounted_;
    std::vector<int32_t> regionIndex_;
    LandClassFlags forestryLand_{};
    static constexpr int kCountBits = 21;
    std::array<uint64_t, kLandClassCount> classBits_{};  // forest, coverage and forestry land, as addRow counts them
    std::vector<double> perRow_;  // row × region × metric, reduced in row order
    // Biomass lines by species index, then bamboo's (its fixed biomass, as a
    // line with b = 0: species/BambooStand.h), then a line of zeros for a cell
    // without biomass.
    struct StandLine {
        float a = 0, b = 0;
        double aboveShare = 0, carbonFraction = 0;  // floats, held as doubles: the sums multiply in double
    };
    static constexpr int kBambooLine = 256, kNoLine = 257;
    std::vector<StandLine> lines_;

    bool unitWeights_;  // one cell area per row, and rows short enough for the counts of addRow
    bool extras_ = true;  // some cell may hold sink, soil, dead-wood or litter carbon
    template <bool kUnitWeights, bool kExtras, bool kGrowth>
    void addRowCells(RowTotals& t, int row, const double* growth) const;
};

// The land class whose soil carbon cell i holds: its class, but planted land
// that has not closed yet (an un-closed plantation, or barren land carrying a
// stand) is already forest land, as IPCC counts land converted to forest from
// planting.
inline LandClass soilLandUse(const CellState& state, std::size_t i) {
    const LandClass lc = state.landClass[i];
    if (lc == LandClass::UnclosedPlantation) return LandClass::Forest;
    return lc == LandClass::Barren && state.species[i] != kNoSpecies ? LandClass::Forest : lc;
}

// The classes of the pre-2003 coverage standard, by land class: the forest
// classes and other shrubland (Yunnan plan: 52.9 % in 2007 against 47.5 % by
// the current standard; plan-targets.md).
LandClassFlags pre2003CoverageClasses(const LandClassFlags& isForest);

// Rules with forest = coverage = the forest class only, and no sinks.
AccountingRules forestOnlyRules();

// Rules of the inventory: forest = tree forest + bamboo + special shrubland,
// coverage by the pre-2003 standard adds other shrubland; no sinks.
AccountingRules inventoryRules();

// Coverage (%) of a total's land: by the current standard (forest area ÷
// land area) and by the pre-2003 standard (forest area + other shrubland).
inline double coverageCurrentPct(const Totals& t) { return t[kAreaHa] > 0 ? 100.0 * t[kForestAreaHa] / t[kAreaHa] : 0.0; }
inline double coveragePre2003Pct(const Totals& t) {
    return t[kAreaHa] > 0 ? 100.0 * t[kPre2003CoverageAreaHa] / t[kAreaHa] : 0.0;
}

constexpr double kCo2PerC = 44.0 / 12.0;

// The chosen pools' carbon into t[kCarbonT]: tree carbon itself when both
// biomass pools are chosen (so the default adds exactly what it always did).
void countChosenPools(Totals& t, unsigned pools);

// CO2e of the chosen pools' carbon and non-forest sink carbon.
inline double co2eOfTotals(const Totals& t) { return (t[kCarbonT] + t[kSinkCarbonT]) * kCo2PerC; }

// Tree carbon density (t C/ha) of cell i: the same expression, in the same
// precision, as the accounting; a bamboo cell's fixed carbon.
inline float carbonDensityOf(const CellState& state, const BiomassParameters& bio, std::size_t i) {
    if (state.landClass[i] == LandClass::Bamboo) return static_cast<float>(kBambooCarbonTPerHa);
    const float v = state.volume[i];
    const uint8_t s = state.species[i];
    return s != kNoSpecies && v > 0 ? static_cast<float>(std::max(0.0f, bio.a[s] + bio.b[s] * v) * static_cast<double>(bio.carbonFraction[s]))
                                    : 0.0f;
}

}  // namespace forestsink
