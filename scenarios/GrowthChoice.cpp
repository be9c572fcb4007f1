#include "scenarios/GrowthChoice.h"

#include "common/Error.h"
#include "scenarios/SpeciesGroupNamed.h"
#include "common/NearestName.h"
#include "scenarios/TomlTable.h"
#include "species/SpeciesTable.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace forestsink {
namespace {

// Multipliers outside this range are not a calibration of a curve but a different curve.
constexpr double kMinMultiplier = 0.1, kMaxMultiplier = 5.0;

int groupNamed(const SpeciesTable& species, const GrowthSpec::GroupMultiplier& m) {
    return speciesGroupNamed(species, m.species, m.where, "growth.by_species");
}

}  // namespace

GrowthSpec readGrowth(const TomlTable& t) {
    t.allowOnly({"multiplier", "by_species", "source"});
    GrowthSpec g;
    g.where = t.where();
    g.multiplier = t.number("multiplier", kMinMultiplier, kMaxMultiplier, 1.0);
    if (t.has("by_species")) {
        const TomlTable by = t.table("by_species");
        for (const auto& name : by.keys())
            g.bySpecies.push_back({name, by.number(name, kMinMultiplier, kMaxMultiplier), by.where(name)});
    }
    g.source = t.optionalString("source").value_or("");
    if (g.source.empty())
        throw Error(fmt::format("{}: [growth] needs a 'source' saying how its multipliers were found (for example "
                                "\"fitted by forestsink calibrate to the 2002-2007 inventory change\", or "
                                "\"estimate\")",
                                g.where));
    return g;
}

SpeciesTable applyGrowthMultipliers(const GrowthSpec& spec, SpeciesTable species) {
    std::vector<SpeciesGroup> groups = species.groups();
    for (auto& g : groups) g.growthMultiplier = spec.multiplier;
    for (const auto& m : spec.bySpecies) groups[groupNamed(species, m)].growthMultiplier = m.multiplier;
    SpeciesTable out = SpeciesTable::fromGroups(std::move(groups));
    out.setPath(species.path());
    return out;
}

}  // namespace forestsink
