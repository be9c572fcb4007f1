#include "report/GrowthCalibrationFile.h"

#include "common/TextFile.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace forestsink {
namespace {

// A TOML basic string: quotes and backslashes escaped (names come from the user's scenario).
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

std::string role(const StockChangeObservation& o) {
    if (!o.fitted()) return "checked, not fitted";
    return o.group == kEveryGroup ? "fits the common multiplier" : "fits its by_species multiplier";
}

std::string observationsText(const CalibrationAsked& asked, const GrowthCalibration& fit) {
    const CalibrationTarget& target = asked.target;
    const CalibrationTrial& last = fit.trials.back();
    std::string text = fmt::format("# observed forest stock changes {} -> {} (m3){}; the fit's simulated change and "
                                   "residual:\n",
                                   target.fromYear, target.toYear,
                                   asked.observedFile.empty() ? "" : " from " + asked.observedFile.string());
    for (std::size_t o = 0; o < target.observations.size(); ++o) {
        const StockChangeObservation& obs = target.observations[o];
        text += fmt::format("#   {}: observed {:.6g}, simulated {:.6f}, residual {:+.6f} ({})\n", obs.label,
                            obs.changeM3, last.stockToM3[o] - last.stockFromM3[o], last.residualM3[o], role(obs));
    }
    std::vector<std::string> fitted, all;
    for (int k : fit.fitted) fitted.push_back(target.observations[k].label);
    for (const auto& obs : target.observations) all.push_back(obs.label);
    text += fmt::format("# trials: multipliers ({}); residuals ({}) (m3)\n", joined(fitted), joined(all));
    for (const auto& t : fit.trials) {
        text += "#  ";
        for (double m : t.multipliers) text += fmt::format(" {:.6f}", m);
        text += " ;";
        for (double r : t.residualM3) text += fmt::format(" {:+.6f}", r);
        text += "\n";
    }
    return text;
}

std::string bySpeciesText(const GrowthCalibration& fit) {
    if (fit.growth.bySpecies.empty()) return "";
    std::vector<std::string> fitted, kept;
    std::string text = "by_species = { ";
    for (std::size_t i = 0; i < fit.growth.bySpecies.size(); ++i) {
        const auto& g = fit.growth.bySpecies[i];
        (g.where == kFittedByCalibration ? fitted : kept).push_back(g.species);
        text += fmt::format("{}{} = {:.6f}", i ? ", " : "", quoted(g.species), g.multiplier);
    }
    text += " }\n";
    std::string comment = "# by_species:";
    if (!fitted.empty()) comment += " fitted " + joined(fitted) + (kept.empty() ? "" : ";");
    if (!kept.empty()) comment += " kept from the scenario " + joined(kept);
    return comment + "\n" + text;
}

std::string sourceText(const Scenario& scenario, const CalibrationAsked& asked, const GrowthCalibration& fit) {
    const CalibrationTarget& target = asked.target;
    const CalibrationTrial& last = fit.trials.back();
    const std::string without = asked.leftOut.empty() ? "" : " without " + joined(asked.leftOut);
    const std::string name = scenario.file.filename().string();
    const auto& obs = target.observations;
    if (obs.size() == 1 && obs[0].group == kEveryGroup && obs[0].regionIndex == kEveryRegion)
        return fmt::format("fitted by forestsink calibrate: {}{} changes forest stock by {:.6g} m3 from {} to {} "
                           "(residual {:+.3g} m3)",
                           name, without, target.observations[0].changeM3, target.fromYear, target.toYear,
                           last.residualM3[0]);
    double largest = 0;
    for (int k : fit.fitted) largest = std::max(largest, std::abs(last.residualM3[k]));
    return fmt::format("fitted by forestsink calibrate: {}{} reproduces the {} observed change{} of forest stock from "
                       "{} to {} in {} ({} fitted; largest fitted residual {:.3g} m3)",
                       name, without, obs.size(), obs.size() == 1 ? "" : "s", target.fromYear, target.toYear,
                       asked.observedFile.filename().string(), fit.fitted.size(), largest);
}

}  // namespace

std::string growthCalibrationText(const Scenario& scenario, const CalibrationAsked& asked, const GrowthCalibration& fit) {
    const std::string without = asked.leftOut.empty() ? "" : " without " + joined(asked.leftOut);
    std::string text = fmt::format("# forestsink calibrate: {}{}\n", scenario.file.string(), without);
    text += observationsText(asked, fit);
    text += fmt::format("[growth]\nmultiplier = {:.6f}\n", fit.growth.multiplier);
    text += bySpeciesText(fit);
    return text + "source = " + quoted(sourceText(scenario, asked, fit)) + "\n";
}

void writeGrowthCalibration(const std::filesystem::path& file, const Scenario& scenario, const CalibrationAsked& asked,
                            const GrowthCalibration& fit) {
    writeTextFile(file, growthCalibrationText(scenario, asked, fit));
}

}  // namespace forestsink
