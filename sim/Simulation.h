#pragma once
// The yearly life cycle of a run, on its own state:
//   start()      accounting of the input year
//   step(year)   yearBegin (the land classes of each block of cells, stock
//                means, distance to forest, when needed) →
//                disturbances → other programmes, in file order → one pass
//                over the state in which each cell grows, changes class when
//                due (an un-closed plantation failing its survival check or
//                closing, closed mountains becoming forest) and is counted →
//                the ledger, with its balance checked.
#include "scenarios/Scenario.h"
#include "common/ProcessGroup.h"
#include "sim/Accounting.h"
#include "sim/AllocationScratch.h"
#include "sim/CompiledProgramme.h"
#include "sim/Flows.h"
#include "sim/Plantations.h"
#include "sim/Succession.h"
#include "sim/SlowPools.h"
#include "species/GrowthTable.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace forestsink {

struct GrowthContext;
struct AllocationOutcome;

// What one programme did in one year.
struct ProgrammeYear {
    int programme = 0;
    bool volumeQuota = false;                 // amounts in 1e-3 m³ rather than m²
    std::vector<int64_t> areaM2ByRegion;      // treated area, by region index
    std::vector<int64_t> volumeMilliM3ByRegion;  // volume removed or lost, by region index
    std::vector<int64_t> need, taken, eligible;  // by quota group, in the quota's units
    std::vector<uint16_t> groupRegionIds;        // by quota group: its region id (regional quotas)
};

struct YearRecord {
    YearTotals totals;
    std::vector<std::vector<double>> flows;  // [region][Flow], m³
    std::vector<double> provinceFlows;       // [Flow]
    std::vector<ProgrammeYear> programmes;
    double balanceError = 0;  // |stock − (previous + flows)|, m³, province
    double carbonBalanceError = 0;  // the same for the soil and HWP pools, t C, province
};

// Hectares programme `programme` treated in years[0..upTo] (every programme when it is negative).
double treatedHa(const std::vector<YearRecord>& years, std::size_t upTo, int programme);
// Its cost in yuan over the same years, at `costPerHa`.
double treatedCostYuan(const std::vector<YearRecord>& years, std::size_t upTo, int programme, double costPerHa);
// The cost of every programme of a scenario over years[0..upTo].
double totalCostYuan(const std::vector<YearRecord>& years, std::size_t upTo, const Scenario& scenario);

// An input age times a drawn factor, rounded to whole years and kept within
// the ages the loader accepts (0 to 5,000 years).
inline uint16_t scaledAge(uint16_t age, double factor) {
    return static_cast<uint16_t>(std::clamp(std::lround(age * factor), 0L, 5000L));
}

class Simulation {
public:
    // `enabled[i]` switches programme i on or off (for runs "without" a programme).
    // The simulation owns its state: pass an rvalue to hand over a loaded
    // state without a copy (a 30 m province holds 14 GB). It keeps
    // references to `scenario` and `species`, which must outlive it.
    // `ranks`: in a run split into bands of rows (sim/RowBands.h), the ranks,
    // each with its band's state; every rank then gets the whole run's records.
    Simulation(const Scenario& scenario, const SpeciesTable& species, CellState initial,
               const ThreadRunner& runner, std::vector<bool> enabled = {},
               const ProcessGroup& ranks = singleProcess());

    // Multiplies each species' growth increment (Monte Carlo draws); 1 by default.
    void setSpeciesGrowthFactors(const std::array<float, 256>& factors) { speciesGrowthFactor_ = factors; }

    // Multiplies the age of every stand of the input state (Monte Carlo
    // draws of the inventory's age uncertainty), before start().
    void scaleInputAges(double factor);

    // Wall time of each part of the yearly step so far (for run.json).
    struct StageSeconds {
        double yearBegin = 0;    // class blocks, stock means, distance to forest
        double programmes = 0;   // allocation and treatment
        double cells = 0;        // growth, class transitions and accounting: one pass over the state
        double ledger = 0;       // flows reduced, slow pools, balance checks
        std::vector<double> byProgramme;  // programmes' part, by programme index
    };
    const StageSeconds& stageSeconds() const { return stageSeconds_; }

    YearRecord start();
    YearRecord step(int year);
    const CellState& state() const { return state_; }
    const std::vector<CompiledProgramme>& programmes() const { return programmes_; }
    const BiomassParameters& biomass() const { return biomass_; }

private:
    void yearBegin(int year);
    ProgrammeYear runProgramme(const CompiledProgramme& p, int year);
    // A cell's area in whole m², the unit of area quotas.
    inline int64_t cellAreaM2(std::size_t i, int row, int col) const;  // defined in Simulation.cpp
    // p's candidate test this year: which cells are of the classes p takes,
    // a block of 64 at a time, and whether such a cell passes its filters.
    struct CandidateTest;  // defined in Simulation.cpp
    CandidateTest candidateTest(const CompiledProgramme& p, int year) const;
    // Whether cell i, of a class p takes, is a candidate of p this year, and
    // its key and amount. Inline, defined in Simulation.cpp (its only user),
    // so that the allocation's loop over the cells makes no call per cell.
    inline bool passesFilters(const CompiledProgramme& p, std::size_t i, int row, int col, int year,
                              Candidate& c) const;
    std::vector<int64_t> quotaOfYear(const CompiledProgramme& p, int year, const std::vector<int64_t>& eligible) const;
    std::vector<int64_t> quotaNeed(const CompiledProgramme& p, int year, const std::vector<int64_t>& eligible) const;
    void carryOvershoot(const CompiledProgramme& p, int year, const AllocationOutcome& o);
    // Land whose planting or closure is due (its treatment becomes forest, and its year has come).
    void transitionCell(std::size_t i, int row, int col);
    // An un-closed plantation's year: it may fail its survival check or close.
    void plantationYear(std::size_t i, int row, int col, int year);
    void closedYear(std::size_t i, int row, int col, int year, double perYear);
    void successionYear(std::size_t i, int row, int col, int year);
    PlantationRule plantationRule() const;
    YearTotals growTransitionAndAccount(int year, const GrowthContext& g);
    template <bool kGains>
    void growRow(int row, const GrowthContext& g, double* growth);
    // Which cells may change class this year: by land class, and by treatment.
    struct TransitionRules {
        LandClassFlags byClass{};                // un-closed plantations; succession's classes
        uint16_t classBits = 0;                  // byClass as ClassBlocks bits
        std::array<bool, 256> becomesForest{};   // by treatment
        std::array<double, 256> forestPerYear{};  // by treatment: the share of the due land that becomes forest each year
        bool anyBecomesForest = false;
    };
    TransitionRules transitionRules() const;
    bool anyTransitionPossible(const TransitionRules& t) const;
    void transitionRow(int row, int year, const TransitionRules& t);
    void transitionYear(std::size_t i, int row, int col, int year, const TransitionRules& t);
    YearRecord finishYear(int year, YearTotals totals);
    std::vector<double> harvestedM3ByRegion() const;
    void checkCarbonLedger(YearRecord& r);

    // Totals of `sums` over every rank's rows, in row order.
    std::vector<std::vector<double>> reduce(const RowSums& sums) const;

    const Scenario& scenario_;
    const SpeciesTable& species_;
    const ProcessGroup& ranks_;
    CellState state_;
    ThreadRunner runner_;  // its own, with the caller's threads and tile rows
    GrowthTable growth_;
    BiomassParameters biomass_;
    AccountingRules rules_;
    std::vector<CompiledProgramme> programmes_;
    PlantationRule plantations_;
    SuccessionRule succession_;
    std::vector<bool> enabled_;
    std::vector<int32_t> regionIndex_;
    FlowSums flows_;
    std::vector<ProgrammeYear> programmeYears_;
    std::vector<double> treatedHaSoFar_;  // by programme: for area_ha_total
    std::vector<std::vector<int64_t>> overshoot_;  // by programme and quota group: taken over the quotas so far
    std::vector<float> meanStock_;        // by species × site, forest cells, at year begin
    StateArray<uint16_t> distanceToForest_;  // eighths of a cell, by study cell, at year begin, when a programme needs it
    int lastYearOfDistance_ = 0;             // the last year a programme needs it
    // Distance to forest is worked out when a programme first needs it in a
    // year, for the cells of the classes nearest-forest programmes take: not
    // at all in a year whose nearest-forest programmes take every candidate
    // (their order does not matter then). The year begin's forest mask is
    // kept until the year's programmes are done.
    std::vector<uint8_t> forestMask_;        // 1 bit per grid cell, at year begin
    uint16_t distanceClasses_ = 0;           // ClassBlocks bits: the classes whose cells hold this year's distances
    bool distanceUsed_ = false;              // the programme running orders its candidates by distance
    std::vector<bool> tookEveryCandidate_;   // by programme: in its last year, every group took all it could
    void distancesFor(const CompiledProgramme& p, int year);
    void distanceFromMask(uint16_t classes);
    bool takesEveryCandidate(const CompiledProgramme& p, int year) const;
    AllocationScratch allocationScratch_;
    uint64_t mixedSeed_ = 0;  // the scenario's seed mixed once, for every cell's tie-break
    // A cell's area in whole m² (an area quota's unit) by row, when cells of a
    // row share one area: worked out once, not for every candidate.
    std::vector<int64_t> areaM2OfRow_;
    SlowPools slowPools_;
    double lastStock_ = 0;
    double lastSoilC_ = 0, lastHwpC_ = 0;
    StageSeconds stageSeconds_;
    std::array<float, 256> speciesGrowthFactor_ = [] {
        std::array<float, 256> a;
        a.fill(1.0f);
        return a;
    }();
};

// Runs every year of `scenario`: the start year, then one step a year to the
// end year; calls onYear(record, simulation) after each when given.
using OnYear = std::function<void(const YearRecord&, const Simulation&)>;
std::vector<YearRecord> runAllYears(Simulation& simulation, const Scenario& scenario, const OnYear& onYear = {});

}  // namespace forestsink
