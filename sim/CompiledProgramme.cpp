#include "sim/CompiledProgramme.h"

#include "common/Error.h"
#include "raster/AlignedLayer.h"
#include "sim/programmes/ProgrammeKinds.h"
#include "common/SplitMix.h"
#include "sim/RowSums.h"
#include "sim/Stands.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace forestsink {
namespace {

// Reads a raster aligned to the grid band by band (no whole-grid buffer
// beyond the result): fn(stateIndex, row, col, value) for every study cell, NaN where nodata.
template <typename Fn>
void forEachAlignedValue(const LayerSource& source, const CellState& state, Fn fn) {
    AlignedLayer layer(source, state.grid);
    constexpr int kBandRows = 256;
    const int cols = state.grid.cols;
    std::vector<float> band(static_cast<std::size_t>(cols) * kBandRows);
    for (int first = 0; first < state.grid.rows; first += kBandRows) {
        const int count = std::min(kBandRows, state.grid.rows - first);
        layer.readRows(first, count, GDT_Float32, band.data());
        for (int row = first; row < first + count; ++row)
            state.cells.forEachInRow(row, [&](std::size_t i, int col) {
                float v = band[static_cast<std::size_t>(row - first) * cols + col];
                if (layer.nodata() && v == static_cast<float>(*layer.nodata())) v = std::nanf("");
                fn(i, row, col, v);
            });
    }
}

std::vector<float> readAligned(const std::filesystem::path& path, const std::string& name, const CellState& state) {
    std::vector<float> values(state.cellCount());
    forEachAlignedValue(LayerSource{name, path, Resampling::Average, nullptr, std::nullopt}, state,
                        [&](std::size_t i, int, int, float v) { values[i] = v; });
    return values;
}

// A uniform number in [0, 1) fixed by a grid row, the programme and the
// seed: not by the layout, the band split or the threads.
double rowUniform(uint64_t seed, int programme, int row) {
    return static_cast<double>(mix64(mix64(mix64(seed) ^ static_cast<uint64_t>(programme)) ^
                                     static_cast<uint64_t>(row)) >>
                               11) *
           0x1.0p-53;
}

// One bit per cell: whether the programme may take it by its eligibility
// raster's range test. The test runs on the raster's own cells and a grid
// cell gets the share of its area that passes (raster/AlignedLayer.h), so a
// code is never averaged into another. A cell holds one stand, so it is
// taken whole or not at all: along each row, cells are selected by
// systematic sampling of their shares (a cell passes when the running sum of
// shares, from a uniform start fixed by the row, crosses a whole number in
// it). Each cell is selected with a chance equal to its share, and each row
// selects its passing area to within one cell. On the raster's own grid the
// shares are 0 or 1 and the test is exact. A 30 m province needs 112 MB for
// the bits, not 3.6 GB.
std::vector<bool> readPassing(const ProgrammeSpec& spec, int programme, const CellState& state, uint64_t seed,
                              EligibilityRasterArea& area) {
    const auto& r = *spec.eligible.raster;
    std::vector<bool> passes(state.cellCount(), false);
    const LayerSource source{spec.name + " eligibility raster", r.path, Resampling::Nearest, nullptr,
                             LayerSource::PassRange{r.min, r.max}};
    int rowNow = -1;
    double running = 0;
    forEachAlignedValue(source, state, [&](std::size_t i, int row, int col, float share) {
        if (row != rowNow) rowNow = row, running = rowUniform(seed, programme, row);
        const double before = std::floor(running);
        running += share;
        passes[i] = std::floor(running) > before;
        const double ha = state.cellAreaHa.weightInRow(row, col) * state.cellAreaHa.rowScale(row);
        area.passingMicroHa += std::llround(share * ha * 1e6);
        area.selectedMicroHa += passes[i] ? std::llround(ha * 1e6) : 0;
        area.mixedCells += share > 0 && share < 1;
    });
    return passes;
}

// On a grid of stands (sim/Stands.h) the test ran on the source cells as the
// stands were built: a stand passes whole or not at all, so the area
// selected is the area whose raster cells pass.
std::vector<bool> passingStands(const CellState& state, int bit, EligibilityRasterArea& area) {
    std::vector<bool> passes(state.cellCount(), false);
    area.onStands = true;
    for (int row = state.band.first; row < state.band.first + state.band.count; ++row) {
        int lastCol = -1;
        bool cellPasses = false, cellFails = false;
        auto endCell = [&] { area.mixedCells += cellPasses && cellFails; };
        state.cells.forEachInRow(row, [&](std::size_t i, int col) {
            if (col != lastCol) endCell(), lastCol = col, cellPasses = cellFails = false;
            passes[i] = (state.eligibleBits[i] >> bit) & 1;
            (passes[i] ? cellPasses : cellFails) = true;
            const int64_t microHa = std::llround(state.standHa[i] * 1e6);
            area.passingMicroHa += passes[i] ? microHa : 0;
            area.selectedMicroHa += passes[i] ? microHa : 0;
        });
        endCell();
    }
    return passes;
}

}  // namespace

std::vector<bool> eligibilityRasterPasses(const ProgrammeSpec& spec, int programme, const CellState& state,
                                          uint64_t seed) {
    EligibilityRasterArea area;
    return readPassing(spec, programme, state, seed, area);
}

namespace {

// Region by name or id, as written in a scenario.
uint16_t resolveRegion(const std::string& nameOrId, const CellState& state, const std::string& where) {
    for (const auto& r : state.regions)
        if (r.name == nameOrId || std::to_string(r.id) == nameOrId) return r.id;
    std::vector<std::string> known;
    for (const auto& r : state.regions) known.push_back(fmt::format("{} ({})", r.id, r.name));
    throw Error(fmt::format("{}: region '{}' is not on the grid; regions: {}", where, nameOrId,
                            fmt::join(known, ", ")));
}

}  // namespace

std::vector<int> localSpecies(const CellState& state, const SpeciesTable& species, const ProcessGroup& ranks) {
    const auto regionIndex = regionIndexTable(state.regions);
    const std::size_t groups = static_cast<std::size_t>(species.size());
    std::vector<int64_t> count(state.regions.size() * groups, 0);  // region × species: cells, or a stand's m²
    for (std::size_t i = 0; i < state.cellCount(); ++i)
        if (state.landClass[i] == LandClass::Forest && state.species[i] != kNoSpecies)
            count[static_cast<std::size_t>(regionIndex[state.region[i]]) * groups + state.species[i]] +=
                state.hasStands() ? std::llround(state.standHa[i] * 1e4) : 1;
    ranks.sumOnAll(count);
    std::vector<int> out(state.regions.size(), 0);
    for (std::size_t r = 0; r < out.size(); ++r) {
        const auto first = count.begin() + static_cast<std::ptrdiff_t>(r * groups);
        out[r] = static_cast<int>(std::max_element(first, first + static_cast<std::ptrdiff_t>(groups)) - first);
    }
    return out;
}

int resolveSpecies(const SpeciesChoice& choice, const SpeciesTable& species) {
    long code = 0;
    const auto& s = choice.nameOrCode;
    if (std::from_chars(s.data(), s.data() + s.size(), code).ec == std::errc() && species.indexOfCode(code))
        return *species.indexOfCode(code);
    for (int i = 0; i < species.size(); ++i)
        if (species.group(i).name == s) return i;
    std::vector<std::string> known;
    for (const auto& g : species.groups()) known.push_back(fmt::format("{} \"{}\"", g.code, g.name));
    throw Error(fmt::format("{}: species '{}' is not in the species table {}; known: {}{}", choice.where, s,
                            species.path().string(), fmt::join(known, ", "),
                            choice.local ? "" : ", or \"local\" (the commonest forest species of the region)"));
}

std::vector<CompiledProgramme> compileProgrammes(const Scenario& scenario, const SpeciesTable& species,
                                                 const CellState& state, const ThreadRunner&,
                                                 const ProcessGroup& ranks) {
    std::vector<CompiledProgramme> out;
    std::vector<int> local;
    for (std::size_t i = 0; i < scenario.programmes.size(); ++i) {
        const ProgrammeSpec& spec = scenario.programmes[i];
        CompiledProgramme p;
        p.spec = &spec;
        p.rule = &programmeKind(spec.kind);
        p.traits = p.rule->traits();
        p.index = static_cast<int>(i);
        const Eligibility& e = spec.eligible;
        for (int c = 1; c < kLandClassCount; ++c)  // class 0 is outside the study area
            p.takesClass[c] = e.landClasses.empty() ||
                              std::find(e.landClasses.begin(), e.landClasses.end(), static_cast<LandClass>(c)) != e.landClasses.end();
        if (state.hasForestCategories)
            for (ForestCategory c : e.forestCategories)
                p.forestCategoryMask |= static_cast<uint8_t>(1u << static_cast<int>(c));
        if (e.species.empty()) {
            p.speciesAllowed.set();
        } else {
            for (const auto& s : e.species) p.speciesAllowed.set(resolveSpecies(s, species));
            p.needsSpecies = true;
        }
        if (!e.ageClasses.empty()) {
            static const std::vector<std::string> names = {"young", "middle", "near_mature", "mature", "over_mature"};
            uint8_t mask = 0;
            for (const auto& c : e.ageClasses)
                mask |= static_cast<uint8_t>(1u << (std::find(names.begin(), names.end(), c) - names.begin()));
            p.ageClassMask.assign(species.size(), mask);
            p.needsSpecies = true;
        }
        if (e.minAge) p.minAge = *e.minAge, p.needsSpecies = true;
        if (e.maxAge) p.maxAge = *e.maxAge, p.needsSpecies = true;
        if (e.maxRelativeStock) {
            p.usesRelativeStock = p.needsSpecies = true;
            p.minRelativeStock = static_cast<float>(*e.minRelativeStock);
            p.maxRelativeStock = static_cast<float>(*e.maxRelativeStock);
        }
        if (p.traits.standsOnly) p.needsSpecies = true;
        if (!e.regions.empty()) {
            p.regionAllowed.assign(65536, false);
            for (const auto& r : e.regions) p.regionAllowed[resolveRegion(r, state, spec.where)] = true;
        }
        if (e.raster) {
            if (state.hasStands()) {
                // The test ran on the source cells as the stands were built (sim/Stands.h).
                const auto& tests = state.eligibleTests;
                const auto bit = std::find(tests.begin(), tests.end(), eligibilityTestId(*e.raster));
                if (bit == tests.end())
                    throw std::logic_error(fmt::format("programme '{}': its eligibility raster was not tested when "
                                                       "the stands were built (a state loaded for another scenario)",
                                                       spec.name));
                p.insideThreshold = passingStands(state, static_cast<int>(bit - tests.begin()), p.rasterArea);
            } else {
                p.insideThreshold = readPassing(spec, p.index, state, scenario.seed, p.rasterArea);
            }
            std::vector<int64_t> sums{p.rasterArea.passingMicroHa, p.rasterArea.selectedMicroHa,
                                      p.rasterArea.mixedCells};
            ranks.sumOnAll(sums);
            p.rasterArea = {sums[0], sums[1], sums[2], p.rasterArea.onStands};
        }
        if (spec.priorityRaster) p.priorityRaster = readAligned(*spec.priorityRaster, spec.name + " priority", state);
        if (spec.species) {
            if (spec.species->local) {
                if (local.empty()) local = localSpecies(state, species, ranks);
                p.localSpeciesOfRegion = local;
            } else {
                p.speciesIndex = resolveSpecies(*spec.species, species);
            }
        }
        // Quotas.
        p.quotaGroupOfRegion.assign(65536, -1);
        if (!spec.areaHaPerYearByRegion.empty()) {
            p.byRegion = true;
            for (const auto& [name, ha] : spec.areaHaPerYearByRegion) {
                const uint16_t id = resolveRegion(name, state, spec.where);
                p.quotaGroupOfRegion[id] = static_cast<int32_t>(p.quotaRegionIds.size());
                p.quotaRegionIds.push_back(id);
                p.quotaHaPerYear.push_back(ha);
            }
        } else {
            std::fill(p.quotaGroupOfRegion.begin(), p.quotaGroupOfRegion.end(), 0);
            p.quotaRegionIds.push_back(0);
            p.quotaHaPerYear.push_back(0);
        }
        out.push_back(std::move(p));
    }
    return out;
}

void checkProgrammeSpecies(const Scenario& scenario, const SpeciesTable& species) {
    for (const auto& p : scenario.programmes) {
        if (p.species && !p.species->local) resolveSpecies(*p.species, species);
        for (const auto& s : p.eligible.species) resolveSpecies(s, species);
    }
}

}  // namespace forestsink
