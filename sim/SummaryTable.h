#pragma once
// summary.csv: one row per year and region, then region "all" for the province.
#include "sim/Accounting.h"
#include "sim/CellState.h"

#include <filesystem>
#include <vector>

namespace forestsink {

// The columns, in order (documented in README.md, "Outputs").
extern const char* const kSummaryHeader;

void writeSummaryCsv(const std::filesystem::path& path, const std::vector<YearTotals>& years,
                     const std::vector<Region>& regions);

}  // namespace forestsink
