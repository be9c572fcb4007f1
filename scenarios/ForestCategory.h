#pragma once
// Forest categories of China's forest inventory: origin (natural or planted)
// and management category (public-welfare or commercial forest, 公益林 /
// 商品林, Forest Law art. 6 and the classified forest management rules). The
// input raster's codes map onto these through [layers.forest_category.codes].
// Harvest quotas come from commercial forest; public-welfare forest is not
// cut for timber, and natural forest stops being logged when a scenario says.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace forestsink {

enum class ForestCategory : uint8_t {
    NaturalPublicWelfare = 0,     // 天然林, 公益林
    NaturalCommercial = 1,        // 天然林, 商品林
    PlantationPublicWelfare = 2,  // 人工林, 公益林
    PlantationCommercial = 3,     // 人工林, 商品林
};
constexpr int kForestCategoryCount = 4;

constexpr std::array<std::string_view, kForestCategoryCount> kForestCategoryNames = {
    "natural_public_welfare", "natural_commercial", "plantation_public_welfare", "plantation_commercial"};

inline std::optional<ForestCategory> forestCategoryFromName(std::string_view name) {
    for (int i = 0; i < kForestCategoryCount; ++i)
        if (kForestCategoryNames[i] == name) return static_cast<ForestCategory>(i);
    return std::nullopt;
}

inline bool isNatural(ForestCategory c) {
    return c == ForestCategory::NaturalPublicWelfare || c == ForestCategory::NaturalCommercial;
}

}  // namespace forestsink
