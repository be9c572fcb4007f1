#pragma once
// The fixed colour ramps of the continuous output layers: the same in the
// QGIS styles and the quick-look maps, and the same every year.
#include "raster/QgisStyle.h"

#include <vector>

namespace forestsink {

inline const std::vector<RampStop> kVolumeRamp = {{0, "#ffffe5", "0"},     {50, "#d9f0a3", "50"},
                                                  {100, "#addd8e", "100"}, {200, "#78c679", "200"},
                                                  {300, "#31a354", "300"}, {450, "#006837", "450"},
                                                  {600, "#00381c", "600 m³/ha"}};
inline const std::vector<RampStop> kCarbonRamp = {{0, "#fff7ec", "0"},     {25, "#fdd49e", "25"},
                                                  {50, "#c2e699", "50"},   {100, "#78c679", "100"},
                                                  {150, "#31a354", "150"}, {200, "#006837", "200"},
                                                  {300, "#00281a", "300 t C/ha"}};
inline const std::vector<RampStop> kSequestrationRamp = {{-20, "#b2182b", "-20 (loss)"}, {-5, "#ef8a62", "-5"},
                                                         {0, "#f7f7f7", "0"},           {5, "#a6dba0", "5"},
                                                         {10, "#5aae61", "10"},         {20, "#1b7837", "20 t CO2e/ha/yr (uptake)"}};
inline const std::vector<RampStop> kAgeRamp = {{0, "#f7fcf5", "0"},   {10, "#c7e9c0", "10"},  {20, "#a1d99b", "20"},
                                               {40, "#74c476", "40"}, {60, "#41ab5d", "60"},  {100, "#238b45", "100"},
                                               {150, "#00441b", "150 years"}};
// The inventory's land classes (scenarios/LandClass.h).
inline const std::vector<PaletteEntry> kLandClassPalette = {
    {1, "#1a7a1a", "tree forest"},         {2, "#8fce5a", "sparse forest"},
    {3, "#c9c94a", "other shrubland"},     {4, "#c8935a", "land suitable for forest (barren)"},
    {5, "#f2ecd0", "non-forest"},          {6, "#3fa58c", "bamboo"},
    {7, "#7a9a2a", "special shrubland"},   {8, "#b5d98a", "un-closed plantation"}};

}  // namespace forestsink
