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
    std::vector<bool> isForest;    // by land class: counted in forest area and stock
    std::vector<bool> isCoverage;  // by land class: counted in the pre-2003 coverage series
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

// The accounting of one year cell by cell, for a pass that does more on each
// cell (sim/YearPass.cpp): per row, addCell on each study cell in column
// order, then endRow; totals() after the last row. Rows may be done by
// different threads, each with its own RowTotals.
class YearAccount {
public:
    using RowTotals = std::vector<Totals>;  // by region index

    YearAccount(const CellState& state, const BiomassParameters& biomass, const AccountingRules& rules);
    RowTotals newRow() const { return RowTotals(regionCount_); }  // zeros

    // Adds state entry i, of weight w in its row (CellAreas::weightInRow).
    // Inline: it runs once per study cell a year.
    void addCell(RowTotals& t, std::size_t i, double w) const;
    // A bamboo cell's fixed biomass (species/BambooStand.h), of weight w.
    void addBamboo(Totals& t, double w) const;
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
    std::vector<int32_t> regionIndex_;
    std::vector<double> perRow_;  // row × region × metric, reduced in row order
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
std::vector<bool> pre2003CoverageClasses(const std::vector<bool>& isForest);

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

inline void YearAccount::addBamboo(Totals& t, double w) const {
    const double m = kBambooBiomassTPerHa * w, aboveC = m * kBambooAboveShare * kBambooCarbonFraction;
    t[kBiomassT] += m;
    t[kAboveBiomassT] += m * kBambooAboveShare;
    t[kTreeCarbonT] += m * kBambooCarbonFraction;
    t[kAboveCarbonT] += aboveC;
    t[kDeadWoodCarbonT] += aboveC * deadWoodRatio_;
    t[kLitterCarbonT] += aboveC * litterRatio_;
}

inline void YearAccount::addCell(RowTotals& sums, std::size_t i, double w) const {
    const CellState& state = state_;
    const LandClass lc = state.landClass[i];
    if (lc == LandClass::Outside) return;
    Totals& t = sums[regionIndex_[state.region[i]]];
    const bool forest = rules_.isForest[static_cast<int>(lc)];
    t[kPre2003CoverageAreaHa] += rules_.isCoverage[static_cast<int>(lc)] ? w : 0.0;
    t[kForestryLandHa] += isForestryLand(lc) ? w : 0.0;
    t[kSinkCarbonT] += rules_.sinkCarbonTPerHa[state.treatment[i]] * w;
    const double v = state.volume[i] * w;
    t[kAreaHa] += w;
    t[kForestAreaHa] += forest ? w : 0.0;
    t[kStockM3] += forest ? v : 0.0;
    t[kLivingStockM3] += v;
    const uint8_t s = state.species[i];
    if (s != kNoSpecies && v > 0) {
        // Never below zero: a published line may have a negative intercept.
        const double m = std::max(0.0f, bio_.a[s] + bio_.b[s] * state.volume[i]) * w;
        t[kBiomassT] += m;
        t[kAboveBiomassT] += m * bio_.aboveShare[s];
        t[kTreeCarbonT] += m * bio_.carbonFraction[s];
        const double above = m * bio_.aboveShare[s] * bio_.carbonFraction[s];
        t[kAboveCarbonT] += above;
        t[kDeadWoodCarbonT] += above * deadWoodRatio_;
        t[kLitterCarbonT] += above * litterRatio_;
    } else if (lc == LandClass::Bamboo) {
        addBamboo(t, w);
    }
    t[kSoilEquilibriumCarbonT] += soilTPerHa_[static_cast<int>(soilLandUse(state, i))] * w;
}

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
