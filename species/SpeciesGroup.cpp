#include "species/SpeciesGroup.h"

#include <cmath>

namespace forestsink {

double SpeciesGroup::curveVolume(double age, SiteClass site) const {
    if (age <= 0) return 0.0;
    return vmax * siteMultiplier[static_cast<int>(site)] * std::pow(1.0 - std::exp(-k * age), c);
}

}  // namespace forestsink
