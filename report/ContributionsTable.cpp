#include "report/ContributionsTable.h"

#include "common/TextFile.h"
#include "report/CsvText.h"

#include <fmt/format.h>

namespace forestsink {

const char* const kContributionsHeader =
    "year,programme,kind,additional_stock_m3,additional_co2e_t,cumulative_cost_yuan,cost_per_m3,cost_per_t_co2e,"
    "value_yuan";

void writeContributionsCsv(const std::filesystem::path& path, const std::vector<Contribution>& contributions,
                           int startYear, double carbonPrice) {
    std::string text = std::string(kContributionsHeader) + "\n";
    for (const auto& c : contributions)
        for (std::size_t y = 0; y < c.additionalStockM3.size(); ++y) {
            const double stock = c.additionalStockM3[y], co2e = c.additionalCo2eT[y], cost = c.cumulativeCostYuan[y];
            auto per = [&](double amount) { return amount > 0 && cost > 0 ? fmt::format("{:.4f}", cost / amount) : std::string(); };
            text += fmt::format("{},{},{},{:.3f},{:.3f},{:.2f},{},{},{:.2f}\n", startYear + static_cast<int>(y),
                                csvText(c.name), c.kind, stock, co2e, cost, per(stock), per(co2e), co2e * carbonPrice);
        }
    writeTextFile(path, text);
}

}  // namespace forestsink
