#pragma once
// Bamboo forest (竹林) in the model. The inventory counts bamboo by its culms,
// not by stem volume, and forest stock (森林蓄积) is the volume of tree forest
// only; so a bamboo cell has no species, age or volume, and holds a fixed
// biomass per hectare: a managed stand in steady state, its mature culms cut
// as new ones grow. All three figures are estimates [E, to verify] for
// Yunnan's mostly clumping (sympodial) bamboo; a forester should replace them.
namespace forestsink {

// Total biomass (culms, branches, leaves, rhizomes and roots), t/ha [E]:
// within the 40–100 t/ha reported for managed bamboo stands in southern China.
inline constexpr double kBambooBiomassTPerHa = 60.0;
// Share above ground [E]: rhizome and root biomass about a third of the culms'.
inline constexpr double kBambooAboveShare = 0.75;
// Carbon fraction [E]: measured bamboo fractions lie near 0.47–0.50.
inline constexpr double kBambooCarbonFraction = 0.5;

inline constexpr double kBambooCarbonTPerHa = kBambooBiomassTPerHa * kBambooCarbonFraction;

}  // namespace forestsink
