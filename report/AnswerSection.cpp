#include "report/AnswerSection.h"

#include "common/DisplayUnits.h"
#include "report/ReportText.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace forestsink {
namespace {

// What the baseline alone does for a target: the first year it reaches the
// value the plan must reach (none when it never does).
struct BaselineOutcome {
    bool reachedByTargetYear = false;
    std::optional<int> firstYear;
};

std::optional<BaselineOutcome> baselineOutcome(const Scenario& s, const RunResult& r, const TargetOutcome& o) {
    if (r.baselineYears.empty()) return std::nullopt;
    BaselineOutcome b;
    const int region = targetRegionIndex(*o.target, r.baselineRegions);
    for (const YearRecord& y : r.baselineYears)
        if (y.totals.year <= s.endYear && targetValueIn(y.totals, *o.target, region) >= o.required) {
            b.firstYear = y.totals.year;
            break;
        }
    b.reachedByTargetYear = b.firstYear && *b.firstYear <= o.target->year;
    return b;
}

std::size_t yearIndex(const Scenario& s, int year) { return static_cast<std::size_t>(year - s.startYear); }

// The programmes' cost up to the target year: the plan's, measured against
// the baseline when there is one (the same sum), from the ledger otherwise.
double costUpTo(const Scenario& s, const RunResult& r, int year) {
    if (!r.contributions.empty()) return r.contributions.front().cumulativeCostYuan.at(yearIndex(s, year));
    return totalCostYuan(r.years, yearIndex(s, year), s);
}

std::string gapText(const TargetOutcome& o) {
    const TargetMetric m = o.target->metric;
    if (o.reached) return "exceeded by " + number(-o.gap, metricDecimals(m));
    return "short by " + number(o.gap, metricDecimals(m));
}

std::string baselineText(const std::optional<BaselineOutcome>& b) {
    if (!b) return "not run";
    if (b->reachedByTargetYear) return fmt::format("yes ({})", *b->firstYear);
    return b->firstYear ? fmt::format("no (only in {})", *b->firstYear) : std::string("no");
}

std::string targetNames(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    return out;
}

// One short paragraph: what is reached and what is not, what the baseline
// alone does, and what the programmes cost per t CO2e.
std::string answerParagraph(const Scenario& s, const RunResult& r) {
    std::vector<std::string> reached, missed, baselineToo;
    for (const TargetOutcome& o : r.targets) {
        const std::string name = fmt::format("<b>{}</b> ({} by {})", html(o.target->name),
                                             metricInWords(o.required, o.target->metric), o.target->year);
        if (o.reached)
            reached.push_back(name + (o.firstYearReached ? fmt::format(", first in {}", *o.firstYearReached) : ""));
        else
            missed.push_back(fmt::format("{}, {} {}", name, "short by", metricInWords(o.gap, o.target->metric)));
        const auto b = baselineOutcome(s, r, o);
        if (b && b->reachedByTargetYear) baselineToo.push_back("<b>" + html(o.target->name) + "</b>");
    }
    std::string text;
    if (r.targets.empty()) text = "This scenario sets no targets. ";
    else
        text = fmt::format("This scenario reaches {} of its {} targets by their year. ", reached.size(), r.targets.size());
    if (!reached.empty()) text += "Reached: " + targetNames(reached) + ". ";
    if (!missed.empty()) text += "Not reached: " + targetNames(missed) + ". ";
    if (r.baselineYears.empty())
        text += "The baseline was not run, so this page cannot say whether the programmes are needed (run with a "
                "baseline and <code>--contributions plan</code> or <code>all</code>). ";
    else if (!baselineToo.empty())
        text += "The baseline alone, without the programmes, reaches " + targetNames(baselineToo) +
                " too: the programmes are not needed for " + (baselineToo.size() == 1 ? "it" : "them") + ". ";
    else if (!r.targets.empty())
        text += "The baseline alone reaches none of the targets by their year. ";
    const std::size_t last = r.years.size() - 1;
    const double cost = r.contributions.empty() ? totalCostYuan(r.years, last, s) : r.contributions.front().cumulativeCostYuan.back();
    int first = s.endYear, lastYear = s.startYear;  // the years of the programmes that cost money
    for (const ProgrammeSpec& p : s.programmes)
        if (p.costYuanPerHa > 0) first = std::min(first, p.firstYear), lastYear = std::max(lastYear, p.lastYear);
    text += fmt::format("The programmes cost {}", roughly(cost, moneyUnitFor(cost)));
    if (first <= lastYear) text += fmt::format(" over {}–{}", first, std::min(lastYear, s.endYear));
    if (!r.contributions.empty()) {
        const double co2e = r.contributions.front().additionalCo2eT.back();
        text += fmt::format(" and add {} CO2e against the baseline", roughly(co2e, massUnitFor(std::abs(co2e))));
        if (co2e > 0 && cost > 0) text += fmt::format(" ({} yuan per t CO2e)", number(cost / co2e, 1));
    }
    return "<p class=\"answer\" id=\"answer\">" + text + ".</p>\n";
}

std::string probabilityLine(const Scenario& s, const RunResult& r) {
    if (!r.probability.empty())
        return fmt::format("<p class=\"note\">Probability: the share of {} Monte Carlo draws that reach the target "
                           "by its year (see <a href=\"#draws\">Draws</a>).</p>\n",
                           r.draws.size());
    return s.uncertainty.varies() ? std::string("<p class=\"note\">Probability: not estimated; run with <code>--draws N</code> (e.g. "
                                   "<code>--draws 100</code>) to draw the scenario's <code>[uncertainty]</code>.</p>\n")
                     : std::string("<p class=\"note\">Probability: not estimated; add an <code>[uncertainty]</code> "
                                   "table to the scenario and run with <code>--draws N</code>.</p>\n");
}

}  // namespace

std::string answerSection(const Scenario& s, const RunResult& r) {
    std::string body = answerParagraph(s, r);
    const bool withProbability = !r.probability.empty(), withBaseline = !r.contributions.empty();
    body += "<h2>Targets</h2>\n<table class=\"targets\">\n<tr><th>target</th><th>year</th><th>unit</th>"
            "<th>required (unit)</th><th>simulated (unit)</th><th>reached</th><th>first reached (year)</th>"
            "<th>gap (unit)</th>" +
            std::string(withProbability ? "<th>probability (%)</th>" : "") +
            "<th>programme cost to the target year (million yuan)</th><th>cost per t CO2e (yuan/t CO2e)</th>"
            "<th>baseline alone reaches it (year)</th></tr>\n";
    for (std::size_t i = 0; i < r.targets.size(); ++i) {
        const TargetOutcome& o = r.targets[i];
        const TargetMetric m = o.target->metric;
        const double cost = costUpTo(s, r, o.target->year);
        std::string perTonne = "–";
        if (withBaseline) {
            const double co2e = r.contributions.front().additionalCo2eT.at(yearIndex(s, o.target->year));
            if (co2e > 0 && cost > 0) perTonne = number(cost / co2e, 1);
        }
        body += fmt::format(
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}"
            "<td>{}</td><td>{}</td><td>{}</td></tr>\n",
            o.reached ? "yes" : "no", html(o.target->name), o.target->year, metricUnit(m),
            number(o.required, metricDecimals(m)), number(o.simulated, metricDecimals(m)), o.reached ? "yes" : "no",
            o.firstYearReached ? std::to_string(*o.firstYearReached) : "never", gapText(o),
            withProbability ? fmt::format("<td>{:.0f}</td>", 100 * r.probability[i]) : "", number(cost / 1e6, 1),
            perTonne, baselineText(baselineOutcome(s, r, o)));
    }
    body += "</table>\n" + probabilityLine(s, r);
    if (!withBaseline)
        body += "<p class=\"note\">Cost per t CO2e and what the baseline alone reaches: not measured; run with a "
                "baseline (<code>baseline = \"…\"</code> in the scenario or <code>--baseline FILE</code>) and "
                "<code>--contributions plan</code> or <code>all</code>.</p>\n";
    return body;
}

}  // namespace forestsink
