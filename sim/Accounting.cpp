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

AccountingRules forestOnlyRules() {
    AccountingRules r;
    r.isForest.assign(kLandClassCount, false);
    r.isForest[static_cast<int>(LandClass::Forest)] = true;
    r.isCoverage = r.isForest;
    return r;
}

YearTotals accountYear(int year, const CellState& state, const BiomassParameters& bio, const AccountingRules& rules,
                       const ThreadRunner& runner) {
    const int cols = state.grid.cols, rows = state.grid.rows;
    const std::size_t regionCount = state.regions.size();
    std::vector<int32_t> regionIndex(65536, -1);
    for (std::size_t r = 0; r < regionCount; ++r) regionIndex[state.regions[r].id] = static_cast<int32_t>(r);

    // One partial sum per row × region × metric, reduced below in row order.
    std::vector<double> perRow(static_cast<std::size_t>(rows) * regionCount * kMetricCount, 0.0);
    runner.forEachTile(rows, [&](int firstRow, int rowCount) {
        std::vector<Totals> cellSums(regionCount);
        for (int row = firstRow; row < firstRow + rowCount; ++row) {
            for (auto& t : cellSums) t.fill(0.0);
            const std::size_t begin = static_cast<std::size_t>(row) * cols;
            for (std::size_t i = begin; i < begin + cols; ++i) {
                const LandClass lc = state.landClass[i];
                if (lc == LandClass::Outside) continue;
                Totals& t = cellSums[regionIndex[state.region[i]]];
                const bool forest = rules.isForest[static_cast<int>(lc)];
                const double w = state.cellAreaHa.weightInRow(row, static_cast<int>(i - begin));
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
                    t[kCarbonT] += m * bio.carbonFraction[s];
                }
            }
            const double area = state.cellAreaHa.rowScale(row);
            double* out = &perRow[static_cast<std::size_t>(row) * regionCount * kMetricCount];
            for (std::size_t r = 0; r < regionCount; ++r)
                for (int m = 0; m < kMetricCount; ++m) out[r * kMetricCount + m] = cellSums[r][m] * area;
        }
    });

    YearTotals totals;
    totals.year = year;
    totals.byRegion.assign(regionCount, Totals{});
    for (int row = 0; row < rows; ++row) {
        const double* in = &perRow[static_cast<std::size_t>(row) * regionCount * kMetricCount];
        for (std::size_t r = 0; r < regionCount; ++r)
            for (int m = 0; m < kMetricCount; ++m) totals.byRegion[r][m] += in[r * kMetricCount + m];
    }
    for (const Totals& t : totals.byRegion)
        for (int m = 0; m < kMetricCount; ++m) totals.province[m] += t[m];
    return totals;
}

}  // namespace forestsink
