#pragma once
// report.html of a batch: which variants reach which targets, a table of the
// variants (folder, swept values, stock, CO2e and cost in the last year), the
// stock, CO2e and cost charts (the comparison PNGs beside it) and every
// target of every variant.
#include "report/BatchComparison.h"

#include <filesystem>

namespace forestsink {

void writeBatchReport(const std::filesystem::path& html, const Batch& batch, const std::vector<VariantSummary>& summaries);

}  // namespace forestsink
