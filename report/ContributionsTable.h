#pragma once
// contributions.csv: per year and programme, the additional forest stock and
// CO2e, the cumulative cost, the cost per m³ and per t CO2e, and the value of
// the additional CO2e at the scenario's carbon price.
#include "sim/Contributions.h"

#include <filesystem>
#include <vector>

namespace forestsink {

extern const char* const kContributionsHeader;

void writeContributionsCsv(const std::filesystem::path& path, const std::vector<Contribution>& contributions,
                           int startYear, double carbonPrice);

}  // namespace forestsink
