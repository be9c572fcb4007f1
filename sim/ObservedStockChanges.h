#pragma once
// An inventory's observed changes of forest stock, for `forestsink calibrate
// --observed` (issue 14 item 5): a CSV file with one change per row,
//   forest_type,region,stock_change_m3
//   all,all,1.55e8               the province
//   Yunnan pine,all,4.1e7        a forest type (a species group, by name or code) in the province
//   all,Dali,1.2e7               a region (by name or id), every type: checked, not fitted
// The region column may be left out (every row is then the province's).
#include "sim/Calibration.h"

#include <filesystem>
#include <vector>

namespace forestsink {

// Throws Error "file:line: …" naming the bad value and what is allowed.
std::vector<StockChangeObservation> readObservedStockChanges(const std::filesystem::path& file,
                                                             const SpeciesTable& species,
                                                             const std::vector<Region>& regions);

// The same checks but the regions' (known only once the state is loaded):
// bad forest types and numbers are refused before any work.
void checkObservedStockChanges(const std::filesystem::path& file, const SpeciesTable& species);

}  // namespace forestsink
