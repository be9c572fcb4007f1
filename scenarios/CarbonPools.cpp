#include "scenarios/CarbonPools.h"

#include "common/NearestName.h"

#include "common/Error.h"
#include "scenarios/TomlTable.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <vector>

namespace forestsink {
namespace {

template <std::size_t N>
std::vector<std::string> namesOf(const std::array<std::string_view, N>& names) {
    return std::vector<std::string>(names.begin(), names.end());
}

unsigned readPools(const TomlTable& t) {
    const std::vector<std::string> allowed = namesOf(kCarbonPoolNames);
    unsigned pools = 0;
    for (const auto& [name, where] : t.scalars("pools")) {
        const auto it = std::find(allowed.begin(), allowed.end(), name);
        if (it == allowed.end()) {
            const std::string best = nearestName(name, allowed);
            throw Error(fmt::format("{}: '{}' holds unknown pool '{}'{}; allowed: {}", where, t.qualified("pools"),
                                    name, best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best),
                                    fmt::join(allowed, ", ")));
        }
        pools |= 1u << static_cast<int>(it - allowed.begin());
    }
    if (pools == 0)
        throw Error(fmt::format("{}: '{}' is empty; list at least one of: {}", t.where("pools"), t.qualified("pools"),
                                fmt::join(allowed, ", ")));
    return pools;
}

// A table of one number per name, every name required: { sawnwood = 0.3, … }.
template <std::size_t N>
std::array<double, N> readByName(const TomlTable& parent, const std::string& key,
                                 const std::array<std::string_view, N>& names, double min, double max) {
    const TomlTable t = parent.table(key);
    const std::vector<std::string> allowed = namesOf(names);
    t.allowOnly(allowed);
    std::array<double, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = t.number(allowed[i], min, max);
    return out;
}

void readSoil(const TomlTable& t, CarbonSpec& c) {
    // The original five classes need their soil carbon; bamboo takes tree
    // forest's and special shrubland other shrubland's unless given. An
    // un-closed plantation holds forest soil (sim/Accounting.h, soilLandUse).
    constexpr int kRequired = static_cast<int>(LandClass::NonForest);
    const std::string key = "soil_t_c_per_ha";
    const TomlTable soil = t.table(key);
    std::vector<std::string> allowed;
    for (int i = 1; i < kLandClassCount; ++i)
        if (static_cast<LandClass>(i) != LandClass::UnclosedPlantation) allowed.emplace_back(kLandClassNames[i]);
    soil.allowOnly(allowed);
    for (int i = 1; i <= kRequired; ++i) c.soilTPerHa[i] = soil.number(std::string(kLandClassNames[i]), 0.0, 2000.0);
    auto optional = [&](LandClass own, LandClass fallback) {
        c.soilTPerHa[static_cast<int>(own)] = soil.number(std::string(kLandClassNames[static_cast<int>(own)]), 0.0,
                                                          2000.0, c.soilTPerHa[static_cast<int>(fallback)]);
    };
    optional(LandClass::Bamboo, LandClass::Forest);
    optional(LandClass::SpecialShrubland, LandClass::Shrubland);
    c.soilTPerHa[static_cast<int>(LandClass::UnclosedPlantation)] = c.soilTPerHa[static_cast<int>(LandClass::Forest)];
    c.soilTransitionYears = static_cast<int>(t.optionalInteger("soil_transition_years", 1, 200).value_or(20));
}

void readHwp(const TomlTable& carbon, CarbonSpec& c) {
    const TomlTable t = carbon.table("hwp");
    t.allowOnly({"carbon_t_per_m3", "share", "half_life_years"});
    c.hwpCarbonTPerM3 = t.number("carbon_t_per_m3", 0.0, 1.0);
    c.productShare = readByName(t, "share", kProductClassNames, 0.0, 1.0);
    double total = 0;
    for (double s : c.productShare) total += s;
    if (total > 1.0 + 1e-9)
        throw Error(fmt::format("{}: the shares of '{}' add up to {:.4g}; they are shares of the harvested carbon and "
                                "may add up to at most 1",
                                t.where("share"), t.qualified("share"), total));
    if (t.has("half_life_years")) c.halfLifeYears = readByName(t, "half_life_years", kProductClassNames, 0.1, 1000.0);
}

}  // namespace

std::string poolList(unsigned pools) {
    std::vector<std::string_view> names;
    for (int p = 0; p < kCarbonPoolCount; ++p)
        if (pools & (1u << p)) names.push_back(kCarbonPoolNames[p]);
    return fmt::format("{}", fmt::join(names, ", "));
}

CarbonSpec readCarbon(const TomlTable& t) {
    t.allowOnly({"pools", "dead_wood_ratio", "litter_ratio", "soil_t_c_per_ha", "soil_transition_years", "hwp"});
    CarbonSpec c;
    if (t.has("pools")) c.pools = readPools(t);
    // A chosen pool needs its parameters; an unchosen one ignores them.
    if (c.counts(CarbonPool::DeadWood)) c.deadWoodRatio = t.number("dead_wood_ratio", 0.0, 5.0);
    if (c.counts(CarbonPool::Litter)) c.litterRatio = t.number("litter_ratio", 0.0, 5.0);
    if (c.counts(CarbonPool::Soil)) readSoil(t, c);
    if (c.counts(CarbonPool::Hwp)) readHwp(t, c);
    return c;
}

}  // namespace forestsink
