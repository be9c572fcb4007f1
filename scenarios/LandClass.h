#pragma once
// Land classes of the model: the land types of the national forest resource
// inventory (国家森林资源连续清查技术规定, State Forestry Administration, 2004
// edition, the rules since the 6th inventory; scenarios/README.md, "Land
// classes", gives each definition and its source). The input raster's codes
// map onto these through the scenario's [layers.land_class.codes] table.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace forestsink {

// The first six values are the model's original classes; new classes were
// appended so that a code's meaning never changed.
enum class LandClass : uint8_t {
    Outside = 0,            // outside the study area (nodata)
    Forest = 1,             // 乔木林 tree forest: canopy density ≥ 0.20
    SparseForest = 2,       // 疏林地 sparse forest: canopy density 0.10–0.19
    Shrubland = 3,          // 其他灌木林地 other shrubland (not state-designated)
    Barren = 4,             // 宜林地 land suitable for forest (barren hills and land)
    NonForest = 5,          // farmland, built-up, water, other
    Bamboo = 6,             // 竹林 bamboo forest
    SpecialShrubland = 7,   // 国家特别规定灌木林 state-designated special shrubland
    UnclosedPlantation = 8, // 未成林造林地 planted, canopy not yet closed
};
constexpr int kLandClassCount = 9;
// A yes or no for each land class, indexed by its code (forest classes, coverage classes…).
using LandClassFlags = std::array<bool, kLandClassCount>;

// Names used in scenario files and outputs ("forest", "sparse_forest", …).
// The original names stay: "forest" is tree forest, "shrubland" other
// shrubland and "barren" land suitable for forest; the inventory's names
// below are accepted as synonyms.
constexpr std::array<std::string_view, kLandClassCount> kLandClassNames = {
    "outside", "forest",  "sparse_forest",     "shrubland",          "barren",
    "non_forest", "bamboo", "special_shrubland", "unclosed_plantation"};

struct LandClassSynonym {
    std::string_view name;
    LandClass landClass;
};
constexpr std::array<LandClassSynonym, 3> kLandClassSynonyms = {{
    {"tree_forest", LandClass::Forest},
    {"other_shrubland", LandClass::Shrubland},
    {"suitable_for_forest", LandClass::Barren},
}};

inline std::optional<LandClass> landClassFromName(std::string_view name) {
    for (int i = 0; i < kLandClassCount; ++i)
        if (kLandClassNames[i] == name) return static_cast<LandClass>(i);
    for (const auto& s : kLandClassSynonyms)
        if (s.name == name) return s.landClass;
    return std::nullopt;
}

// Classes whose cells carry trees, and so need a species, an age and a volume.
// Bamboo and special shrubland carry no stem volume: the inventory measures
// forest stock (森林蓄积) on tree forest only.
inline bool carriesTrees(LandClass c) { return c == LandClass::Forest || c == LandClass::SparseForest; }

// Forest (森林) by the inventory rules: tree forest + bamboo + special shrubland.
constexpr std::array<LandClass, 3> kInventoryForestClasses = {LandClass::Forest, LandClass::Bamboo,
                                                              LandClass::SpecialShrubland};
inline bool isInventoryForest(LandClass c) {
    for (LandClass f : kInventoryForestClasses)
        if (c == f) return true;
    return false;
}

// Forestry land (林业用地): every class of the inventory but non-forest land.
// (The inventory also counts nurseries and forest-free logged land; the model
// has no class for them.)
inline bool isForestryLand(LandClass c) { return c != LandClass::Outside && c != LandClass::NonForest; }

}  // namespace forestsink
