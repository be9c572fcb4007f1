#include "report/BatchReport.h"

#include "common/TextFile.h"
#include "common/Version.h"
#include "raster/QgisStyle.h"

#include <fmt/format.h>

#include <map>

namespace forestsink {
namespace {

std::string html(const std::string& s) { return xmlEscape(s); }

// 1234567.8 → "1,234,568" (decimals 0).
std::string grouped(double v, int decimals) {
    std::string s = fmt::format("{:.{}f}", v, decimals);
    const auto dot = s.find('.');
    const int end = static_cast<int>(dot == std::string::npos ? s.size() : dot);
    for (int i = end - 3; i > (s[0] == '-' ? 1 : 0); i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

std::string gapText(const VariantTarget& t) {
    if (t.gap <= 0) return "exceeded by " + grouped(-t.gap, 2);
    return "short by " + grouped(t.gap, 2);
}

// One sentence per target (name and year): how many variants reach it, and which.
std::string answer(const std::vector<VariantSummary>& summaries) {
    std::map<std::pair<int, std::string>, std::vector<std::string>> reachedBy;
    std::map<std::pair<int, std::string>, int> asked;
    for (const auto& s : summaries)
        for (const auto& t : s.targets) {
            ++asked[{t.year, t.name}];
            if (t.reached) reachedBy[{t.year, t.name}].push_back(s.name);
        }
    if (asked.empty()) return "<p>The scenarios of this batch set no targets.</p>\n";
    std::string text = "<ul class=\"answer\">\n";
    for (const auto& [key, count] : asked) {
        const auto& who = reachedBy[key];
        std::string names;
        for (std::size_t i = 0; i < who.size() && i < 6; ++i) names += (i ? ", " : "") + html(who[i]);
        if (who.size() > 6) names += fmt::format(" and {} more", who.size() - 6);
        text += fmt::format("<li><b>{}</b> ({}): reached by {} of {} variants{}</li>\n", html(key.second), key.first,
                            who.size(), count, who.empty() ? "" : ": " + names);
    }
    return text + "</ul>\n";
}

std::string variantsTable(const std::vector<VariantSummary>& summaries) {
    std::string t = "<table>\n<tr><th>folder</th><th>swept values</th><th>year</th><th>forest stock (billion m³)</th>"
                    "<th>CO2e (million t)</th><th>cumulative cost (million yuan)</th><th>targets reached</th></tr>\n";
    for (const auto& s : summaries) {
        if (s.years.empty()) continue;
        int reached = 0;
        for (const auto& x : s.targets) reached += x.reached ? 1 : 0;
        t += fmt::format("<tr><td><a href=\"{0}/report.html\">{0}</a></td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td>"
                         "<td>{5}</td><td>{6} of {7}</td></tr>\n",
                         html(s.name), html(s.parameters.empty() ? "(as in the file)" : s.parameters), s.years.back(),
                         grouped(s.stockM3.back() / 1e9, 4), grouped(s.co2eT.back() / 1e6, 2),
                         grouped(s.cumulativeCostYuan.back() / 1e6, 2), reached, s.targets.size());
    }
    return t + "</table>\n";
}

std::string targetsTable(const std::vector<VariantSummary>& summaries) {
    std::string t = "<table>\n<tr><th>folder</th><th>target</th><th>metric</th><th>year</th><th>required</th>"
                    "<th>simulated</th><th>reached</th><th>first year reached</th><th>gap</th><th>probability</th></tr>\n";
    for (const auto& s : summaries)
        for (const auto& x : s.targets)
            t += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                             "<td>{}</td><td>{}</td></tr>\n",
                             html(s.name), html(x.name), html(x.metric), x.year, grouped(x.required, 2),
                             grouped(x.simulated, 2), x.reached ? "yes" : "no",
                             x.firstYearReached ? std::to_string(*x.firstYearReached) : "—", gapText(x),
                             x.probability ? fmt::format("{:.0f} %", *x.probability * 100) : "— (run with --draws)");
    return t + "</table>\n";
}

std::string figure(const std::string& png, const std::string& caption) {
    return fmt::format("<figure><img alt=\"{0}\" src=\"{1}\"><figcaption>{0}</figcaption></figure>\n", html(caption),
                       png);
}

}  // namespace

void writeBatchReport(const std::filesystem::path& path, const Batch& batch, const std::vector<VariantSummary>& summaries) {
    std::string page = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title>\n"
        "<style>body{{font-family:sans-serif;max-width:1200px;margin:auto}}table{{border-collapse:collapse}}"
        "td,th{{border:1px solid #ccc;padding:2px 6px;text-align:right}}td:first-child,td:nth-child(2){{text-align:left}}"
        "img{{max-width:100%}}</style></head><body>\n<h1>{0}</h1>\n<p>{1} variants from {2}; each has its own folder "
        "and report (scenarios.csv maps the folders to the values swept).</p>\n",
        html(batch.name), summaries.size(), html(batch.file.filename().string()));
    page += "<h2>Targets</h2>\n" + answer(summaries);
    page += "<h2>Variants</h2>\n" + variantsTable(summaries);
    page += "<h2>Charts</h2>\n" + figure("comparison.png", "Forest stock of every variant, with the stock targets") +
            figure("comparison_co2e.png", "Carbon stock as CO2e of every variant") +
            figure("comparison_cost.png", "Cumulative programme cost of every variant");
    page += "<h2>Every target of every variant</h2>\n" + targetsTable(summaries);
    page += fmt::format("<footer><p>forestsink {}; tables: comparison.csv, comparison_targets.csv, scenarios.csv</p>"
                        "</footer>\n</body></html>\n",
                        kVersion);
    writeTextFile(path, page);
}

}  // namespace forestsink
