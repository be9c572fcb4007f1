#pragma once
// A programme made ready to run on a grid: species and regions resolved,
// rasters aligned and read, eligibility turned into fast per-cell tests.
// Every name is checked here, before any year is simulated.
#include "scenarios/Scenario.h"
#include "common/ProcessGroup.h"
#include "sim/CellState.h"
#include "common/ThreadRunner.h"
#include "sim/programmes/ProgrammeKind.h"
#include "species/SpeciesTable.h"

#include <array>
#include <bitset>
#include <map>
#include <vector>

namespace forestsink {

// What an eligibility raster's test kept on the run's grid: the area whose
// raster cells pass, the area of the grid cells selected, and the grid cells
// that hold both passing and failing raster cells. Integers (1e-6 ha), so
// that sums over MPI ranks are exact in any order.
struct EligibilityRasterArea {
    int64_t passingMicroHa = 0, selectedMicroHa = 0, mixedCells = 0;
    bool onStands = false;  // tested on the source cells as the stands were built (sim/Stands.h)
    double passingHa() const { return static_cast<double>(passingMicroHa) * 1e-6; }
    double selectedHa() const { return static_cast<double>(selectedMicroHa) * 1e-6; }
};

struct CompiledProgramme {
    const ProgrammeSpec* spec = nullptr;
    const ProgrammeKindRule* rule = nullptr;  // its kind
    KindTraits traits;
    int index = 0;  // position in the scenario: stored in CellState::treatment and hashed for ties

    // By land class: whether it may take cells of that class (every class
    // but outside when the programme names none).
    std::array<bool, kLandClassCount> takesClass{};
    std::bitset<256> speciesAllowed;  // by species index; all set when any
    bool needsSpecies = false;        // only cells with trees
    std::vector<uint8_t> ageClassMask;  // per species index, bit per age class (0 young … 4 over-mature); empty: any
    int minAge = 0, maxAge = 65535;
    bool usesRelativeStock = false;
    float minRelativeStock = 0, maxRelativeStock = 1e30f;
    std::vector<bool> regionAllowed;  // by region id; empty: all
    // Forest categories it may take (bit per ForestCategory; 0: any), where the
    // state has categories. From `naturalLoggingEnds` on, natural stands only
    // when damaged (salvage).
    uint8_t forestCategoryMask = 0;
    std::vector<bool> insideThreshold;  // by state index: the eligibility raster's test passes; empty: no raster
    EligibilityRasterArea rasterArea;   // what the test kept on this grid (with a raster)
    std::vector<float> priorityRaster;  // by state index (4 bytes per study cell while the programme exists)

    int speciesIndex = -1;            // planted species, when named
    std::vector<int> localSpeciesOfRegion;  // by region index, when "local"

    // Area quotas: one group for the province, or one per listed region.
    bool byRegion = false;
    std::vector<int32_t> quotaGroupOfRegion;  // by region id: group index or -1
    std::vector<uint16_t> quotaRegionIds;     // group → region id
    std::vector<double> quotaHaPerYear;       // group → ha per year

    bool activeIn(int year) const { return year >= spec->firstYear && year <= spec->lastYear; }
    int speciesFor(std::size_t regionIndex) const {
        return speciesIndex >= 0 ? speciesIndex : localSpeciesOfRegion[regionIndex];
    }
};

// Whether a stand of volume V is low-yield for p: V over the mean stock of
// forest of its species and site class (0 when there is none) within
// [minRelativeStock, maxRelativeStock). The whole test and the block
// prefilter both ask this, so they agree to the bit.
inline bool withinRelativeStock(const CompiledProgramme& p, float volume, float mean) {
    const float rel = mean > 0 ? volume / mean : 0.0f;
    return !(rel < p.minRelativeStock || rel >= p.maxRelativeStock);
}

// Age class (0 young … 4 over-mature) of an age for a species group.
inline int ageClassOf(const SpeciesGroup& g, int age) {
    int c = 0;
    while (c < 4 && age > g.ageClassMax[c]) ++c;
    return c;
}

// `ranks`: in a run split into bands, what is counted over the state (the
// "local" species) is counted over every rank's band.
std::vector<CompiledProgramme> compileProgrammes(const Scenario& scenario, const SpeciesTable& species,
                                                 const CellState& state, const ThreadRunner& runner,
                                                 const ProcessGroup& ranks = singleProcess());

// The commonest forest species of each region (by region index), by area
// (ties: lower index), counted over every rank's band.
std::vector<int> localSpecies(const CellState& state, const SpeciesTable& species, const ProcessGroup& ranks);

// Whether each study cell of `state` passes the programme's eligibility
// raster test (systematic sampling of the passing share on grids other than
// the raster's; see readPassing in CompiledProgramme.cpp).
std::vector<bool> eligibilityRasterPasses(const ProgrammeSpec& spec, int programme, const CellState& state,
                                          uint64_t seed);

// Resolves a species name or code against the table; throws Error with where.
int resolveSpecies(const SpeciesChoice& choice, const SpeciesTable& species);
// Throws Error if a programme names a species the table does not have.
void checkProgrammeSpecies(const Scenario& scenario, const SpeciesTable& species);

}  // namespace forestsink
