#include "sim/Accounting.h"

namespace forestsink {

BiomassParameters::BiomassParameters(const SpeciesTable& species) {
    for (const auto& g : species.groups()) {
        a.push_back(static_cast<float>(g.biomassA));
        b.push_back(static_cast<float>(g.biomassB));
        carbonFraction.push_back(static_cast<float>(g.carbonFraction));
        aboveShare.push_back(static_cast<float>(1.0 / (1.0 + g.rootShoot)));
    }
}

// The land use whose soil carbon a cell holds: its class, but planted land
// that has not closed yet (barren land carrying a stand) is already forest
// land, as IPCC counts land converted to forest from planting.
LandClass soilLandUse(const CellState& state, std::size_t i) {
    const LandClass lc = state.landClass[i];
    return lc == LandClass::Barren && state.species[i] != kNoSpecies ? LandClass::Forest : lc;
}

AccountingRules forestOnlyRules() {
    AccountingRules r;
    r.isForest.assign(kLandClassCount, false);
    r.isForest[static_cast<int>(LandClass::Forest)] = true;
    r.isCoverage = r.isForest;
    return r;
}

YearTotals accountYear(int year, const CellState& state, const BiomassParameters& bio, const AccountingRules& rules,
                       const ThreadRunner& runner) {
    const int rows = state.grid.rows;
    const std::size_t regionCount = state.regions.size();
    const CarbonSpec& pools = rules.carbon;
    const double deadWoodRatio = pools.counts(CarbonPool::DeadWood) ? pools.deadWoodRatio : 0.0;
    const double litterRatio = pools.counts(CarbonPool::Litter) ? pools.litterRatio : 0.0;
    std::array<double, kLandClassCount> soilTPerHa{};
    if (pools.counts(CarbonPool::Soil)) soilTPerHa = pools.soilTPerHa;
    std::vector<int32_t> regionIndex(65536, -1);
    for (std::size_t r = 0; r < regionCount; ++r) regionIndex[state.regions[r].id] = static_cast<int32_t>(r);

    // One partial sum per row × region × metric, reduced below in row order.
    std::vector<double> perRow(static_cast<std::size_t>(rows) * regionCount * kMetricCount, 0.0);
    runner.forEachTile(rows, [&](int firstRow, int rowCount) {
        std::vector<Totals> cellSums(regionCount);
        for (int row = firstRow; row < firstRow + rowCount; ++row) {
            for (auto& t : cellSums) t.fill(0.0);
            state.cells.forEachInRow(row, [&](std::size_t i, int col) {
                const LandClass lc = state.landClass[i];
                if (lc == LandClass::Outside) return;
                Totals& t = cellSums[regionIndex[state.region[i]]];
                const bool forest = rules.isForest[static_cast<int>(lc)];
                const double w = state.cellAreaHa.weightInRow(row, col);
                t[kCoverageAreaHa] += rules.isCoverage[static_cast<int>(lc)] ? w : 0.0;
                t[kForestryLandHa] += lc == LandClass::NonForest ? 0.0 : w;
                t[kSinkCarbonT] += rules.sinkCarbonTPerHa[state.treatment[i]] * w;
                const double v = state.volume[i] * w;
                t[kAreaHa] += w;
                t[kForestAreaHa] += forest ? w : 0.0;
                t[kStockM3] += forest ? v : 0.0;
                t[kLivingStockM3] += v;
                const uint8_t s = state.species[i];
                if (s != kNoSpecies && v > 0) {
                    const double m = (bio.a[s] + bio.b[s] * state.volume[i]) * w;
                    t[kBiomassT] += m;
                    t[kAboveBiomassT] += m * bio.aboveShare[s];
                    t[kTreeCarbonT] += m * bio.carbonFraction[s];
                    const double above = m * bio.aboveShare[s] * bio.carbonFraction[s];
                    t[kAboveCarbonT] += above;
                    t[kDeadWoodCarbonT] += above * deadWoodRatio;
                    t[kLitterCarbonT] += above * litterRatio;
                }
                t[kSoilEquilibriumCarbonT] += soilTPerHa[static_cast<int>(soilLandUse(state, i))] * w;
            });
            const double area = state.cellAreaHa.rowScale(row);
            double* out = &perRow[static_cast<std::size_t>(row) * regionCount * kMetricCount];
            for (std::size_t r = 0; r < regionCount; ++r)
                for (int m = 0; m < kMetricCount; ++m) out[r * kMetricCount + m] = cellSums[r][m] * area;
        }
    });

    YearTotals totals;
    totals.year = year;
    totals.pools = pools.pools;
    totals.byRegion.assign(regionCount, Totals{});
    for (int row = 0; row < rows; ++row) {
        const double* in = &perRow[static_cast<std::size_t>(row) * regionCount * kMetricCount];
        for (std::size_t r = 0; r < regionCount; ++r)
            for (int m = 0; m < kMetricCount; ++m) totals.byRegion[r][m] += in[r * kMetricCount + m];
    }
    for (Totals& t : totals.byRegion) {
        t[kBelowCarbonT] = t[kTreeCarbonT] - t[kAboveCarbonT];
        t[kSoilCarbonT] = t[kSoilEquilibriumCarbonT];  // a state in equilibrium; the simulation adds the transition
        countChosenPools(t, pools.pools);
    }
    for (const Totals& t : totals.byRegion)
        for (int m = 0; m < kMetricCount; ++m) totals.province[m] += t[m];
    countChosenPools(totals.province, pools.pools);
    return totals;
}

void countChosenPools(Totals& t, unsigned pools) {
    auto chosen = [pools](CarbonPool p) { return (pools & poolBit(p)) != 0; };
    double c = 0;
    if (chosen(CarbonPool::AboveGround) && chosen(CarbonPool::BelowGround))
        c += t[kTreeCarbonT];
    else if (chosen(CarbonPool::AboveGround))
        c += t[kAboveCarbonT];
    else if (chosen(CarbonPool::BelowGround))
        c += t[kBelowCarbonT];
    if (chosen(CarbonPool::DeadWood)) c += t[kDeadWoodCarbonT];
    if (chosen(CarbonPool::Litter)) c += t[kLitterCarbonT];
    if (chosen(CarbonPool::Soil)) c += t[kSoilCarbonT];
    if (chosen(CarbonPool::Hwp)) c += t[kHwpCarbonT];
    t[kCarbonT] = c;
}

}  // namespace forestsink
