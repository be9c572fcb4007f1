#include "species/GrowthTable.h"

namespace forestsink {

GrowthTable::GrowthTable(const SpeciesTable& species)
    : steps_(static_cast<std::size_t>(species.size()) * kSiteClassCount * (kMaxAge + 1)),
      curves_(steps_.size()) {
    for (int s = 0; s < species.size(); ++s) {
        const SpeciesGroup& g = species.group(s);
        for (int site = 0; site < kSiteClassCount; ++site) {
            const auto siteClass = static_cast<SiteClass>(site);
            for (int age = 0; age <= kMaxAge; ++age) {
                Step step{0.0f, 0.0f, 0.0f};
                if (age < kMaxAge) {
                    const double now = g.curveVolume(age, siteClass);
                    const double next = g.curveVolume(age + 1, siteClass);
                    step.inversePlateau = now > 0 ? static_cast<float>(1.0 / (g.stockingPlateau * now)) : 0.0f;
                    step.newStand = age == 0 ? 1.0f : 0.0f;
                    step.increment = static_cast<float>(g.growthMultiplier * (next - now));
                }
                steps_[(s * kSiteClassCount + site) * (kMaxAge + 1) + age] = step;
                curves_[(s * kSiteClassCount + site) * (kMaxAge + 1) + age] =
                    static_cast<float>(g.curveVolume(age, siteClass));
            }
        }
    }
}

int GrowthTable::ageOnCurve(int speciesIndex, int site, float volume) const {
    for (int age = 0; age < kMaxAge; ++age)
        if (curve(speciesIndex, site, age) >= volume) return age;
    return kMaxAge;
}

}  // namespace forestsink
