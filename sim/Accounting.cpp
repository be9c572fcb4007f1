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


std::vector<bool> pre2003CoverageClasses(const std::vector<bool>& isForest) {
    std::vector<bool> coverage = isForest;
    coverage[static_cast<int>(LandClass::Shrubland)] = true;
    return coverage;
}

AccountingRules inventoryRules() {
    AccountingRules r;
    r.isForest.assign(kLandClassCount, false);
    for (int c = 0; c < kLandClassCount; ++c) r.isForest[c] = isInventoryForest(static_cast<LandClass>(c));
    r.isCoverage = pre2003CoverageClasses(r.isForest);
    return r;
}

AccountingRules forestOnlyRules() {
    AccountingRules r;
    r.isForest.assign(kLandClassCount, false);
    r.isForest[static_cast<int>(LandClass::Forest)] = true;
    r.isCoverage = r.isForest;
    return r;
}

YearAccount::YearAccount(const CellState& state, const BiomassParameters& biomass, const AccountingRules& rules)
    : state_(state), bio_(biomass), rules_(rules), regionCount_(state.regions.size()),
      deadWoodRatio_(rules.carbon.counts(CarbonPool::DeadWood) ? rules.carbon.deadWoodRatio : 0.0),
      litterRatio_(rules.carbon.counts(CarbonPool::Litter) ? rules.carbon.litterRatio : 0.0),
      regionIndex_(65536, -1),
      perRow_(static_cast<std::size_t>(state.grid.rows) * regionCount_ * kMetricCount, 0.0) {
    if (rules.carbon.counts(CarbonPool::Soil)) soilTPerHa_ = rules.carbon.soilTPerHa;
    for (std::size_t r = 0; r < regionCount_; ++r) regionIndex_[state.regions[r].id] = static_cast<int32_t>(r);
}

void YearAccount::endRow(RowTotals& sums, int row, double rowScale) {
    double* out = &perRow_[static_cast<std::size_t>(row) * regionCount_ * kMetricCount];
    for (std::size_t r = 0; r < regionCount_; ++r) {
        for (int m = 0; m < kMetricCount; ++m) out[r * kMetricCount + m] = sums[r][m] * rowScale;
        sums[r].fill(0.0);
    }
}

YearTotals YearAccount::totals(int year, const ProcessGroup& ranks) const {
    YearTotals totals;
    totals.year = year;
    totals.pools = rules_.carbon.pools;
    totals.byRegion.assign(regionCount_, Totals{});
    const std::size_t rowSize = regionCount_ * kMetricCount;
    std::vector<double> sum(rowSize, 0.0);
    ranks.addInRankOrder(sum, [&](std::vector<double>& running) {  // this band's rows, in row order
        for (int row = state_.band.first; row < state_.band.first + state_.band.count; ++row) {
            const double* in = &perRow_[static_cast<std::size_t>(row) * rowSize];
            for (std::size_t k = 0; k < rowSize; ++k) running[k] += in[k];
        }
    });
    for (std::size_t r = 0; r < regionCount_; ++r)
        for (int m = 0; m < kMetricCount; ++m) totals.byRegion[r][m] = sum[r * kMetricCount + m];
    for (Totals& t : totals.byRegion) {
        t[kBelowCarbonT] = t[kTreeCarbonT] - t[kAboveCarbonT];
        t[kSoilCarbonT] = t[kSoilEquilibriumCarbonT];  // a state in equilibrium; the simulation adds the transition
        if (rules_.scatteredTreesShare > 0) t[kLivingStockM3] /= 1.0 - rules_.scatteredTreesShare;
        countChosenPools(t, rules_.carbon.pools);
    }
    for (const Totals& t : totals.byRegion)
        for (int m = 0; m < kMetricCount; ++m) totals.province[m] += t[m];
    countChosenPools(totals.province, rules_.carbon.pools);
    return totals;
}

YearTotals accountYear(int year, const CellState& state, const BiomassParameters& bio, const AccountingRules& rules,
                       const ThreadRunner& runner, const ProcessGroup& ranks) {
    YearAccount account(state, bio, rules);
    runner.forEachTile(state.grid.rows, [&](int firstRow, int rowCount) {
        YearAccount::RowTotals sums = account.newRow();
        for (int row = firstRow; row < firstRow + rowCount; ++row) {
            state.cells.forEachInRow(
                row, [&](std::size_t i, int col) { account.addCell(sums, i, state.cellAreaHa.weightInRow(row, col)); });
            account.endRow(sums, row, state.cellAreaHa.rowScale(row));
        }
    });
    return account.totals(year, ranks);
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
