#pragma once
// The carbon pools that lag behind the cells, by region:
// - soil organic carbon: after a change of land use it moves linearly from
//   the old equilibrium to the new one over D years (IPCC 2006 Vol. 4 Ch. 2,
//   Tier 1, D = 20). Each year's change of the equilibrium (summed from the
//   cells by the accounting) is realised 1/D a year from the year it happens;
// - harvested wood products: first-order decay by product class (IPCC 2019
//   Refinement Vol. 4 Ch. 12, eq. 12.1):
//       C(i+1) = e^−k·C(i) + (1 − e^−k)/k · inflow(i),  k = ln 2 / half-life,
//   fed by the harvested volume × carbon per m³ × the class's share. The
//   pool holds the products of the run's harvests only (empty at the start).
#include "scenarios/CarbonPools.h"
#include "sim/Accounting.h"

#include <array>
#include <vector>

namespace forestsink {

class SlowPools {
public:
    SlowPools(const CarbonSpec& spec, std::size_t regions);

    // The start year: the soil at its equilibrium, no products yet.
    void start(YearTotals& totals);
    // A later year: sets the soil and HWP pools of `totals` (regions and
    // province, recounting the chosen pools) and their flows [region][Flow].
    void step(YearTotals& totals, const std::vector<double>& harvestedM3ByRegion,
              std::vector<std::vector<double>>& flows);

private:
    void setPools(YearTotals& totals) const;
    // Soil carbon of region r now, and its change over the last year.
    double soilNow(std::size_t r) const;
    double soilChange(std::size_t r) const;

    CarbonSpec spec_;
    std::vector<std::vector<double>> equilibrium_;  // [region][year − start year]
    std::vector<std::array<double, kProductClassCount>> products_;  // [region][class], t C
};

}  // namespace forestsink
