#pragma once
// Land classes of the model. The input raster's codes map onto these through
// the scenario's [layers.land_class.codes] table.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace forestsink {

enum class LandClass : uint8_t {
    Outside = 0,       // outside the study area (nodata)
    Forest = 1,        // 乔木林地, tree stands meeting the canopy criterion
    SparseForest = 2,  // 疏林地
    Shrubland = 3,     // 灌木林地
    Barren = 4,        // 宜林荒山荒地, barren land suitable for planting
    NonForest = 5,     // farmland, built-up, water, other
};
constexpr int kLandClassCount = 6;

// Names used in scenario files and outputs ("forest", "sparse_forest", …).
constexpr std::array<std::string_view, kLandClassCount> kLandClassNames = {
    "outside", "forest", "sparse_forest", "shrubland", "barren", "non_forest"};

inline std::optional<LandClass> landClassFromName(std::string_view name) {
    for (int i = 0; i < kLandClassCount; ++i)
        if (kLandClassNames[i] == name) return static_cast<LandClass>(i);
    return std::nullopt;
}

// Classes whose cells carry trees, and so need a species, an age and a volume.
inline bool carriesTrees(LandClass c) { return c == LandClass::Forest || c == LandClass::SparseForest; }

}  // namespace forestsink
