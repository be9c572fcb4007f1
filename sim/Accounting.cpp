#include "sim/Accounting.h"

namespace forestsink {

// Bamboo's fixed biomass is one of addRow's float lines: the same as in double only if float holds these.
static_assert(static_cast<float>(kBambooBiomassTPerHa) == kBambooBiomassTPerHa &&
              static_cast<float>(kBambooAboveShare) == kBambooAboveShare &&
              static_cast<float>(kBambooCarbonFraction) == kBambooCarbonFraction);

BiomassParameters::BiomassParameters(const SpeciesTable& species) {
    for (const auto& g : species.groups()) {
        a.push_back(static_cast<float>(g.biomassA));
        b.push_back(static_cast<float>(g.biomassB));
        carbonFraction.push_back(static_cast<float>(g.carbonFraction));
        aboveShare.push_back(static_cast<float>(1.0 / (1.0 + g.rootShoot)));
    }
}


LandClassFlags pre2003CoverageClasses(const LandClassFlags& isForest) {
    LandClassFlags coverage = isForest;
    coverage[static_cast<int>(LandClass::Shrubland)] = true;
    return coverage;
}

AccountingRules inventoryRules() {
    AccountingRules r;
    for (int c = 0; c < kLandClassCount; ++c) r.isForest[c] = isInventoryForest(static_cast<LandClass>(c));
    r.isCoverage = pre2003CoverageClasses(r.isForest);
    return r;
}

AccountingRules forestOnlyRules() {
    AccountingRules r;
    r.isForest[static_cast<int>(LandClass::Forest)] = true;
    r.isCoverage = r.isForest;
    return r;
}

YearAccount::YearAccount(const CellState& state, const BiomassParameters& biomass, const AccountingRules& rules)
    : state_(state), bio_(biomass), rules_(rules), regionCount_(state.regions.size()),
      deadWoodRatio_(rules.carbon.counts(CarbonPool::DeadWood) ? rules.carbon.deadWoodRatio : 0.0),
      litterRatio_(rules.carbon.counts(CarbonPool::Litter) ? rules.carbon.litterRatio : 0.0),
      soilCounted_(rules.carbon.counts(CarbonPool::Soil)),
      regionIndex_(65536, -1),
      perRow_(static_cast<std::size_t>(state.grid.rows) * regionCount_ * kMetricCount, 0.0),
      unitWeights_(state.cellAreaHa.constantAlongRows() && !state.hasStands() && state.grid.cols < (1 << kCountBits)) {
    if (rules.carbon.counts(CarbonPool::Soil)) soilTPerHa_ = rules.carbon.soilTPerHa;
    for (std::size_t r = 0; r < regionCount_; ++r) regionIndex_[state.regions[r].id] = static_cast<int32_t>(r);
    lines_.assign(kNoLine + 1, StandLine{});  // no biomass unless set below
    for (std::size_t s = 0; s < biomass.a.size(); ++s)
        lines_[s] = {biomass.a[s], biomass.b[s], biomass.aboveShare[s], biomass.carbonFraction[s]};
    lines_[kBambooLine] = {static_cast<float>(kBambooBiomassTPerHa), 0.0f, static_cast<float>(kBambooAboveShare),
                           static_cast<float>(kBambooCarbonFraction)};
    extras_ = soilCounted_ || deadWoodRatio_ != 0 || litterRatio_ != 0 ||
              std::any_of(rules.sinkCarbonTPerHa.begin(), rules.sinkCarbonTPerHa.end(), [](float t) { return t != 0; });
    for (int c = 0; c < kLandClassCount; ++c) {
        forestryLand_[c] = isForestryLand(static_cast<LandClass>(c));
        classBits_[c] = uint64_t{rules.isForest[c]} | uint64_t{rules.isCoverage[c]} << kCountBits |
                        uint64_t{forestryLand_[c]} << (2 * kCountBits);
    }
}

void YearAccount::addRow(RowTotals& sums, int row) const {
    if (unitWeights_) extras_ ? addRowCells<true, true, false>(sums, row, nullptr) : addRowCells<true, false, false>(sums, row, nullptr);
    else extras_ ? addRowCells<false, true, false>(sums, row, nullptr) : addRowCells<false, false, false>(sums, row, nullptr);
}

void YearAccount::addRow(RowTotals& sums, int row, const double* growth) const {
    if (unitWeights_) extras_ ? addRowCells<true, true, true>(sums, row, growth) : addRowCells<true, false, true>(sums, row, growth);
    else extras_ ? addRowCells<false, true, true>(sums, row, growth) : addRowCells<false, false, true>(sums, row, growth);
}

// kExtras = false: no non-forest sink, soil, dead wood or litter is counted,
// so their sums would only add zeros (a zero changes no sum) and are left out.
template <bool kUnitWeights, bool kExtras, bool kGrowth>
void YearAccount::addRowCells(RowTotals& sums, int row, const double* rowGrowth) const {
    // Plain locals: the compiler keeps them in registers only if no store
    // through a pointer might change them.
    const LandClass* landClass = state_.landClass.data();
    const uint16_t* region = state_.region.data();
    const uint8_t* treatment = state_.treatment.data();
    const uint8_t* species = state_.species.data();
    const float* volume = state_.volume.data();
    const StandLine* line = lines_.data();
    const int32_t* regionIndex = regionIndex_.data();
    const bool *isForest = rules_.isForest.data(), *isCoverage = rules_.isCoverage.data();
    const bool* isForestryLand = forestryLand_.data();
    const uint64_t* classBits = classBits_.data();
    const float* sinkTPerHa = rules_.sinkCarbonTPerHa.data();
    const double deadWoodRatio = deadWoodRatio_, litterRatio = litterRatio_;

    int32_t current = -1;  // the region index of the stretch summed below
    // Unit weights: the stretch's cells, and of them those of the forest,
    // coverage and forestry-land classes in one word (kCountBits each; a
    // row has fewer cells than 2^kCountBits). Other grids sum the weights.
    uint32_t cells = 0;
    uint64_t classCounts = 0;
    double area = 0, forestArea = 0, coverageArea = 0, forestryLand = 0;
    double stock = 0, living = 0, biomass = 0, aboveBiomass = 0, treeC = 0, aboveC = 0, deadWood = 0, litter = 0;
    double sink = 0, soil = 0, growth = 0;
    const std::size_t rowBegin = state_.cells.rowBegin(row);
    Totals* t = nullptr;
    auto endStretch = [&] {
        if (!t) return;
        (*t)[kStockM3] = stock, (*t)[kLivingStockM3] = living, (*t)[kBiomassT] = biomass;
        (*t)[kAboveBiomassT] = aboveBiomass, (*t)[kTreeCarbonT] = treeC, (*t)[kAboveCarbonT] = aboveC;
        (*t)[kDeadWoodCarbonT] = deadWood, (*t)[kLitterCarbonT] = litter;
        (*t)[kSinkCarbonT] = sink, (*t)[kSoilEquilibriumCarbonT] = soil;
        if constexpr (kGrowth) sums.growth[current] = growth;
        if constexpr (kUnitWeights) {
            constexpr uint64_t kMask = (uint64_t{1} << kCountBits) - 1;
            CellCounts& n = sums.counted[current];
            n.area += cells;
            n.forest += static_cast<uint32_t>(classCounts & kMask);
            n.coverage += static_cast<uint32_t>((classCounts >> kCountBits) & kMask);
            n.forestryLand += static_cast<uint32_t>(classCounts >> (2 * kCountBits));
        } else {
            (*t)[kAreaHa] = area, (*t)[kForestAreaHa] = forestArea;
            (*t)[kPre2003CoverageAreaHa] = coverageArea, (*t)[kForestryLandHa] = forestryLand;
        }
    };
    auto startStretch = [&](int32_t r) {
        endStretch();
        current = r, t = &sums.byRegion[r];
        cells = 0, classCounts = 0;
        area = (*t)[kAreaHa], forestArea = (*t)[kForestAreaHa];
        coverageArea = (*t)[kPre2003CoverageAreaHa], forestryLand = (*t)[kForestryLandHa];
        stock = (*t)[kStockM3], living = (*t)[kLivingStockM3], biomass = (*t)[kBiomassT];
        aboveBiomass = (*t)[kAboveBiomassT], treeC = (*t)[kTreeCarbonT], aboveC = (*t)[kAboveCarbonT];
        deadWood = (*t)[kDeadWoodCarbonT], litter = (*t)[kLitterCarbonT];
        sink = (*t)[kSinkCarbonT], soil = (*t)[kSoilEquilibriumCarbonT];
        if constexpr (kGrowth) growth = sums.growth[r];
    };
    for (const CellRun *run = state_.cells.runsBegin(row), *runEnd = state_.cells.runsEnd(row); run != runEnd; ++run)
        for (int k = 0; k < run->count; ++k) {
            const std::size_t i = run->first + static_cast<std::size_t>(k);
            const LandClass lc = landClass[i];
            if (lc == LandClass::Outside) continue;
            const int32_t r = regionIndex[region[i]];
            if (r != current) startStretch(r);
            const int c = static_cast<int>(lc);
            // × 1.0 is exact; other weights are times the row's scale at endRow.
            const double w = kUnitWeights ? 1.0 : state_.weightInRow(i, row, run->columnOf(k));
            if constexpr (kUnitWeights) {
                ++cells, classCounts += classBits[c];
            } else {
                area += w;
                forestArea += isForest[c] ? w : 0.0;
                coverageArea += isCoverage[c] ? w : 0.0;
                forestryLand += isForestryLand[c] ? w : 0.0;
            }
            // Few branches on what the cell holds (they mispredict on a
            // mixed map): what it does not hold is added as zero, and only
            // a cell without trees or bamboo skips the biomass sums.
            if constexpr (kExtras) {
                sink += sinkTPerHa[treatment[i]] * w;
                if (soilCounted_) soil += soilTPerHa_[static_cast<int>(soilLandUse(state_, i))] * w;
            }
            if constexpr (kGrowth) growth += rowGrowth[i - rowBegin] * w;
            const double v = volume[i] * w;
            stock += isForest[c] ? v : 0.0;
            living += v;
            const uint8_t s = species[i];
            const int held = s != kNoSpecies && v > 0 ? s : lc == LandClass::Bamboo ? kBambooLine : kNoLine;
            if (held == kNoLine) continue;
            const StandLine& L = line[held];
            // Never below zero: a published line may have a negative intercept.
            const double m = std::max(0.0f, L.a + L.b * volume[i]) * w;
            const double above = m * L.aboveShare * L.carbonFraction;
            biomass += m;
            aboveBiomass += m * L.aboveShare;
            treeC += m * L.carbonFraction;
            aboveC += above;
            if constexpr (kExtras) {
                deadWood += above * deadWoodRatio;
                litter += above * litterRatio;
            }
        }
    endStretch();
}

void YearAccount::endRow(RowTotals& sums, int row, double rowScale) {
    double* out = &perRow_[static_cast<std::size_t>(row) * regionCount_ * kMetricCount];
    for (std::size_t r = 0; r < regionCount_; ++r) {
        Totals& t = sums.byRegion[r];
        CellCounts& n = sums.counted[r];  // whole numbers, so exact
        t[kAreaHa] += n.area;
        t[kForestAreaHa] += n.forest;
        t[kPre2003CoverageAreaHa] += n.coverage;
        t[kForestryLandHa] += n.forestryLand;
        n = CellCounts{};
        for (int m = 0; m < kMetricCount; ++m) out[r * kMetricCount + m] = t[m] * rowScale;
        t.fill(0.0);
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
            account.addRow(sums, row);
            account.endRow(sums, row, state.rowScale(row));
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
