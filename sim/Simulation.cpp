#include "sim/Simulation.h"

#include "raster/DistanceTransform.h"

#include "common/Error.h"
#include "common/Rounding.h"
#include "raster/Gdal.h"
#include "sim/Allocator.h"
#include "sim/BlockPrefilter.h"
#include "sim/GrowthStep.h"
#include "sim/MemoryNeed.h"
#include "sim/programmes/Treatment.h"

#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal_alg.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

namespace forestsink {
namespace {

constexpr double kM2PerHa = 1e4;

bool hasTrees(const CellState& s, std::size_t i) { return s.species[i] != kNoSpecies; }

}  // namespace

double treatedHa(const std::vector<YearRecord>& years, std::size_t upTo, int programme) {
    double ha = 0;
    for (std::size_t y = 0; y <= upTo && y < years.size(); ++y)
        for (const auto& py : years[y].programmes)
            if (programme < 0 || py.programme == programme)
                for (int64_t a : py.areaM2ByRegion) ha += static_cast<double>(a) * 1e-4;
    return ha;
}

double treatedCostYuan(const std::vector<YearRecord>& years, std::size_t upTo, int programme, double costPerHa) {
    double cost = 0;
    for (std::size_t y = 0; y <= upTo && y < years.size(); ++y)
        for (const auto& py : years[y].programmes)
            if (py.programme == programme)
                for (int64_t a : py.areaM2ByRegion) cost += static_cast<double>(a) * 1e-4 * costPerHa;
    return cost;
}

double totalCostYuan(const std::vector<YearRecord>& years, std::size_t upTo, const Scenario& scenario) {
    double cost = 0;
    for (std::size_t p = 0; p < scenario.programmes.size(); ++p)
        cost += treatedCostYuan(years, upTo, static_cast<int>(p), scenario.programmes[p].costYuanPerHa);
    return cost;
}

Simulation::Simulation(const Scenario& scenario, const SpeciesTable& species, CellState initial,
                       const ThreadRunner& runner, std::vector<bool> enabled, const ProcessGroup& ranks)
    : scenario_(scenario), species_(species), ranks_(ranks), state_(std::move(initial)), runner_(runner.threads(), runner.tileRows()),
      growth_(species), biomass_(species),
      programmes_(compileProgrammes(scenario, species, state_, runner, ranks)), plantations_(plantationRule()),
      succession_(scenario, localSpecies(state_, species, ranks)),
      enabled_(std::move(enabled)),
      regionIndex_(regionIndexTable(state_.regions)),
      flows_(state_.grid.rows, state_.regions.size(), kFlowCount),
      treatedHaSoFar_(scenario.programmes.size(), 0.0), overshoot_(programmes_.size()), slowPools_(scenario.carbon, state_.regions.size()) {
    if (enabled_.empty()) enabled_.assign(programmes_.size(), true);
    mixedSeed_ = mixHash(scenario.seed);
    if (state_.cellAreaHa.constantAlongRows() && !state_.hasStands())
        for (int row = 0; row < state_.grid.rows; ++row)
            areaM2OfRow_.push_back(roundHalfAwayFromZero(state_.cellAreaHa.at(row, 0) * kM2PerHa));
    tookEveryCandidate_.assign(programmes_.size(), false);
    for (const auto& p : programmes_) {
        overshoot_[p.index].assign(p.quotaRegionIds.size(), 0);
        if (p.spec->priority == PriorityRule::NearestForest)
            lastYearOfDistance_ = std::max(lastYearOfDistance_, p.spec->lastYear);
    }
    for (LandClass c : scenario.forestClasses) rules_.isForest[static_cast<int>(c)] = true;
    rules_.isCoverage = pre2003CoverageClasses(rules_.isForest);
    for (const auto& p : programmes_) rules_.sinkCarbonTPerHa[p.index] = p.rule->sinkCarbonTPerHa(*p.spec);
    rules_.carbon = scenario.carbon;
    rules_.scatteredTreesShare = scenario.scatteredTreesShare;
    // The allocation's candidate cache takes what the memory limits leave.
    if (!programmes_.empty())
        allocationScratch_.limitBytes = candidateCacheBytes(
            estimateMemoryNeed(state_.grid, scenario, runner.threads(), runner.tileRows(), 0,
                               StudyCellCount{state_.cells.size(), false}, state_.band.count),
            memoryLimits());
    // Every rank counts the local species (a collective), whether or not its band holds plantations.
    plantInputPlantations(state_, scenario, growth_, succession_.speciesOfRegion());
}

PlantationRule Simulation::plantationRule() const {
    std::array<int, 256> yearsOfTreatment{};
    for (const auto& p : programmes_)
        if (p.spec->kind == ProgrammeKind::Afforestation) yearsOfTreatment[p.index] = p.spec->yearsToForest;
    return PlantationRule(scenario_, species_, yearsOfTreatment);
}

void Simulation::scaleInputAges(double factor) {
    if (factor == 1.0) return;
    // Un-closed plantations keep their cohort's age (the rule gave it, not the inventory).
    for (std::size_t i = 0; i < state_.age.size(); ++i)
        if (state_.species[i] != kNoSpecies && state_.landClass[i] != LandClass::UnclosedPlantation)
            state_.age[i] = scaledAge(state_.age[i], factor);
}

YearRecord Simulation::start() {
    flows_.clear();
    programmeYears_.clear();
    YearRecord r =
        finishYear(scenario_.startYear, accountYear(scenario_.startYear, state_, biomass_, rules_, runner_, ranks_));
    r.balanceError = 0;
    return r;
}

std::vector<std::vector<double>> Simulation::reduce(const RowSums& sums) const {
    return sums.reduce(ranks_, state_.band.first, state_.band.count);
}

void Simulation::yearBegin(int year) {
    bool needMeans = false, needDistance = false, anyActive = false;
    for (const auto& p : programmes_) {
        if (!enabled_[p.index] || !p.activeIn(year)) continue;
        anyActive = true;
        needMeans = needMeans || p.usesRelativeStock;
        needDistance = needDistance || p.spec->priority == PriorityRule::NearestForest;
    }
    // The classes of each block of cells, for the programmes to skip blocks,
    // and for the yearly step to skip class changes none of its cells can
    // make. Built once even when no programme is active: every later change
    // of class adds its bit (CellState::setLandClass), so the masks stay true
    // for what a block may hold.
    if (anyActive || !state_.classBlocks.built())
        state_.classBlocks.rebuild(state_.landClass, runner_, state_.flags.data(), kDamaged);
    const StudyCells& cells = state_.cells;
    if (needMeans) {
        // Mean forest stock of each species × site class, summed per row in row order.
        const std::size_t groups = static_cast<std::size_t>(species_.size()) * kSiteClassCount;
        RowSums sums(state_.grid.rows, groups, 2);
        runner_.forEachTile(state_.grid.rows, [&](int first, int count) {
            for (int row = first; row < first + count; ++row)
                cells.forEachInRow(row, [&](std::size_t i, int col) {
                    if (state_.landClass[i] != LandClass::Forest || !hasTrees(state_, i)) return;
                    const std::size_t g = static_cast<std::size_t>(state_.species[i]) * kSiteClassCount + state_.site[i];
                    const double area = state_.areaHa(i, row, col);
                    sums.add(row, g, 0, state_.volume[i] * area);
                    sums.add(row, g, 1, area);
                });
        });
        const auto totals = reduce(sums);
        meanStock_.assign(groups, 0.0f);
        for (std::size_t g = 0; g < groups; ++g)
            meanStock_[g] = totals[g][1] > 0 ? static_cast<float>(totals[g][0] / totals[g][1]) : 0.0f;
    }
    if (needDistance) {
        // Distance to the nearest forest cell, in eighths of a cell (2 bytes per
        // study cell), on a forest mask of the whole grid (1 bit per grid cell
        // while it is computed; the ranks of a run split into bands share
        // their rows): distances cross the gaps between study cells and the
        // band edges.
        const int cols = state_.grid.cols, rows = state_.grid.rows;
        const std::size_t rowBytes = maskRowBytes(cols);
        forestMask_.assign(rowBytes * rows, 0);
        runner_.forEachTile(rows, [&](int first, int count) {  // whole rows: no byte is shared by two tiles
            for (int row = first; row < first + count; ++row)
                cells.forEachInRow(row, [&](std::size_t i, int col) {
                    if (state_.landClass[i] == LandClass::Forest) setMaskBit(forestMask_.data(), cols, row, col);
                });
        });
        ranks_.shareRows(forestMask_.data(), rowBytes, state_.band.first, state_.band.count);
        distanceClasses_ = 0;  // worked out when a programme first needs them (distancesFor)
    }
}

// The classes a programme takes, as ClassBlocks bits.
static uint16_t classBitsOf(const CompiledProgramme& p) {
    uint16_t classes = 0;
    for (int c = 0; c < kLandClassCount; ++c)
        if (p.takesClass[c]) classes |= ClassBlocks::bitOf(static_cast<LandClass>(c));
    return classes;
}

// Makes the distances to forest of the study cells of the classes p takes
// this year's: the only cells whose distance its keys read. They are worked
// out once a year for the classes of every nearest-forest programme of the
// year, and again only when a class p takes has been written since (a cell
// that became one holds no distance of this year).
void Simulation::distancesFor(const CompiledProgramme& p, int year) {
    const uint16_t taken = classBitsOf(p);
    if ((distanceClasses_ & taken) == taken && (state_.classBlocks.writtenSinceReset() & taken) == 0) return;
    uint16_t classes = taken;
    if (distanceClasses_ == 0)
        for (const auto& other : programmes_)
            if (enabled_[other.index] && other.activeIn(year) && other.spec->priority == PriorityRule::NearestForest)
                classes |= classBitsOf(other);
    state_.classBlocks.resetWritten();
    distanceFromMask(classes);
    distanceClasses_ = classes;
}

// Distances to forest from the year begin's mask, for the study cells of
// `classes` (ClassBlocks bits): a forest cell of the mask is 0 away; the
// others are computed. Cells of other classes keep what they held.
void Simulation::distanceFromMask(uint16_t classes) {
    const StudyCells& cells = state_.cells;
    const int cols = state_.grid.cols, rows = state_.grid.rows;
    const std::size_t rowBytes = maskRowBytes(cols);
    // Kept from year to year: fresh pages would be zeroed by the kernel every year.
    if (distanceToForest_.size() != cells.size()) distanceToForest_.resize(cells.size());
    const LandClass* landClass = state_.landClass.data();
    uint16_t* distance = distanceToForest_.data();
    distancesOfAskedCells(forestMask_.data(), cols, rows, state_.band.first, state_.band.count, runner_,
                          [&](int row, AskedCells& asked) {
                              const uint8_t* mask = &forestMask_[static_cast<std::size_t>(row) * rowBytes];
                              cells.forEachInRow(row, [&](std::size_t i, int col) {
                                  if (!((classes >> static_cast<unsigned>(landClass[i])) & 1u)) return;
                                  if ((mask[col / 8] >> (col % 8)) & 1) distance[i] = 0;
                                  else asked.add(col, i);
                              });
                          },
                          distance);
}

inline int64_t Simulation::cellAreaM2(std::size_t i, int row, int col) const {
    return areaM2OfRow_.empty() ? roundHalfAwayFromZero(state_.areaHa(i, row, col) * kM2PerHa) : areaM2OfRow_[row];
}

// Whether cell i, of a class p takes, is a candidate of programme p this
// year; if so, its key and amount. Inlined into the allocation's loop over
// the cells (a call per cell was a tenth of a 30 m run).
[[gnu::always_inline]] inline bool Simulation::passesFilters(const CompiledProgramme& p, std::size_t i, int row,
                                                             int col, int year, Candidate& c) const {
    const ProgrammeSpec& spec = *p.spec;
    const bool volumeQuota = spec.volumeM3PerYear.has_value();
    const uint8_t index = static_cast<uint8_t>(p.index);
    const uint16_t region = state_.region[i];
    const int32_t group = p.quotaGroupOfRegion[region];
    if (group < 0) return false;
    if (!p.regionAllowed.empty() && !p.regionAllowed[region]) return false;
    if (spec.eligible.damagedOnly && !(state_.flags[i] & kDamaged)) return false;
    if (p.forestCategoryMask && !inForestCategory(p, state_.flags[i], year)) return false;
    // Area programmes treat a cell once; harvest and disturbance may return.
    if (state_.treatment[i] == index && !p.traits.treatsCellsAgain) return false;
    const uint8_t sp = state_.species[i];
    if (p.traits.treelessOnly && sp != kNoSpecies) return false;
    if (p.needsSpecies) {
        if (sp == kNoSpecies || !p.speciesAllowed[sp]) return false;
        const int age = state_.age[i];
        if (age < p.minAge || age > p.maxAge) return false;
        if (!p.ageClassMask.empty() && !((p.ageClassMask[sp] >> ageClassOf(species_.group(sp), age)) & 1))
            return false;
        if (p.usesRelativeStock) {
            const float mean = meanStock_[static_cast<std::size_t>(sp) * kSiteClassCount + state_.site[i]];
            if (!withinRelativeStock(p, state_.volume[i], mean)) return false;
        }
    }
    if (!p.insideThreshold.empty() && !p.insideThreshold[i]) return false;
    float priority = 0;
    switch (spec.priority) {
        case PriorityRule::Random: break;
        case PriorityRule::LowestStock: priority = -state_.volume[i]; break;
        case PriorityRule::Oldest: priority = state_.age[i]; break;
        case PriorityRule::NearestForest:  // without distances it takes every candidate (runProgramme)
            priority = distanceUsed_ ? -static_cast<float>(distanceToForest_[i]) : 0.0f;
            break;
        case PriorityRule::HighestRaster: priority = std::isnan(p.priorityRaster[i]) ? -INFINITY : p.priorityRaster[i]; break;
        case PriorityRule::LowestRaster: priority = std::isnan(p.priorityRaster[i]) ? -INFINITY : -p.priorityRaster[i]; break;
    }
    c.group = group;
    // Ties are broken on the cell's place on the grid, not its state index.
    // Random order is the tie-break alone, in the key's upper bits, where
    // the allocation's first levels separate the candidates (the same order
    // as a shared priority above it).
    const uint64_t tie = tieHashOfMixedSeed(mixedSeed_, state_.placeOf(i, row, col), year, p.index);
    c.key = spec.priority == PriorityRule::Random ? tie << 32 : static_cast<uint64_t>(orderedBits(priority)) << 32 | tie;
    c.amount = volumeQuota ? roundHalfAwayFromZero(static_cast<double>(state_.volume[i]) *
                                                   state_.areaHa(i, row, col) * 1000.0)
                           : cellAreaM2(i, row, col);
    return c.amount > 0;
}

// What each quota group asks for this year, in the quota's units (m² or 1e-3 m³).
std::vector<int64_t> Simulation::quotaOfYear(const CompiledProgramme& p, int year,
                                             const std::vector<int64_t>& eligible) const {
    const ProgrammeSpec& spec = *p.spec;
    const int groups = static_cast<int>(p.quotaRegionIds.size());
    std::vector<int64_t> quota(groups, 0);
    if (spec.volumeM3PerYear) quota[0] = std::llround(*spec.volumeM3PerYear * 1000.0);
    else if (spec.ratePerYear) quota[0] = std::llround(*spec.ratePerYear * static_cast<double>(eligible[0]));
    else if (spec.areaHaPerYear) quota[0] = std::llround(*spec.areaHaPerYear * kM2PerHa);
    else if (spec.areaHaTotal) {
        // Spread what is left evenly over the years left: a shortfall carries over.
        const int yearsLeft = spec.lastYear - year + 1;
        quota[0] = std::llround(std::max(0.0, *spec.areaHaTotal - treatedHaSoFar_[p.index]) / yearsLeft * kM2PerHa);
    } else
        for (int g = 0; g < groups; ++g) quota[g] = std::llround(p.quotaHaPerYear[g] * kM2PerHa);
    return quota;
}

// What each quota group must take this year: its quota less what whole cells
// took over the quotas of the years before. (A total spread over the years
// left carries it already.)
std::vector<int64_t> Simulation::quotaNeed(const CompiledProgramme& p, int year,
                                           const std::vector<int64_t>& eligible) const {
    std::vector<int64_t> need = quotaOfYear(p, year, eligible);
    if (!p.spec->areaHaTotal)
        for (std::size_t g = 0; g < need.size(); ++g) need[g] = std::max<int64_t>(0, need[g] - overshoot_[p.index][g]);
    return need;
}

// Whole cells take up to one cell more than a quota: the excess is owed back
// by the years after; a shortfall (too little eligible land) is not carried.
void Simulation::carryOvershoot(const CompiledProgramme& p, int year, const AllocationOutcome& o) {
    if (p.spec->areaHaTotal) return;
    const std::vector<int64_t> quota = quotaOfYear(p, year, o.eligible);
    auto& over = overshoot_[p.index];
    for (std::size_t g = 0; g < quota.size(); ++g) over[g] = std::max<int64_t>(0, over[g] + o.taken[g] - quota[g]);
}

struct Simulation::CandidateTest {
    const Simulation& sim;
    const CompiledProgramme& p;
    int year;
    uint16_t classes;  // ClassBlocks bits of the classes p takes
    bool damagedOnly;  // p takes damaged stands only: a block without one holds no candidate
    BlockPrefilter cheap;  // tests a block's cells of those classes must pass first
    // For a cell of a class p takes: allocate and takesEveryCandidate ask
    // only those (forEachCellToTest).
    [[gnu::always_inline]] bool operator()(std::size_t i, int row, int col, Candidate& c) const {
        return sim.passesFilters(p, i, row, col, year, c);
    }
    bool blockMayHoldCandidates(std::size_t block) const {
        const ClassBlocks& blocks = sim.state_.classBlocks;
        return blocks.mayHold(block, classes) && (!damagedOnly || blocks.mayHoldDamaged(block));
    }
    // Bit k: cell first + k (k < count <= 64, in `block`) is of a class p
    // takes and passes its cheap tests (BlockPrefilter). A block of those
    // classes only (forest across most of a province) needs no look at their classes.
    uint64_t cellsOfTakenClasses(std::size_t block, std::size_t first, int count) const {
        uint64_t taken = 0;
        if (sim.state_.classBlocks.holdsOnly(block, classes)) {
            taken = count == 64 ? ~0ULL : (1ULL << count) - 1;
        } else {
            const LandClass* landClass = sim.state_.landClass.data() + first;
            for (int k = 0; k < count; ++k)
                taken |= static_cast<uint64_t>((classes >> static_cast<unsigned>(landClass[k])) & 1u) << k;
        }
        return cheap.keep(sim.state_, first, count, taken);
    }
};

Simulation::CandidateTest Simulation::candidateTest(const CompiledProgramme& p, int year) const {
    return CandidateTest{*this, p, year, classBitsOf(p), p.spec->eligible.damagedOnly, BlockPrefilter(p, species_, year, meanStock_)};
}

// Whether p's candidates this year amount to no more than it needs in every
// quota group, so that it takes them all whatever their order: one pass of
// its candidate test (keys unused), summed over the ranks.
bool Simulation::takesEveryCandidate(const CompiledProgramme& p, int year) const {
    const int groups = static_cast<int>(p.quotaRegionIds.size());
    const CandidateTest test = candidateTest(p, year);
    tbb::enumerable_thread_specific<std::vector<int64_t>> amountOfThread(std::vector<int64_t>(groups, 0));
    runner_.forEachTile(state_.grid.rows, [&](int first, int count) {
        auto& amount = amountOfThread.local();
        Candidate c;
        for (int row = first; row < first + count; ++row)
            forEachCellToTest(state_.cells, row, test, [&](std::size_t i, int col) {
                if (test(i, row, col, c)) amount[c.group] += c.amount;
            });
    });
    std::vector<int64_t> eligible(groups, 0);
    for (const auto& a : amountOfThread)
        for (int g = 0; g < groups; ++g) eligible[g] += a[g];
    ranks_.sumOnAll(eligible);
    const std::vector<int64_t> need = quotaNeed(p, year, eligible);
    for (int g = 0; g < groups; ++g)
        if (eligible[g] > need[g]) return false;
    return true;
}

ProgrammeYear Simulation::runProgramme(const CompiledProgramme& p, int year) {
    const ProgrammeSpec& spec = *p.spec;
    const int groups = static_cast<int>(p.quotaRegionIds.size());
    const std::size_t regions = state_.regions.size();
    const bool volumeQuota = spec.volumeM3PerYear.has_value();
    const uint8_t index = static_cast<uint8_t>(p.index);
    const CandidateTest candidate = candidateTest(p, year);
    auto needOf = [&](const std::vector<int64_t>& eligible) { return quotaNeed(p, year, eligible); };
    // Per-thread tallies (integers, so their sum does not depend on the order).
    tbb::enumerable_thread_specific<std::vector<int64_t>> areaOfThread(std::vector<int64_t>(regions, 0));
    tbb::enumerable_thread_specific<std::vector<int64_t>> volumeOfThread(std::vector<int64_t>(regions, 0));
    const float stockingPct = static_cast<float>(std::clamp(spec.stocking * 100.0, 1.0, 150.0));

    auto apply = [&](std::size_t i, int row, int col, int) {
        const std::size_t r = static_cast<std::size_t>(regionIndex_[state_.region[i]]);
        const double areaHa = state_.areaHa(i, row, col);
        areaOfThread.local()[r] += cellAreaM2(i, row, col);
        Treatment cell{state_, i, row, r, areaHa, year,
                       rules_.isForest[static_cast<int>(state_.landClass[i])], p, spec, rules_, growth_, flows_,
                       volumeOfThread.local()[r], stockingPct, index, &biomass_};
        p.rule->apply(cell);
    };

    if (spec.priority == PriorityRule::NearestForest) {
        // A programme that took every candidate last year likely does again;
        // if it does, it takes them whatever their order, and needs no distances.
        distanceUsed_ = !(tookEveryCandidate_[p.index] && takesEveryCandidate(p, year));
        if (distanceUsed_) distancesFor(p, year);
    }
    const AllocationOutcome o = allocate(state_, runner_, groups, candidate, needOf, apply, allocationScratch_, ranks_);
    carryOvershoot(p, year, o);
    bool tookAll = true;
    for (int g = 0; g < groups; ++g) tookAll = tookAll && o.eligible[g] <= o.need[g];
    tookEveryCandidate_[p.index] = tookAll;
    ProgrammeYear py;
    py.programme = p.index;
    py.volumeQuota = volumeQuota;
    py.areaM2ByRegion.assign(regions, 0);
    py.volumeMilliM3ByRegion.assign(regions, 0);
    for (const auto& a : areaOfThread)
        for (std::size_t r = 0; r < regions; ++r) py.areaM2ByRegion[r] += a[r];
    for (const auto& v : volumeOfThread)
        for (std::size_t r = 0; r < regions; ++r) py.volumeMilliM3ByRegion[r] += v[r];
    ranks_.sumOnAll(py.areaM2ByRegion);
    ranks_.sumOnAll(py.volumeMilliM3ByRegion);
    py.need = o.need;
    py.taken = o.taken;
    py.eligible = o.eligible;
    py.groupRegionIds = p.quotaRegionIds;
    if (!volumeQuota)
        for (int64_t t : o.taken) treatedHaSoFar_[p.index] += static_cast<double>(t) / kM2PerHa;
    return py;
}

// Planted and closed land becomes forest once its years are up; the volume
// that enters the forest classes so is recorded as reclassified.
void Simulation::transitionCell(std::size_t i, int row, int col) {
    const LandClass lc = state_.landClass[i];
    if (lc == LandClass::Forest || lc == LandClass::Outside) return;
    if (!rules_.isForest[static_cast<int>(lc)] && rules_.isForest[static_cast<int>(LandClass::Forest)])
        flows_.add(row, static_cast<std::size_t>(regionIndex_[state_.region[i]]), kReclassM3,
                   static_cast<double>(state_.volume[i]) * state_.areaHa(i, row, col));
    state_.setLandClass(i, LandClass::Forest);
}

void Simulation::plantationYear(std::size_t i, int row, int col, int year) {
    switch (plantations_.outcome(state_, i, state_.placeOf(i, row, col), year)) {
        case PlantationRule::Outcome::Stays: return;
        case PlantationRule::Outcome::Closes: transitionCell(i, row, col); return;
        case PlantationRule::Outcome::Fails:
            // Its stand was never forest stock: only the area is recorded, as the shortfall to replant.
            flows_.add(row, static_cast<std::size_t>(regionIndex_[state_.region[i]]), kPlantationFailedHa,
                       state_.areaHa(i, row, col));
            failPlanting(state_, i);
            return;
    }
}

// Closed (or otherwise treated) land whose years are up becomes forest: all
// of it, or at the programme's rate a year by the cell's draw.
void Simulation::closedYear(std::size_t i, int row, int col, int year, double perYear) {
    if (state_.until[i] > year || state_.landClass[i] == LandClass::Forest) return;
    if (succession_.closedBecomesForest(perYear, state_.placeOf(i, row, col), year)) transitionCell(i, row, col);
}

// Natural succession of a cell no programme is bringing to forest (sim/Succession.h).
void Simulation::successionYear(std::size_t i, int row, int col, int year) {
    const SuccessionRule::Change change = succession_.change(state_, i, state_.placeOf(i, row, col), year);
    if (change == SuccessionRule::Change::None) return;  // most cells, most years
    const std::size_t r = static_cast<std::size_t>(regionIndex_[state_.region[i]]);
    const double areaHa = state_.areaHa(i, row, col);
    switch (change) {
        case SuccessionRule::Change::None: return;
        case SuccessionRule::Change::SparseToForest:
            flows_.add(row, r, kNaturalToForestHa, areaHa);
            transitionCell(i, row, col);  // the stand is kept; its volume enters the forest stock
            return;
        case SuccessionRule::Change::ShrublandToSparse: {
            // Other shrubland holds no stand; the new one counts in the stock only where sparse forest is a forest class.
            const double before = rules_.isForest[static_cast<int>(LandClass::Shrubland)] ? state_.volume[i] : 0.0f;
            succession_.startSparseStand(state_, i, r, growth_);
            const double after = rules_.isForest[static_cast<int>(LandClass::SparseForest)] ? state_.volume[i] : 0.0f;
            if (after != before) flows_.add(row, r, kReclassM3, (after - before) * areaHa);
            flows_.add(row, r, kNaturalToSparseHa, areaHa);
            return;
        }
    }
}

// The stands of a row grow one year (growCell). growth[k] is the volume change
// (m³/ha) of the row's k-th state entry if it is a stand of a forest class,
// else 0: the accounting sums it by region (YearAccount::addRow). The loop
// calls nothing out of line, so its pointers stay in registers.
template <bool kGains>
void Simulation::growRow(int row, const GrowthContext& g, double* growth) {
    const GrowingStands stands(state_);
    const LandClass* landClass = state_.landClass.data();
    const bool* forest = rules_.isForest.data();
    const std::size_t begin = state_.cells.rowBegin(row), end = state_.cells.rowEnd(row);
    for (std::size_t i = begin; i < end; ++i) {
        double change = 0.0;
        if (stands.species[i] != kNoSpecies) {
            change = growCell<kGains>(stands, i, growth_, g);
            if (!forest[static_cast<int>(landClass[i])]) change = 0.0;
        }
        growth[i - begin] = change;
    }
}

Simulation::TransitionRules Simulation::transitionRules() const {
    TransitionRules t;
    for (const auto& p : programmes_) {
        t.becomesForest[p.index] = p.traits.becomesForestWhenDue;
        t.forestPerYear[p.index] = p.spec->becomesForestPerYear;
        t.anyBecomesForest = t.anyBecomesForest || p.traits.becomesForestWhenDue;
    }
    t.byClass[static_cast<int>(LandClass::UnclosedPlantation)] = true;
    for (int c = 0; c < kLandClassCount; ++c) t.byClass[c] = t.byClass[c] || succession_.mayChange(static_cast<LandClass>(c));
    for (int c = 0; c < kLandClassCount; ++c)
        if (t.byClass[c]) t.classBits |= ClassBlocks::bitOf(static_cast<LandClass>(c));
    return t;
}

// Whether the state may hold a cell that changes class this year: one of a
// class that may change (un-closed plantations, succession), or land whose
// treatment becomes forest. When none may, the rows' class-change loop is skipped.
bool Simulation::anyTransitionPossible(const TransitionRules& t) const {
    if (t.anyBecomesForest) return true;
    if (t.classBits == 0) return false;
    return state_.classBlocks.mayHoldAny(t.classBits);
}

// The class changes of a row, cell by cell in column order: a plantation's
// survival check or closure, closed land becoming forest, succession. The
// test per cell reads two bytes; the change itself is out of line.
void Simulation::transitionRow(int row, int year, const TransitionRules& t) {
    const LandClass* landClass = state_.landClass.data();
    const uint8_t* treatment = state_.treatment.data();
    for (const CellRun *run = state_.cells.runsBegin(row), *end = state_.cells.runsEnd(row); run != end; ++run) {
        const std::size_t first = run->first;
        const int count = run->count, col = run->col, colStep = run->colStep();
        for (int k = 0; k < count; ++k) {
            const std::size_t i = first + static_cast<std::size_t>(k);
            if (t.byClass[static_cast<int>(landClass[i])] || t.becomesForest[treatment[i]])
                transitionYear(i, row, col + k * colStep, year, t);
        }
    }
}

void Simulation::transitionYear(std::size_t i, int row, int col, int year, const TransitionRules& t) {
    const LandClass lc = state_.landClass[i];
    const uint8_t treatment = state_.treatment[i];
    if (lc == LandClass::UnclosedPlantation) plantationYear(i, row, col, year);
    else if (t.becomesForest[treatment]) closedYear(i, row, col, year, t.forestPerYear[treatment]);
    else if (succession_.mayChange(lc)) successionYear(i, row, col, year);
}

// Growth, class transitions and accounting in one pass over the state, row
// by row: the row's cells grow, then may change class, then the row is
// counted while it is still in cache. Every sum is the one the three passes
// made apart (per row, in column order); a cell's growth and class change
// touch only that cell, so each cell is counted as it is after its own. The
// growth flow is summed by the accounting too, from the row's growth buffer.
YearTotals Simulation::growTransitionAndAccount(int year, const GrowthContext& g) {
    const TransitionRules transitions = transitionRules();
    const bool anyTransition = anyTransitionPossible(transitions);
    const bool gains = g.hasGains();
    YearAccount account(state_, biomass_, rules_);
    runner_.forEachTile(state_.grid.rows, [&](int first, int count) {
        YearAccount::RowTotals sums = account.newRow();
        std::vector<double> growth;  // by state entry of the row
        for (int row = first; row < first + count; ++row) {
            // Growth, then class changes, then the count: three loops over
            // the row while it is in cache.
            growth.resize(state_.cells.rowEnd(row) - state_.cells.rowBegin(row));
            if (gains) growRow<true>(row, g, growth.data());
            else growRow<false>(row, g, growth.data());
            if (anyTransition) transitionRow(row, year, transitions);
            account.addRow(sums, row, growth.data());
            const double scale = state_.rowScale(row);  // per-cell sums are m³/ha; the row's area makes them m³
            for (std::size_t r = 0; r < sums.growth.size(); ++r) {
                flows_.add(row, r, kGrowthM3, sums.growth[r] * scale);
                sums.growth[r] = 0.0;
            }
            account.endRow(sums, row, scale);
        }
    });
    return account.totals(year, ranks_);
}

YearRecord Simulation::step(int year) {
    flows_.clear();
    programmeYears_.clear();
    auto t = std::chrono::steady_clock::now();
    auto lap = [&t](double& seconds) {
        const auto now = std::chrono::steady_clock::now();
        seconds += std::chrono::duration<double>(now - t).count();
        t = now;
    };
    yearBegin(year);
    lap(stageSeconds_.yearBegin);
    // Disturbances first, then the other programmes, each in file order.
    stageSeconds_.byProgramme.resize(programmes_.size(), 0.0);
    for (bool disturbances : {true, false})
        for (const auto& p : programmes_)
            if (enabled_[p.index] && p.activeIn(year) && p.traits.actsFirst == disturbances) {
                programmeYears_.push_back(runProgramme(p, year));
                double seconds = 0;
                lap(seconds);
                stageSeconds_.byProgramme[p.index] += seconds, stageSeconds_.programmes += seconds;
            }
    // Distance to forest is kept until the last year a programme plants
    // nearest the forest; the candidate lists are needed again only next
    // year: both are freed while the cells grow and the outputs are written.
    if (year >= lastYearOfDistance_) StateArray<uint16_t>().swap(distanceToForest_);  // 2 bytes per study cell
    std::vector<uint8_t>().swap(forestMask_);
    distanceUsed_ = false;
    allocationScratch_.cache = {};  // up to AllocationScratch::limitBytes
    lap(stageSeconds_.programmes);

    GrowthContext g;
    g.year = year;
    for (const auto& p : programmes_)
        if (p.spec->growthGain > 0 && !p.spec->replant) g.gainFactor[p.index] = static_cast<float>(1.0 + p.spec->growthGain);
    g.speciesFactor = speciesGrowthFactor_;
    YearTotals totals = growTransitionAndAccount(year, g);
    lap(stageSeconds_.cells);
    YearRecord r = finishYear(year, std::move(totals));
    lap(stageSeconds_.ledger);
    return r;
}

namespace {

// Column names of summary.csv, for messages.
constexpr const char* kMetricNames[kMetricCount] = {
    "area_ha",          "forest_area_ha",   "stock_m3",           "living_stock_m3",        "biomass_t",
    "above_biomass_t",  "carbon_t",         "pre2003_coverage_area_ha",   "sink_carbon_t",          "forestry_land_ha",
    "tree_carbon_t",    "above_carbon_t",   "below_carbon_t",     "dead_wood_carbon_t",     "litter_carbon_t",
    "soil_carbon_t",    "soil_equilibrium_carbon_t", "hwp_carbon_t"};
constexpr const char* kFlowNames[kFlowCount] = {"growth_m3",     "harvest_m3",     "loss_m3",     "reclass_m3",
                                                "soil_change_t_c", "hwp_inflow_t_c", "hwp_decay_t_c", "plantation_failed_ha",
                                                "natural_to_forest_ha", "natural_to_sparse_ha", "construction_ha",
                                                "construction_m3", "construction_carbon_t"};

// A NaN or an infinity in the year's ledger stops the run, naming the year,
// the region and the flow: the balance check cannot see it (NaN compares
// false), and summary.csv would hold "inf" and "-nan".
void requireFiniteLedger(const YearRecord& r, const std::vector<Region>& regions) {
    auto fail = [&](std::size_t region, const char* what, double value) {
        throw Error(fmt::format("the ledger of {} is not finite: {} = {} in region '{}'; an input value or a "
                                "parameter is out of its physical range (check the volume, age and species-table "
                                "values of that region)",
                                r.totals.year, what, value, region < regions.size() ? regions[region].name : "?"));
    };
    for (std::size_t g = 0; g < r.flows.size(); ++g)
        for (int k = 0; k < kFlowCount; ++k)
            if (!std::isfinite(r.flows[g][k])) fail(g, kFlowNames[k], r.flows[g][k]);
    for (std::size_t g = 0; g < r.totals.byRegion.size(); ++g)
        for (int k = 0; k < kMetricCount; ++k)
            if (!std::isfinite(r.totals.byRegion[g][k])) fail(g, kMetricNames[k], r.totals.byRegion[g][k]);
}

}  // namespace

YearRecord Simulation::finishYear(int year, YearTotals totals) {
    YearRecord r;
    r.totals = std::move(totals);
    r.flows = reduce(flows_);
    if (year == scenario_.startYear) slowPools_.start(r.totals);
    else slowPools_.step(r.totals, harvestedM3ByRegion(), r.flows);
    r.provinceFlows.assign(kFlowCount, 0.0);
    for (const auto& f : r.flows)
        for (int k = 0; k < kFlowCount; ++k) r.provinceFlows[k] += f[k];
    r.programmes = programmeYears_;
    requireFiniteLedger(r, state_.regions);
    const double stock = r.totals.province[kStockM3];
    if (year != scenario_.startYear) {
        const double expected = lastStock_ + r.provinceFlows[kGrowthM3] - r.provinceFlows[kHarvestM3] -
                                r.provinceFlows[kLossM3] - r.provinceFlows[kConstructionM3] +
                                r.provinceFlows[kReclassM3];
        r.balanceError = std::abs(stock - expected);
        // The ledger must balance; anything beyond rounding is a bug in the engine.
        if (r.balanceError > 1e-6 * std::max(1.0, std::abs(stock)))
            throw std::logic_error(fmt::format("ledger does not balance in {}: stock {:.3f} m³, expected {:.3f} m³",
                                               year, stock, expected));
    }
    lastStock_ = stock;
    checkCarbonLedger(r);
    return r;
}

// Stand volume taken by harvest programmes this year, by region index (m³): what feeds wood products.
std::vector<double> Simulation::harvestedM3ByRegion() const {
    std::vector<double> m3(state_.regions.size(), 0.0);
    for (const ProgrammeYear& py : programmeYears_)
        if (scenario_.programmes[py.programme].kind == ProgrammeKind::Harvest)
            for (std::size_t r = 0; r < m3.size(); ++r) m3[r] += static_cast<double>(py.volumeMilliM3ByRegion[r]) * 1e-3;
    return m3;
}

// soil(t) = soil(t−1) + soil change and hwp(t) = hwp(t−1) + inflow − decay,
// checked each year like the stock; anything beyond rounding is an engine bug.
void Simulation::checkCarbonLedger(YearRecord& r) {
    const Totals& p = r.totals.province;
    if (r.totals.year != scenario_.startYear) {
        const double soilExpected = lastSoilC_ + r.provinceFlows[kSoilChangeC];
        const double hwpExpected = lastHwpC_ + r.provinceFlows[kHwpInflowC] - r.provinceFlows[kHwpDecayC];
        r.carbonBalanceError = std::max(std::abs(p[kSoilCarbonT] - soilExpected), std::abs(p[kHwpCarbonT] - hwpExpected));
        const double scale = std::max({1.0, std::abs(p[kSoilCarbonT]), std::abs(p[kHwpCarbonT])});
        if (r.carbonBalanceError > 1e-6 * scale)
            throw std::logic_error(fmt::format("carbon ledger does not balance in {}: soil {:.3f} t C (expected {:.3f}), "
                                               "wood products {:.3f} t C (expected {:.3f})",
                                               r.totals.year, p[kSoilCarbonT], soilExpected, p[kHwpCarbonT],
                                               hwpExpected));
    }
    lastSoilC_ = p[kSoilCarbonT];
    lastHwpC_ = p[kHwpCarbonT];
}

std::vector<YearRecord> runAllYears(Simulation& simulation, const Scenario& scenario, const OnYear& onYear) {
    std::vector<YearRecord> years;
    years.push_back(simulation.start());
    if (onYear) onYear(years.back(), simulation);
    for (int year = scenario.startYear + 1; year <= scenario.endYear; ++year) {
        years.push_back(simulation.step(year));
        if (onYear) onYear(years.back(), simulation);
    }
    return years;
}

}  // namespace forestsink
