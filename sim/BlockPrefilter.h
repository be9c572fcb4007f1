#pragma once
// Cheap tests a cell must pass to be a candidate of a programme this year,
// asked of up to 64 cells at once and answered as bits, without a branch on a
// cell's values: by its flags byte (damaged stands only; the forest categories
// taken, natural forest only as salvage once its logging has ended) and by its
// species and age (the species taken, with trees; the ages and age classes
// taken). Each is necessary, not sufficient: a cell that passes still faces
// the programme's whole test (Simulation::passesFilters), so the candidates
// are the same with or without them. They pay where they are selective:
// recovery's damaged stands, the cutting quota's mature commercial stands,
// tending's young and middle-aged ones, improvement's low-yield ones (by their
// relative stock).
#include "sim/CellState.h"
#include "sim/CompiledProgramme.h"
#include "species/SpeciesTable.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace forestsink {

// Whether a stand's forest category lets programme p take it this year: a
// listed category, and natural forest, once its logging has ended, only as
// salvage of a damaged stand.
inline bool inForestCategory(const CompiledProgramme& p, uint8_t flags, int year) {
    if (!hasCategory(flags)) return false;
    const ForestCategory c = categoryOf(flags);
    if (!((p.forestCategoryMask >> static_cast<int>(c)) & 1)) return false;
    return !isNatural(c) || year < p.spec->naturalLoggingEnds || (flags & kDamaged);
}

// The ages [first, second] a stand of species index `species` may have for p
// to take it (its age range, and the span of its age classes: the ages past
// the top of every class below the lowest taken, up to the top of the highest
// taken, as ageClassOf assigns them); empty (second < first) when p takes no
// stand of that species.
std::pair<int, int> agesTaken(const CompiledProgramme& p, const SpeciesTable& species, int speciesIndex);

struct BlockPrefilter {
    bool byFlags = false, byAge = false, byRelativeStock = false;
    std::array<uint8_t, 256> flagsMayPass{};  // by flags byte
    // By species index: a candidate's age minus ageFrom is at most ageSpan,
    // in unsigned arithmetic (ageFrom 65536 for a species never taken).
    std::array<uint32_t, 256> ageFrom{}, ageSpan{};
    // Low-yield stands (withinRelativeStock): the year's mean stock by species × site class.
    const CompiledProgramme* lowYield = nullptr;
    const float* meanStock = nullptr;

    // `meanStock`: the year's mean forest stock by species × site class, for a
    // programme of low-yield stands (p.usesRelativeStock), else unused.
    BlockPrefilter(const CompiledProgramme& p, const SpeciesTable& species, int year, const std::vector<float>& meanStock);

    // Of `cells` (bit k: state entry first + k, k < count <= 64), those that may pass.
    uint64_t keep(const CellState& s, std::size_t first, int count, uint64_t cells) const {
        if (byFlags && cells) {
            const uint8_t* flags = s.flags.data() + first;
            uint64_t pass = 0;
            for (int k = 0; k < count; ++k) pass |= static_cast<uint64_t>(flagsMayPass[flags[k]]) << k;
            cells &= pass;
        }
        if (byAge && cells) {
            const uint8_t* species = s.species.data() + first;
            const uint16_t* age = s.age.data() + first;
            uint64_t pass = 0;
            for (int k = 0; k < count; ++k)
                pass |= static_cast<uint64_t>(age[k] - ageFrom[species[k]] <= ageSpan[species[k]]) << k;
            cells &= pass;
        }
        if (byRelativeStock && cells) {
            const uint8_t *species = s.species.data() + first, *site = s.site.data() + first;
            const float* volume = s.volume.data() + first;
            uint64_t pass = 0;
            for (int k = 0; k < count; ++k) {
                const bool trees = species[k] != kNoSpecies;  // a cell without is never taken (needsSpecies)
                const std::size_t curve = static_cast<std::size_t>(trees ? species[k] : 0) * kSiteClassCount +
                                          std::min<uint8_t>(site[k], kSiteClassCount - 1);
                const float mean = meanStock[curve];
                pass |= static_cast<uint64_t>(trees && withinRelativeStock(*lowYield, volume[k], mean)) << k;
            }
            cells &= pass;
        }
        return cells;
    }
};

}  // namespace forestsink
