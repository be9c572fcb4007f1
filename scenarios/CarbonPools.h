#pragma once
// The [carbon] table of a scenario: which carbon pools it reports and counts
// in CO2e, and the parameters of the pools beyond tree biomass (dead wood,
// litter, soil organic carbon, harvested wood products). The default is tree
// biomass above and below ground, the carbon of every run before pools.
// scenarios/README.md gives each key and the sources of the shipped values.
#include "scenarios/LandClass.h"

#include <array>
#include <string>
#include <string_view>

namespace forestsink {

// The pools of IPCC 2006 Vol. 4 Ch. 2, and harvested wood products.
enum class CarbonPool : int { AboveGround, BelowGround, DeadWood, Litter, Soil, Hwp };
constexpr int kCarbonPoolCount = 6;
constexpr std::array<std::string_view, kCarbonPoolCount> kCarbonPoolNames = {
    "above_ground", "below_ground", "dead_wood", "litter", "soil", "hwp"};

// Harvested wood product classes (IPCC 2019 Refinement Vol. 4 Ch. 12).
enum class ProductClass : int { Sawnwood, Panels, Paper };
constexpr int kProductClassCount = 3;
constexpr std::array<std::string_view, kProductClassCount> kProductClassNames = {"sawnwood", "panels", "paper"};

constexpr unsigned poolBit(CarbonPool p) { return 1u << static_cast<int>(p); }
constexpr unsigned kTreeBiomassPools = poolBit(CarbonPool::AboveGround) | poolBit(CarbonPool::BelowGround);

struct CarbonSpec {
    unsigned pools = kTreeBiomassPools;  // bits of the chosen pools
    bool counts(CarbonPool p) const { return pools & poolBit(p); }

    // Dead wood and litter carbon as ratios of above-ground biomass carbon.
    double deadWoodRatio = 0, litterRatio = 0;
    // Soil organic carbon at equilibrium by land class (t C/ha); after a
    // change of land use the soil moves linearly to the new class's value
    // over soilTransitionYears (IPCC 2006 Vol. 4 Ch. 2, Tier 1: 20 years).
    std::array<double, kLandClassCount> soilTPerHa{};
    int soilTransitionYears = 20;
    // Harvested wood products: carbon per m³ of harvested stand volume, the
    // share of it that enters each product class (the rest is burnt or left
    // as residue: emitted in the year of harvest), and each class's half-life
    // (IPCC 2019 Refinement Vol. 4 Ch. 12 defaults: 35, 25 and 2 years).
    double hwpCarbonTPerM3 = 0;
    std::array<double, kProductClassCount> productShare{};
    std::array<double, kProductClassCount> halfLifeYears{35, 25, 2};
};

// Whether the carbon of the chosen pools changes with the root:shoot ratio:
// tree carbon CF·M does not (M comes from the biomass line), its above- or
// below-ground part alone does, and so do dead wood and litter (ratios of
// above-ground carbon).
inline bool carbonDependsOnRootShoot(unsigned pools) {
    const bool above = pools & poolBit(CarbonPool::AboveGround), below = pools & poolBit(CarbonPool::BelowGround);
    return above != below || (pools & (poolBit(CarbonPool::DeadWood) | poolBit(CarbonPool::Litter)));
}

// The chosen pools' names, in the order above ("above_ground, below_ground").
std::string poolList(unsigned pools);

class TomlTable;
// Reads [carbon]; each chosen pool's parameters are required.
CarbonSpec readCarbon(const TomlTable& t);

}  // namespace forestsink
