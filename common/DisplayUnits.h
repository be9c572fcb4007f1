#pragma once
// Units a person reads: amounts shown in the unit that suits their size
// (ha, kha or Mha; m³, million or billion m³; t, kt or Mt), chosen once
// per run from the study area so that every line of a run uses the same.
#include <fmt/format.h>

#include <string>

namespace forestsink {

struct DisplayUnit {
    double divisor = 1;
    const char* name = "";
    int decimals = 0;
    std::string operator()(double v) const { return fmt::format("{:.{}f} {}", v / divisor, decimals, name); }
};

// For hectares: Mha from 1 million ha, kha from 1,000 ha.
inline DisplayUnit areaUnitFor(double ha) {
    if (ha >= 1e6) return {1e6, "Mha", 4};
    if (ha >= 1e3) return {1e3, "kha", 3};
    return {1, "ha", 1};
}

// For cubic metres: billion m³ from 1e9, million m³ from 1e6.
inline DisplayUnit volumeUnitFor(double m3) {
    if (m3 >= 1e9) return {1e9, "billion m³", 4};
    if (m3 >= 1e6) return {1e6, "million m³", 3};
    return {1, "m³", 0};
}

// For tonnes (of biomass, carbon or CO2e; the caller adds "C" or "CO2e").
inline DisplayUnit massUnitFor(double t) {
    if (t >= 1e6) return {1e6, "Mt", 2};
    if (t >= 1e3) return {1e3, "kt", 2};
    return {1, "t", 1};
}

// For yuan.
inline DisplayUnit moneyUnitFor(double yuan) {
    if (yuan >= 1e9) return {1e9, "billion yuan", 2};
    if (yuan >= 1e6) return {1e6, "million yuan", 1};
    return {1, "yuan", 0};
}

// The units of a run's console lines, all chosen from the study area so that
// a province reads in Mha and billion m³ and a county in kha and million m³.
struct RunUnits {
    DisplayUnit area, volume, mass;
};

inline RunUnits unitsForStudyArea(double ha) {
    if (ha >= 1e6) return {{1e6, "Mha", 4}, {1e9, "billion m³", 4}, {1e6, "Mt", 2}};
    if (ha >= 1e3) return {{1e3, "kha", 3}, {1e6, "million m³", 3}, {1e3, "kt", 1}};
    return {{1, "ha", 1}, {1, "m³", 0}, {1, "t", 1}};
}

// The unit suited to the largest of an amount's values, with three
// significant figures for a sentence ("1.83 billion m³", "118 Mt").
inline std::string roughly(double v, const DisplayUnit& unit) {
    return fmt::format("{:.3g} {}", v / unit.divisor, unit.name);
}

}  // namespace forestsink
