#include "sim/SlowPools.h"

#include "sim/Flows.h"

#include <algorithm>
#include <cmath>

namespace forestsink {

SlowPools::SlowPools(const CarbonSpec& spec, std::size_t regions)
    : spec_(spec), equilibrium_(regions), products_(regions, std::array<double, kProductClassCount>{}) {}

void SlowPools::start(YearTotals& totals) {
    for (std::size_t r = 0; r < equilibrium_.size(); ++r) {
        equilibrium_[r].assign(1, totals.byRegion[r][kSoilEquilibriumCarbonT]);
        products_[r].fill(0.0);
    }
    setPools(totals);
}

double SlowPools::soilNow(std::size_t r) const {
    const std::vector<double>& eq = equilibrium_[r];
    const double years = spec_.soilTransitionYears;
    const std::size_t n = eq.size() - 1;
    double soil = eq[0];
    // The change of year j is realised (n − j + 1)/D by year n, at most whole.
    for (std::size_t j = 1; j <= n; ++j) soil += (eq[j] - eq[j - 1]) * std::min(1.0, static_cast<double>(n - j + 1) / years);
    return soil;
}

double SlowPools::soilChange(std::size_t r) const {
    const std::vector<double>& eq = equilibrium_[r];
    const std::size_t n = eq.size() - 1;
    const std::size_t years = static_cast<std::size_t>(spec_.soilTransitionYears);
    // 1/D of every change of the last D years.
    double change = 0;
    for (std::size_t j = n >= years ? n - years + 1 : 1; j <= n; ++j) change += (eq[j] - eq[j - 1]) / static_cast<double>(years);
    return change;
}

void SlowPools::step(YearTotals& totals, const std::vector<double>& harvestedM3ByRegion,
                     std::vector<std::vector<double>>& flows) {
    const bool hwp = spec_.counts(CarbonPool::Hwp);
    for (std::size_t r = 0; r < equilibrium_.size(); ++r) {
        equilibrium_[r].push_back(totals.byRegion[r][kSoilEquilibriumCarbonT]);
        flows[r][kSoilChangeC] = soilChange(r);
        double inflowTotal = 0, decayTotal = 0;
        for (int c = 0; c < kProductClassCount; ++c) {
            const double k = std::log(2.0) / spec_.halfLifeYears[c];
            const double kept = std::exp(-k);
            const double inflow = hwp ? harvestedM3ByRegion[r] * spec_.hwpCarbonTPerM3 * spec_.productShare[c] : 0.0;
            double& stock = products_[r][c];
            // What decays: a share 1 − e^−k of the stock, and of the year's inflow what eq. 12.1 does not keep.
            decayTotal += stock * (1.0 - kept) + inflow * (1.0 - (1.0 - kept) / k);
            inflowTotal += inflow;
            stock = kept * stock + (1.0 - kept) / k * inflow;  // eq. 12.1
        }
        flows[r][kHwpInflowC] = inflowTotal;
        flows[r][kHwpDecayC] = decayTotal;
    }
    setPools(totals);
}

void SlowPools::setPools(YearTotals& totals) const {
    totals.province[kSoilCarbonT] = totals.province[kHwpCarbonT] = 0;
    for (std::size_t r = 0; r < equilibrium_.size(); ++r) {
        Totals& t = totals.byRegion[r];
        t[kSoilCarbonT] = soilNow(r);
        t[kHwpCarbonT] = 0;
        for (double c : products_[r]) t[kHwpCarbonT] += c;
        countChosenPools(t, totals.pools);
        totals.province[kSoilCarbonT] += t[kSoilCarbonT];
        totals.province[kHwpCarbonT] += t[kHwpCarbonT];
    }
    countChosenPools(totals.province, totals.pools);
}

}  // namespace forestsink
