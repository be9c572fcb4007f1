#include "sim/BlockPrefilter.h"

#include <algorithm>
#include <bit>

namespace forestsink {

std::pair<int, int> agesTaken(const CompiledProgramme& p, const SpeciesTable& species, int speciesIndex) {
    constexpr std::pair<int, int> kNone{1, 0};
    if (speciesIndex == kNoSpecies || speciesIndex >= species.size() || !p.speciesAllowed[speciesIndex]) return kNone;
    int from = std::max(p.minAge, 0), to = std::min(p.maxAge, 65535);
    if (!p.ageClassMask.empty()) {
        const unsigned mask = p.ageClassMask[speciesIndex];
        if (mask == 0) return kNone;
        const int lowest = std::countr_zero(mask), highest = std::bit_width(mask) - 1;
        const auto& top = species.group(speciesIndex).ageClassMax;  // classes 0-3; 4 has no top
        int below = -1;  // the oldest age of a class under the lowest taken
        for (int c = 0; c < lowest && c < 4; ++c) below = std::max(below, top[c]);
        from = std::max(from, below + 1);
        if (highest < 4) {
            int upTo = 0;
            for (int c = 0; c <= highest; ++c) upTo = std::max(upTo, top[c]);
            to = std::min(to, upTo);
        }
    }
    return {from, to};
}

BlockPrefilter::BlockPrefilter(const CompiledProgramme& p, const SpeciesTable& species, int year,
                               const std::vector<float>& meanStockOfCurve) {
    const bool damagedOnly = p.spec->eligible.damagedOnly;
    byFlags = damagedOnly || p.forestCategoryMask != 0;
    for (int f = 0; f < 256; ++f) {
        const auto flags = static_cast<uint8_t>(f);
        flagsMayPass[f] = (!damagedOnly || (flags & kDamaged)) &&
                          (p.forestCategoryMask == 0 || inForestCategory(p, flags, year));
    }
    if (!p.needsSpecies) return;
    if (p.usesRelativeStock && meanStockOfCurve.size() >= static_cast<std::size_t>(species.size()) * kSiteClassCount) {
        byRelativeStock = true;
        lowYield = &p;
        meanStock = meanStockOfCurve.data();
    }
    for (int s = 0; s < 256; ++s) {
        const auto [from, to] = agesTaken(p, species, s);
        if (to < from) ageFrom[s] = 1u << 16, ageSpan[s] = 0;
        else ageFrom[s] = static_cast<uint32_t>(from), ageSpan[s] = static_cast<uint32_t>(to - from);
        // Worth a pass when it rules out a stand of some species at some age.
        byAge = byAge || (s < species.size() && (from > 0 || to < 65535));
    }
}

}  // namespace forestsink
