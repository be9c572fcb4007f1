#pragma once
// Per-year totals by region: areas, stock, biomass and carbon, summed in double
// precision. Each row is summed in column order and rows are added in row
// order, so totals do not depend on the thread count or the tile size.
#include "sim/CellState.h"
#include "common/ThreadRunner.h"
#include "species/SpeciesTable.h"

#include <array>
#include <vector>

namespace forestsink {

enum Metric : int {
    kAreaHa,           // study area
    kForestAreaHa,     // cells of the forest classes
    kStockM3,          // forest stock: volume on the forest classes
    kLivingStockM3,    // volume on every cell (forest, sparse forest, …)
    kBiomassT,         // total tree biomass (above + below ground), every cell
    kAboveBiomassT,    // above-ground part
    kCarbonT,          // carbon in that biomass
    kCoverageAreaHa,   // cells of the coverage classes
    kSinkCarbonT,      // carbon of non-forest sinks made by conversions (urban green, wetland)
    kForestryLandHa,   // forestry land (林业用地): forest, sparse forest, shrubland and barren land
    kMetricCount
};

using Totals = std::array<double, kMetricCount>;

struct YearTotals {
    int year = 0;
    std::vector<Totals> byRegion;  // in the order of CellState::regions
    Totals province{};
};

// Per-species constants the accounting needs, in the table's order.
struct BiomassParameters {
    std::vector<float> a, b, carbonFraction, aboveShare;
    explicit BiomassParameters(const SpeciesTable& species);
};

struct AccountingRules {
    std::vector<bool> isForest;    // by land class: counted in forest area and stock
    std::vector<bool> isCoverage;  // by land class: counted in forest coverage
    std::array<float, 256> sinkCarbonTPerHa{};  // by treatment: carbon density of a non-forest sink
};

YearTotals accountYear(int year, const CellState& state, const BiomassParameters& biomass,
                       const AccountingRules& rules, const ThreadRunner& runner);

// Rules with forest = coverage = the forest class only, and no sinks.
AccountingRules forestOnlyRules();

constexpr double kCo2PerC = 44.0 / 12.0;

// CO2e of tree carbon and non-forest sink carbon.
inline double co2eOfTotals(const Totals& t) { return (t[kCarbonT] + t[kSinkCarbonT]) * kCo2PerC; }

// Tree carbon density (t C/ha) of cell i: the same expression, in the same
// precision, as the accounting.
inline float carbonDensityOf(const CellState& state, const BiomassParameters& bio, std::size_t i) {
    const float v = state.volume[i];
    const uint8_t s = state.species[i];
    return s != kNoSpecies && v > 0 ? static_cast<float>((bio.a[s] + bio.b[s] * v) * static_cast<double>(bio.carbonFraction[s]))
                                    : 0.0f;
}

}  // namespace forestsink
