#include "sim/Plantations.h"

#include "common/Error.h"
#include "common/SplitMix.h"
#include "sim/GrowthStep.h"
#include "sim/Sampling.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace forestsink {

PlantationRule::PlantationRule(const Scenario& scenario, const SpeciesTable& species,
                               const std::array<int, 256>& yearsOfTreatment)
    : checks_(scenario.plantations.checkSurvival), checkAge_(scenario.plantations.checkAge),
      failAtOrBelowPct_(scenario.plantations.failAtOrBelowPct), survivalFactor_(scenario.plantations.survivalFactor),
      seed_(scenario.seed), yearsOfTreatment_(yearsOfTreatment) {
    const double factor = scenario.plantations.closureTimeFactor;
    for (const SpeciesGroup& g : species.groups()) {
        for (int site = 0; site < kSiteClassCount; ++site)
            closureYears_.push_back(static_cast<int>(std::clamp(std::lround(g.closureYears[site] * factor), 1L, 50L)));
        if (checks_ && !g.survival)
            throw Error(fmt::format("{}: [plantations] checks the survival of plantations, but species '{}' of the "
                                    "species table {} has no survival distribution; add the columns survival_low, "
                                    "survival_mode and survival_high (fractions, 0 to 1)",
                                    scenario.plantations.where, g.name, species.path().string()));
        survivalOfSpecies_.push_back(g.survival.value_or(std::array<double, 3>{1, 1, 1}));
    }
}

PlantationRule::Outcome PlantationRule::outcome(const CellState& s, std::size_t i, std::size_t gridCell,
                                                int year) const {
    const int cohort = s.until[i];
    if (checks_ && year == cohort + checkAge_ && 100.0 * survival(s, i, gridCell) <= failAtOrBelowPct_)
        return Outcome::Fails;
    return year >= cohort + closureYears(s, i) ? Outcome::Closes : Outcome::Stays;
}

int PlantationRule::closureYears(const CellState& s, std::size_t i) const {
    const int fixed = yearsOfTreatment_[s.treatment[i]];
    return fixed > 0 ? fixed : closureYears_[static_cast<std::size_t>(s.species[i]) * kSiteClassCount + s.site[i]];
}

double PlantationRule::survival(const CellState& s, std::size_t i, std::size_t gridCell) const {
    const auto& t = survivalOfSpecies_[s.species[i]];
    Distribution d;
    d.kind = Distribution::Triangular;
    d.a = t[0], d.b = t[1], d.c = t[2];
    Rng rng(mix64(mix64(mix64(seed_ ^ 0x5C5EULL) ^ gridCell) ^ static_cast<uint64_t>(s.until[i])));
    return std::min(1.0, sample(d, rng) * survivalFactor_);
}

void failPlanting(CellState& s, std::size_t i) {
    s.setLandClass(i, LandClass::Barren);
    s.species[i] = kNoSpecies;
    s.age[i] = 0;
    s.volume[i] = 0.0f;
    s.plantedStocking[i] = 100;
    s.treatment[i] = kNoTreatment;
    s.until[i] = 0;
    s.flags[i] = 0;  // no stand: no forest category, no damage
}

int inputCohortYear(std::size_t gridCell, int startYear, int cohortYears) {
    return startYear - static_cast<int>(mix64(gridCell ^ 0xC0407ULL) % static_cast<uint64_t>(cohortYears));
}

void plantInputPlantations(CellState& s, const Scenario& scenario, const GrowthTable& growth,
                           const std::vector<int>& speciesOfRegion) {
    const auto regionIndex = regionIndexTable(s.regions);
    const PlantationRules& rules = scenario.plantations;
    const GrowthContext untreated;
    const StudyCells& cells = s.cells;
    for (int row = s.band.first; row < s.band.first + s.band.count; ++row)
        cells.forEachInRow(row, [&](std::size_t i, int col) {
            if (s.landClass[i] != LandClass::UnclosedPlantation || s.species[i] != kNoSpecies) return;
            const int cohort = inputCohortYear(s.placeOf(i, row, col), scenario.startYear, rules.inputCohortYears);
            s.species[i] = static_cast<uint8_t>(speciesOfRegion[regionIndex[s.region[i]]]);
            s.age[i] = 0;
            s.volume[i] = 0.0f;
            s.plantedStocking[i] = static_cast<uint8_t>(std::lround(std::clamp(rules.inputStocking * 100.0, 1.0, 150.0)));
            s.treatment[i] = kNoTreatment;
            // Grown as a stand planted in its cohort year: one step that year and each year after.
            for (int year = cohort; year <= scenario.startYear; ++year) growCell(s, i, growth, untreated);
            s.until[i] = static_cast<uint16_t>(cohort);
            if (s.hasForestCategories) s.flags[i] = withCategory(s.flags[i], ForestCategory::PlantationPublicWelfare);
        });
}

}  // namespace forestsink
